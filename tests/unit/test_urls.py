"""Canonical URLs: one page, one URL, whatever tracking it was shared with."""

from __future__ import annotations

import pytest

from bot.ingest.urls import canonical_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "https://Example.COM:443/news/1?utm_source=tg&utm_medium=social&id=5#comments",
            "https://example.com/news/1?id=5",
        ),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/a?fbclid=x&gclid=y&yclid=z", "http://example.com:8080/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),
        ("  https://example.com./a  ", "https://example.com/a"),
    ],
)
def test_tracking_and_noise_are_removed(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


@pytest.mark.parametrize(
    "raw", [None, "", "ftp://example.com/a", "javascript:alert(1)", "tg://channel/1", "http://[::1"]
)
def test_non_web_urls_have_no_canonical_form(raw: str | None) -> None:
    assert canonical_url(raw) is None


def test_same_article_shared_differently_is_one_url() -> None:
    a = canonical_url("https://kazinform.kz/ru/news/123?utm_campaign=rss")
    b = canonical_url("https://KAZINFORM.kz/ru/news/123#top")
    assert a == b
