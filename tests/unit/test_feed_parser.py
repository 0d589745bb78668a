"""Feeds as real sites serve them: formats, encodings, dates, markup, and hostile documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.ingest.feed_parser import FeedParseError, guess_single_byte_encoding, parse_feed
from tests.e2e.feed_server import Item, atom, rdf, rss

FETCHED = datetime(2024, 12, 3, 12, 0, tzinfo=UTC)
ITEMS = [
    Item(
        "Токаев подписал закон о бюджете",
        "https://example.kz/news/1",
        "Президент подписал закон о республиканском бюджете на 2025 год.",
        guid="n-1",
        published=datetime(2024, 12, 3, 9, 30, tzinfo=UTC),
    ),
    Item("В Алматы выпал первый снег", "https://example.kz/news/2", "Снегопад начался утром."),
]


@pytest.mark.parametrize("document", [rss(ITEMS), atom(ITEMS), rdf(ITEMS)], ids=["rss2", "atom", "rdf"])
def test_every_format_gives_the_same_entries(document: bytes) -> None:
    feed = parse_feed(document, fallback_time=FETCHED)
    assert [e.title for e in feed.entries] == [i.title for i in ITEMS]
    assert [e.url for e in feed.entries] == [i.link for i in ITEMS]
    assert feed.entries[0].published == datetime(2024, 12, 3, 9, 30, tzinfo=UTC)
    assert "республиканском бюджете" in feed.entries[0].text
    assert feed.entries[0].lead_only  # a short description is only a lead


def test_rss_091_is_read() -> None:
    doc = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<title>Old</title><link>http://example.test/</link><description>d</description><language>en</language>"
        b"<item><title>Old style</title><link>http://example.test/1</link><description>Body</description></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(doc)
    assert feed.title == "Old"
    assert [e.title for e in feed.entries] == ["Old style"]


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r", "utf-8"])
def test_declared_encodings(encoding: str) -> None:
    feed = parse_feed(rss(ITEMS, encoding=encoding, title="Новости Казахстана"))
    assert feed.title == "Новости Казахстана"
    assert feed.entries[0].title == "Токаев подписал закон о бюджете"


@pytest.mark.parametrize("encoding", ["windows-1251", "koi8-r"])
def test_undeclared_single_byte_cyrillic_is_recognized(encoding: str) -> None:
    document = rss(ITEMS, encoding=encoding, declare=False)
    assert guess_single_byte_encoding(document) == encoding
    feed = parse_feed(document, content_type="text/xml")
    assert feed.entries[1].title == "В Алматы выпал первый снег"


def test_http_charset_wins_over_nothing_and_text_xml_is_not_ascii() -> None:
    document = rss(ITEMS, encoding="windows-1251", declare=False)
    feed = parse_feed(document, content_type="application/rss+xml; charset=windows-1251")
    assert feed.entries[0].title.startswith("Токаев")
    declared = rss(ITEMS, encoding="windows-1251")
    assert parse_feed(declared, content_type="text/xml").entries[0].title.startswith("Токаев")


def test_utf8_with_bom() -> None:
    feed = parse_feed(b"\xef\xbb\xbf" + rss(ITEMS))
    assert feed.entries[0].title.startswith("Токаев")


def test_dates_in_any_zone_become_utc_and_missing_or_invalid_ones_the_fetch_time() -> None:
    items = [
        Item("Almaty", "http://e.test/1", "t", raw_date="Tue, 03 Dec 2024 15:00:00 +0500"),
        Item("Moscow", "http://e.test/2", "t", raw_date="Tue, 03 Dec 2024 13:00:00 MSK"),
        Item("Broken", "http://e.test/3", "t", raw_date="вчера вечером"),
        Item("None", "http://e.test/4", "t"),
        Item("Future", "http://e.test/5", "t", raw_date="Fri, 01 Jan 2100 00:00:00 GMT"),
    ]
    feed = parse_feed(rss(items), fallback_time=FETCHED)
    dates = {e.title: e.published for e in feed.entries}
    assert dates["Almaty"] == datetime(2024, 12, 3, 10, 0, tzinfo=UTC)
    assert dates["Moscow"] == datetime(2024, 12, 3, 10, 0, tzinfo=UTC)
    assert dates["Broken"] == FETCHED
    assert dates["None"] == FETCHED
    assert dates["Future"] == FETCHED
    assert all(d is not None and d.utcoffset() == timedelta(0) for d in dates.values())


def test_titles_with_script_and_ampersand() -> None:
    items = [
        Item("Цены & тарифы <script>alert(1)</script>", "http://e.test/1", "<p>Текст</p><script>x()</script>")
    ]
    entry = parse_feed(rss(items)).entries[0]
    assert entry.title == "Цены & тарифы"
    assert "script" not in entry.text and "x()" not in entry.text
    assert entry.text == "Текст"


def test_entity_expansion_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']><rss version="2.0"><channel><title>&lol9;</title></channel></rss>'
    )
    with pytest.raises(FeedParseError, match="entit"):
        parse_feed(laughs)


@pytest.mark.parametrize(
    "document",
    [
        b"",
        b"   \n",
        b"<!DOCTYPE html><html><head><title>Shop</title></head><body><h1>Welcome</h1></body></html>",
        b'{"feed": "json"}',
        b"\x00\x01\x02binary",
    ],
    ids=["empty", "blank", "html", "json", "binary"],
)
def test_not_a_feed(document: bytes) -> None:
    with pytest.raises(FeedParseError):
        parse_feed(document)


def test_malformed_xml_keeps_what_parsed_and_says_so() -> None:
    broken = rss(ITEMS).replace(b"</channel></rss>", b"<item><title>unclosed & bad</tit")
    feed = parse_feed(broken)
    assert feed.problem
    assert feed.entries and feed.entries[0].title.startswith("Токаев")
