"""OPML: other readers' exports read the same, hostile files are refused whole, ours reads back as written."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.personal.opml import (
    MAX_OPML_BYTES,
    MAX_OPML_FEEDS,
    OpmlError,
    OpmlFeed,
    OpmlProblem,
    SkipReason,
    clean_text,
    feeds_in_order,
    parse_opml,
    write_opml,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "opml"
CREATED = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def refused(data: bytes) -> OpmlProblem:
    with pytest.raises(OpmlError) as caught:
        parse_opml(data)
    return caught.value.problem


# --- other readers' exports ---------------------------------------------------------------------


def test_feedly_folders_and_titles() -> None:
    document = parse_opml(fixture("feedly.opml"))
    assert document.title == "Aigerim subscriptions in feedly Cloud"
    assert [(f.folder, f.title, f.url) for f in document.feeds] == [
        ("Казахстан", "Kazinform", "https://www.inform.kz/rss/rus.xml"),
        ("Казахстан", "Tengrinews.kz", "https://tengrinews.kz/news.rss"),
        ("Tech", "Hacker News", "https://news.ycombinator.com/rss"),
        ("Tech", "Ars Technica", "https://feeds.arstechnica.com/arstechnica/index?utm_source=feedly"),
    ]
    assert document.feeds[0].html_url == "https://www.inform.kz/ru"


def test_inoreader_duplicates_across_folders_are_one_feed_and_text_is_the_readers_name() -> None:
    document = parse_opml(fixture("inoreader.xml"))
    assert [f.url for f in document.feeds] == [
        "https://tengrinews.kz/news.rss",
        "https://meduza.io/rss/all",
        "https://nplus1.ru/rss",
    ]
    assert document.feeds[0].title == "Мои новости: Tengri"
    assert document.duplicates == 1


def test_miniflux_without_type_attributes() -> None:
    document = parse_opml(fixture("miniflux.opml"))
    assert [(f.folder, f.title) for f in document.feeds] == [
        ("All", "Habr"),
        ("All", "LWN.net"),
        ("Қазақша", "Egemen Qazaqstan"),
    ]


def test_netnewswire_nested_folders_and_feed_scheme() -> None:
    document = parse_opml(fixture("netnewswire.opml"))
    assert [(f.folder, f.url) for f in document.feeds] == [
        (None, "https://daringfireball.net/feeds/main"),
        ("Apple", "https://feedpress.me/sixcolors"),
        ("Podcasts", "http://atp.fm/rss"),
    ]


def test_tiny_tiny_rss_settings_outlines_are_not_feeds_and_a_file_url_is_skipped() -> None:
    document = parse_opml(fixture("ttrss.opml"))
    assert [f.title for f in document.feeds] == ["Хабр", "Vlast.kz"]
    assert document.feeds[1].html_url == "https://vlast.kz/"
    skipped = [(s.title, s.reason) for s in document.skipped]
    assert skipped == [("Локальная лента", SkipReason.NOT_WEB_ADDRESS)]


def test_lowercase_attributes_title_only_and_a_single_byte_encoding() -> None:
    document = parse_opml(fixture("old_lowercase.opml"))
    assert document.title == "Мои ленты"
    assert [(f.title, f.url, f.html_url) for f in document.feeds] == [
        ("Лента.ру", "https://lenta.ru/rss", "https://lenta.ru/"),
        ("Ведомости", "https://www.vedomosti.ru/rss/news", None),
    ]


def test_a_namespaced_root_and_a_byte_order_mark_are_accepted() -> None:
    data = (
        b'\xef\xbb\xbf<?xml version="1.0"?><opml xmlns="http://opml.org/spec2" version="2.0"><body>'
        b'<outline text="A" xmlUrl="https://a.example/rss"/></body></opml>'
    )
    assert [f.url for f in parse_opml(data).feeds] == ["https://a.example/rss"]


def test_a_utf16_export_reads_the_same() -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?><opml><body>'
        '<outline text="Лента" xmlUrl="https://a.example/rss"/></body></opml>'
    )
    assert [f.title for f in parse_opml(text.encode("utf-16")).feeds] == ["Лента"]


def test_tracking_parameters_do_not_make_a_second_feed() -> None:
    data = (
        b"<opml><body><outline xmlUrl='https://a.example/rss'/>"
        b"<outline xmlUrl='https://A.example/rss?utm_source=x#top'/></body></opml>"
    )
    document = parse_opml(data)
    assert [f.url for f in document.feeds] == ["https://a.example/rss"]
    assert document.duplicates == 1


# --- hostile and wrong files --------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<opml version="1.0"><body><outline text="&lol3;" xmlUrl="https://a.example/rss"/></body></opml>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="1.0"><body><outline text="&secret;" xmlUrl="https://a.example/rss"/></body></opml>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]>
<opml version="1.0"><body><outline xmlUrl="https://a.example/rss"/></body></opml>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY])
def test_entity_declarations_are_refused(data: bytes) -> None:
    assert refused(data) is OpmlProblem.ENTITIES


def test_a_file_over_one_megabyte_is_refused_before_parsing() -> None:
    padding = b"<!--" + b"x" * MAX_OPML_BYTES + b"-->"
    assert refused(b"<opml><body>" + padding + b"</body></opml>") is OpmlProblem.TOO_LARGE


def test_more_than_500_feeds_is_refused() -> None:
    outlines = b"".join(b'<outline xmlUrl="https://a.example/%d"/>' % i for i in range(MAX_OPML_FEEDS + 1))
    assert refused(b"<opml><body>" + outlines + b"</body></opml>") is OpmlProblem.TOO_MANY_FEEDS
    exactly = b"".join(b'<outline xmlUrl="https://a.example/%d"/>' % i for i in range(MAX_OPML_FEEDS))
    assert len(parse_opml(b"<opml><body>" + exactly + b"</body></opml>").feeds) == MAX_OPML_FEEDS


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", OpmlProblem.NOT_XML),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", OpmlProblem.NOT_XML),
        (b"just some text", OpmlProblem.NOT_XML),
        (b"<html><body><p>Hello<br></body></html>", OpmlProblem.NOT_XML),
        (b"<opml><body><outline xmlUrl='https://a.example/rss'></body></opml>", OpmlProblem.NOT_XML),
        (b'<?xml version="1.0" encoding="x-no-such"?><opml/>', OpmlProblem.NOT_XML),
        (b'<rss version="2.0"><channel><title>A feed</title></channel></rss>', OpmlProblem.NOT_OPML),
        (b"<opml version='2.0'><head><title>t</title></head></opml>", OpmlProblem.NOT_OPML),
        (b"<opml version='2.0'><body><outline text='Empty folder'/></body></opml>", OpmlProblem.NO_FEEDS),
    ],
)
def test_wrong_files_get_one_clear_problem(data: bytes, problem: OpmlProblem) -> None:
    assert refused(data) is problem


def test_outlines_nested_fifty_thousand_deep_do_not_crash() -> None:
    depth = 50_000  # as deep as 1 MB allows
    data = b"<opml><body>" + b"<outline>" * depth + b'<outline xmlUrl="https://a.example/rss"/>'
    data += b"</outline>" * depth + b"</body></opml>"
    assert [f.url for f in parse_opml(data).feeds] == ["https://a.example/rss"]


# --- writing ------------------------------------------------------------------------------------


def test_written_opml_is_opml_2_with_every_attribute() -> None:
    feeds = [
        OpmlFeed("https://a.example/rss", "Лента «А» & <Б>", "https://a.example/"),
        OpmlFeed("https://b.example/feed", None, None, "Наука"),
    ]
    data = write_opml(feeds, "Newsbot feeds", CREATED)
    text = data.decode()
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    assert '<opml version="2.0">' in text
    assert "<dateCreated>Tue, 01 Dec 2026 09:30:00 +0000</dateCreated>" in text
    assert (
        '<outline type="rss" text="Лента «А» &amp; &lt;Б&gt;" title="Лента «А» &amp; &lt;Б&gt;" '
        'xmlUrl="https://a.example/rss" htmlUrl="https://a.example/" />'
    ) in text
    assert parse_opml(data).feeds == feeds


def test_an_exported_file_imported_again_gives_the_same_feeds() -> None:
    for name in ("feedly.opml", "inoreader.xml", "miniflux.opml", "netnewswire.opml", "ttrss.opml"):
        feeds = parse_opml(fixture(name)).feeds
        assert parse_opml(write_opml(feeds, "x", CREATED)).feeds == feeds_in_order(feeds)


_titles = st.none() | st.text(max_size=40)
_paths = st.text(alphabet="abcxyz019-_~/", max_size=12)
_hosts = st.sampled_from(["a.example", "b.example", "новости.kz", "c.example:8080"])


@st.composite
def _feeds(draw: st.DrawFn) -> list[OpmlFeed]:
    feeds: dict[str, OpmlFeed] = {}
    for _ in range(draw(st.integers(0, 8))):
        url = f"https://{draw(_hosts)}/{draw(_paths)}"
        html = draw(st.none() | st.just(f"https://{draw(_hosts)}/"))
        folder = draw(st.none() | st.sampled_from(["A", "Б"]))
        feeds.setdefault(url, OpmlFeed(url, draw(_titles), html, folder))
    return list(feeds.values())


@given(_feeds(), st.text(max_size=30))
def test_parse_of_write_gives_the_feeds_back(feeds: list[OpmlFeed], title: str) -> None:
    data = write_opml(feeds, title, CREATED)
    if not feeds:
        assert refused(data) is OpmlProblem.NO_FEEDS
        return
    document = parse_opml(data)
    expected = [
        OpmlFeed(f.url, None if clean_text(f.title) == f.url else clean_text(f.title), f.html_url, f.folder)
        for f in feeds_in_order(feeds)
    ]
    assert document.feeds == expected
    assert document.title == (clean_text(title) or "Feeds")


@given(st.binary(max_size=400))
def test_any_bytes_give_a_document_or_an_opml_error(data: bytes) -> None:
    try:
        parse_opml(data)
    except OpmlError as error:
        assert isinstance(error.problem, OpmlProblem)


@given(st.text(max_size=200))
def test_any_text_inside_an_outline_gives_a_document_or_an_opml_error(junk: str) -> None:
    data = f'<opml><body><outline text="x" xmlUrl="https://a.example/{junk}"/>{junk}</body></opml>'
    try:
        parse_opml(data.encode())
    except OpmlError as error:
        assert isinstance(error.problem, OpmlProblem)
