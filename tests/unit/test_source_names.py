"""How sources are named and keyed: a title or a host (never a URL's credentials), feed URLs without
tracking parameters, stored failures read back as reasons, and the feed links a page names."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest.discovery import feed_links
from bot.ingest.failures import FailureReason, parse_failure
from bot.ingest.urls import canonical_feed_url, public_url, source_label
from storage import Storage
from storage.schema import known_migrations


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("Tengrinews", "https://tengrinews.kz/rss", "Tengrinews"),
        ("", "https://user:pass@www.feeds.example.com/rss?apikey=1", "feeds.example.com"),
        ("https://user:pass@feeds.example.com/rss?apikey=1", None, "feeds.example.com"),
        ("  ", "http://[2001:db8::1]:8080/rss", "2001:db8::1"),
        ("user:secret@host.kz/feed", "http://host.kz/feed", "host.kz"),
    ],
)
def test_a_source_is_shown_by_its_title_or_its_host(title: str, url: str | None, expected: str) -> None:
    assert source_label(title, url) == expected


def test_public_url_keeps_no_secrets() -> None:
    shown = public_url("https://ops:pa55@news.kz:8443/rss?apikey=K&token=T&api_key=A&category=kz#x")
    assert shown == "https://news.kz:8443/rss?category=kz"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://News.kz/rss?utm_source=tg&utm_medium=x", "https://news.kz/rss"),
        ("https://news.kz:443/rss?fbclid=1&yclid=2#top", "https://news.kz/rss"),
        ("https://news.kz/index.php?rss=1&from=main", "https://news.kz/index.php?rss=1&from=main"),
        ("tg://channel/-100", None),
    ],
)
def test_feed_urls_lose_tracking_parameters_only(url: str, expected: str | None) -> None:
    assert canonical_feed_url(url) == expected


async def test_storage_keys_feeds_by_canonical_url_and_names_them_safely(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite")
    try:
        first = await storage.sources.ensure("feed", "https://u:p@news.kz/rss?utm_source=x&key=K", "")
        again = await storage.sources.ensure("feed", "https://u:p@news.kz/rss?key=K&utm_campaign=y", "x")
        assert again.id == first.id and first.title == "news.kz" and first.has_placeholder_title
        await storage.sources.set_title(first.id, "https://u:p@news.kz/?token=T")
        renamed = await storage.sources.get(first.id)
        assert renamed is not None and renamed.title == "news.kz"
        await storage.sources.set_title(first.id, "Новости")
        named = await storage.sources.get(first.id)
        assert named is not None and named.title == "Новости" and not named.has_placeholder_title
    finally:
        await storage.close()


async def test_the_migration_renames_sources_named_by_their_url(tmp_path: Path) -> None:
    storage = await Storage.open(tmp_path / "db.sqlite")
    titles = {
        "https://user:pass@www.feeds.example.com:8443/rss?apikey=SECRET": "feeds.example.com",
        "HTTP://a@b@Host.KZ/path#frag": "host.kz",
        "https://news.kz?token=T": "news.kz",
        "http://[2001:DB8::1]:8080/rss": "[2001:db8::1]",
        "Tengrinews": "Tengrinews",
    }
    try:
        for n, title in enumerate(titles):
            await storage.db.write(
                "INSERT INTO sources (kind, url, title, created_at) VALUES ('feed', ?, ?, '2024-01-01')",
                (f"https://s{n}.test/rss", title),
            )
        (migration,) = [m for m in known_migrations() if m.name == "source_titles_without_urls"]
        await storage.db.write(migration.sql.strip().rstrip(";"))
        stored = [s.title for s in await storage.sources.list()]
    finally:
        await storage.close()
    assert stored == list(titles.values())


@pytest.mark.parametrize(
    ("stored", "code", "reason"),
    [
        ("http-404: HTTP 404", "http-404", FailureReason.NOT_FOUND),
        ("http-502: HTTP 502", "http-502", FailureReason.SITE_ERROR),
        (
            "dns: cannot resolve host 'x': [Errno -2] Name or service not known",
            "dns",
            FailureReason.UNREACHABLE,
        ),
        ("timeout: timed out after 20 s", "timeout", FailureReason.TIMED_OUT),
        ("private: x resolves to a non-public address (10.0.0.1)", "private", FailureReason.PRIVATE_ADDRESS),
        ("size: response larger than 10 MB", "size", FailureReason.TOO_BIG),
        ("parse: <unknown>:2:51: mismatched tag", "parse", FailureReason.NOT_A_FEED),
        ("HTTP 500", "error", FailureReason.FAILED),  # stored before codes existed
    ],
)
def test_stored_failures_read_back_as_reasons(stored: str, code: str, reason: FailureReason) -> None:
    failure = parse_failure(stored)
    assert (failure.code, failure.reason) == (code, reason)


def test_feed_links_of_a_page() -> None:
    html = """<html><head>
        <link rel="alternate" type="application/rss+xml" title="Все" href="/rss/all.xml">
        <LINK REL="Alternate feed" TYPE="application/atom+xml" HREF="https://cdn.news.kz/atom">
        <link rel="alternate" type="text/html" hreflang="kk" href="/kz/">
        <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
        <link rel="alternate" type="application/rss+xml" href="/rss/all.xml">
        </head><body><p>unclosed <div></body>"""
    assert feed_links(html, "https://news.kz/ru/") == [
        "https://news.kz/rss/all.xml",
        "https://cdn.news.kz/atom",
    ]
