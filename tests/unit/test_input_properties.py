"""Properties of what readers and feeds type into the bot: any text gets an answer, never an exception.

Zones, times of day, links and search queries come straight from chat messages and feeds; each parser
must either accept the input in its documented form or reject it the documented way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from zoneinfo import available_timezones

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.config import parse_hhmm
from bot.digest.schedule import local_moment
from bot.ingest.urls import canonical_url
from bot.localtime import normalize_zone, zone
from handlers.arguments import parse_row_id
from storage import Storage
from storage.articles import NewArticle
from tests.conftest import storage_on_own_loop

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
_ZONES = sorted(available_timezones())
# Zone-like text: real names, their areas with odd endings (folders and files of the tz database
# included), offsets in every spelling, and raw text.
zone_text = st.one_of(
    st.sampled_from(_ZONES),
    st.builds(
        lambda area, tail: f"{area}/{tail}",
        st.sampled_from(sorted({z.split("/")[0] for z in _ZONES})),
        st.one_of(
            st.sampled_from(["", "/", "..", "__pycache__", "__init__.py", "Almaty/", "zone.tab", "\x00"]),
            st.text(max_size=12),
        ),
    ),
    st.from_regex(r"(UTC|GMT|utc)?\s?[+-]\d{1,3}(:?\d{1,3})?", fullmatch=True),
    st.text(max_size=40),
)


@settings(deadline=None, max_examples=300)
@given(zone_text)
@example("Asia/__pycache__")
def test_any_zone_text_is_accepted_as_a_working_zone_or_rejected(value: str) -> None:
    normalized = normalize_zone(value)
    if normalized is None:
        return
    assert normalize_zone(normalized) == normalized
    moment = local_moment(NOW, normalized)
    assert NOW.astimezone(zone(normalized)).strftime("%H:%M") == moment.hhmm


@settings(deadline=None, max_examples=200)
@given(st.one_of(st.from_regex(r"\s?\d{1,3}[:.]?\d{0,3}\s?", fullmatch=True), st.text(max_size=12)))
def test_any_time_text_is_a_time_of_day_or_a_value_error(value: str) -> None:
    try:
        parsed = parse_hhmm(value)
    except ValueError:
        return
    assert parse_hhmm(parsed.strftime("%H:%M")) == parsed


url_text = st.one_of(
    st.builds(
        lambda scheme, host, rest: f"{scheme}://{host}{rest}",
        st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript", ""]),
        st.sampled_from(["example.kz", "EXAMPLE.kz.", "[::1]", "user:pw@x.kz", "x.kz:443", "x.kz:99999", ""]),
        st.text(alphabet="/?&=#%:@abc_-.утм", max_size=40).map(lambda t: t.replace("утм", "utm_")),
    ),
    st.text(max_size=60),
)


@settings(deadline=None, max_examples=300)
@given(url_text)
def test_canonical_url_is_none_or_a_stable_web_link(value: str) -> None:
    canonical = canonical_url(value)
    if canonical is None:
        return
    assert canonical.startswith(("http://", "https://"))
    assert "#" not in canonical
    assert canonical_url(canonical) == canonical


@pytest.fixture(scope="module")
def searchable() -> Iterator[tuple[asyncio.AbstractEventLoop, Storage]]:
    """A real SQLite database with a few articles, and the loop it was opened on."""

    async def fill(storage: Storage) -> None:
        source = await storage.sources.ensure("feed", "https://example.kz/rss", "Example")
        for n, (title, text) in enumerate(
            [
                ("Выборы в парламент", "Итоги выборов подвели в Астане."),
                ("Погода", "Снег и ветер ожидаются в Алматы."),
                ("Election results", "Voters chose a new parliament."),
            ]
        ):
            await storage.articles.add(
                NewArticle(source.id, title, text, text, "ru", f"h{n}", NOW, f"https://example.kz/{n}")
            )

    with storage_on_own_loop(fill) as opened:
        yield opened


_QUERY_SYNTAX = st.sampled_from(
    ['"', "*", "(", ")", "NEAR", "AND", "OR", "NOT", ":", "^", "-", "+", "{", "}"]
)


@settings(deadline=None, max_examples=200)
@given(
    st.lists(st.one_of(_QUERY_SYNTAX, st.sampled_from(["выборы", "снег", "election"]), st.text(max_size=8)))
)
def test_any_search_query_returns_articles_and_never_raises(
    searchable: tuple[asyncio.AbstractEventLoop, Storage], words: list[str]
) -> None:
    loop, storage = searchable
    query = " ".join(words)
    found = loop.run_until_complete(storage.articles.search(query)).articles
    assert len(found) <= 10
    if query.split() == ["выборы"]:
        assert [a.title for a in found] == ["Выборы в парламент"]


@settings(deadline=None, max_examples=300)
@given(st.one_of(st.from_regex(r"\s?#?[0-9²٣]{0,25}\s?", fullmatch=True), st.text(max_size=25)))
@example("²")
@example("99999999999999999999999")
def test_a_row_id_argument_is_a_64_bit_positive_id_or_none(text: str) -> None:
    value = parse_row_id(text)
    assert value is None or 1 <= value < 2**63
    if value is not None:
        assert parse_row_id(f"#{value}") == value
