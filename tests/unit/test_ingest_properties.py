"""Properties of ingestion for any input: feeds, pages, files, channel posts, story matching, the SSRF guard.

Each parser is held to what its docstring promises: it returns its result or raises its own documented
error (``FeedParseError``, ``BadFileError``, ``BlockedURLError``), never anything else, and what it returns
has the documented shape. Inputs are arbitrary bytes and text as well as real documents cut, mutated,
mis-declared and re-encoded the way broken sites serve them.

No test touches the network: the SSRF guard's name resolution goes through a fake ``getaddrinfo`` that
knows a few test names and otherwise only parses numeric addresses (``AI_NUMERICHOST``), so the
operating system's own reading of ``http://2130706433/`` or ``http://0x7f.1/`` is used without DNS.
Timing is never asserted: ``deadline=None`` everywhere. The ``@example`` inputs are the minimal cases of
bugs these properties found (kept so they stay fixed).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import re
import socket
import tempfile
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar, cast
from unittest import mock

import httpx
import pytest
from hypothesis import example, given, reject, settings
from hypothesis import strategies as st

from bot.ingest.channel_posts import TITLE_MAX_CHARS, split_post
from bot.ingest.feed_parser import FeedParseError, html_to_text, parse_feed
from bot.ingest.fetcher import Fetcher, FetchError, FetchResult
from bot.ingest.files import (
    BadFileError,
    FileProblem,
    decode,
    json_lines,
    parse_date,
    parse_export_text,
    parse_jsonl,
    read_article_file,
)
from bot.ingest.models import ArticleDraft
from bot.ingest.netguard import BlockedURLError, check_url, is_public_address, resolve
from bot.ingest.pages import PageExtractor, extract_main_text
from bot.ingest.processor import TITLE_FROM_TEXT_CHARS, content_fingerprint, prepare, title_from_text
from bot.ingest.stories import (
    BANDS,
    MAX_WORDS,
    MIN_FEATURES,
    NUM_HASHES,
    band_keys,
    decode_features,
    encode_features,
    minhash,
    same_story,
    similarity,
    story_features,
)
from bot.ingest.urls import site_name
from bot.text.clean import clean_article_text, clean_title
from bot.text.sentences import split_sentences
from tests.e2e.feed_server import Item, atom, rdf, rss

T = TypeVar("T")

FETCHED = datetime(2024, 12, 3, 12, 0, tzinfo=UTC)
ELLIPSIS = "…"


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


def _is_plain_text(text: str) -> bool:
    """Paragraphs separated by exactly one blank line, each one line of single-spaced words."""
    return text == "" or all(p and p == " ".join(p.split()) for p in text.split("\n\n"))


# ---------------------------------------------------------------------------------------------------------
# Strategies: text of the region, and documents as broken sites serve them
# ---------------------------------------------------------------------------------------------------------

_RU = "президент подписал указ о бюджете правительство Казахстане Алматы заседание министр заявил тенге рост"
_KK = "және бұл үшін жаңа мектеп ашылды оқушы білім Елордада Қазақстан жылы туралы облысы әкімі"
_EN = "the president signed a decree on budget bank rate cut government said new school opened"
_VOCABULARY = (_RU + " " + _KK + " " + _EN).split()
_DIRT = ["<p>", "</p>", "<br/>", "&amp;", "&nbsp;", "&lt;b&gt;", "<script>x()</script>", "None", "😀"]
_DIRT += ["\u200b", "https://t.me/news/1", "\x00", "\x1b", "\u2028", "\r\n", "\n\n", "—", "...", "«", "»"]
_ANY_CHAR = st.characters(codec="utf-8", exclude_categories=["Cs"])

news_text = st.one_of(
    st.lists(
        st.one_of(st.sampled_from(_VOCABULARY), st.sampled_from(_DIRT), st.just(" "), st.just(". "))
    ).map(" ".join),
    st.text(_ANY_CHAR, max_size=200),
)

_RAW_DATES = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.builds(format_datetime, st.datetimes(min_value=datetime(1970, 1, 2), timezones=st.just(UTC))),
    st.from_regex(
        r"(Mon|Tue), \d{1,2} (Jan|Dec) \d{1,5} \d\d:\d\d:\d\d ([+-]\d{4}|MSK|GMT|ALMT|YEKT|[A-Z]{1,4})",
        fullmatch=True,
    ),
    st.from_regex(r"\d{1,5}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)?", fullmatch=True),
)


_entries = st.lists(
    st.builds(
        Item,
        title=news_text,
        link=st.one_of(st.sampled_from(["https://example.kz/1", "javascript:x()", "/a", ""]), st.text()),
        text=news_text,
        guid=st.one_of(st.none(), st.text(max_size=20)),
        raw_date=_RAW_DATES,
    ),
    max_size=3,
)


@st.composite
def feed_documents(draw: st.DrawFn) -> bytes:
    """RSS 2.0 / Atom / RSS 1.0 in several encodings, then cut, byte-flipped, spliced, prefixed."""
    entries = draw(_entries)
    kind = draw(st.sampled_from(["rss", "atom", "rdf", "windows-1251", "koi8-r", "undeclared-1251"]))
    if kind == "rss":
        document = rss(entries)
    elif kind == "atom":
        document = atom(entries)
    elif kind == "rdf":
        document = rdf(entries)
    else:
        encoding = {"undeclared-1251": "windows-1251"}.get(kind, kind)
        try:
            document = rss(entries, encoding=encoding, declare=kind == encoding)
        except UnicodeEncodeError:
            document = rss(entries)
    mutated = bytearray(document)
    for operation, position, data in draw(
        st.lists(
            st.tuples(
                st.sampled_from(["cut", "flip", "insert", "delete"]),
                st.integers(0, 10**6),
                st.binary(max_size=8),
            ),
            max_size=3,
        )
    ):
        if not mutated:
            break
        at = position % len(mutated)
        if operation == "cut":
            del mutated[at:]
        elif operation == "flip":
            mutated[at] = (mutated[at] + 1 + sum(data)) % 256
        elif operation == "insert":
            mutated[at:at] = data
        else:
            del mutated[at : at + len(data) + 1]
    prefix = draw(st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"  \n", b"<!-- c -->"]))
    return prefix + bytes(mutated)


any_document = st.one_of(
    feed_documents(),
    st.binary(max_size=300),
    st.sampled_from(
        [
            b"<!DOCTYPE html><html><body><p>Shop</p></body></html>",
            b'{"feed": "json"}',
            b"<rss",
            b"<feed xmlns='http://www.w3.org/2005/Atom'>",
            b"\xef\xbb\xbf",
            b"\x00\x00\x00<",
        ]
    ),
)
_CHARSETS = ["utf-8", "windows-1251", "koi8-r", "utf-16", "utf-32", "latin-1", "bogus", "base64", "undefined"]
content_types = st.one_of(
    st.none(),
    st.builds(
        lambda mime, charset: f"{mime}; charset={charset}",
        st.sampled_from(["text/xml", "application/rss+xml", "text/html"]),
        st.sampled_from(_CHARSETS),
    ),
    st.text(max_size=30),
)


# ---------------------------------------------------------------------------------------------------------
# Feed parsing
# ---------------------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=250)
@given(any_document, content_types, st.sampled_from([None, FETCHED]))
@example(b'<?xml version="1.0" encoding="undefined"?><rss/>', None, None)
@example(b'<?xml encoding="\x80"?><rss/>', "text/xml; charset=utf-8", None)
def test_any_bytes_are_a_feed_or_a_feed_parse_error(
    document: bytes, content_type: str | None, fetched: datetime | None
) -> None:
    with contextlib.suppress(FeedParseError):
        parse_feed(document, content_type=content_type, fallback_time=fetched)


@settings(deadline=None, max_examples=250)
@given(any_document, content_types, st.sampled_from([None, FETCHED]))
def test_a_parsed_feed_has_plain_text_entries_with_utc_dates(
    document: bytes, content_type: str | None, fetched: datetime | None
) -> None:
    try:
        feed = parse_feed(document, content_type=content_type, fallback_time=fetched)
    except FeedParseError:
        return
    except UnicodeError:
        # Escaping UnicodeErrors are test_any_bytes_are_a_feed_or_a_feed_parse_error's bug; this test is
        # about what a successful parse returns.
        reject()
    assert isinstance(feed.title, str) and feed.title
    assert feed.problem is None or isinstance(feed.problem, str)
    for entry in feed.entries:
        assert isinstance(entry.title, str) and isinstance(entry.text, str)
        assert entry.title or entry.text  # an entry with neither is skipped
        assert _is_plain_text(entry.title) and _is_plain_text(entry.text)
        assert entry.url is None or isinstance(entry.url, str)
        assert entry.guid is None or isinstance(entry.guid, str)
        assert entry.lead_only == (len(entry.text) < 600)
        if entry.published is not None:
            assert entry.published.utcoffset() == timedelta(0)
        if fetched is not None:
            # Undated or future-dated entries get the fetch time: never None, never over a day ahead.
            assert entry.published is not None and entry.published <= fetched + timedelta(days=1)


_ENTITIES = '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
_BOMB_BODY = (
    '<rss version="2.0"><channel><title>T&lol2;</title>'
    "<item><title>X&lol2;</title><description>D&lol2;</description></item></channel></rss>"
)


@settings(deadline=None, max_examples=60)
@given(
    padding=st.one_of(
        st.just(""),
        st.integers(0, 6000).map(lambda n: " " * n),
        st.integers(0, 6000).map(lambda n: f"<!--{'x' * n}-->"),
        st.just("<?pi data?>"),
    ),
    decoy=st.sampled_from(
        ["", "<!-- ]> -->", "<?pi ]>?>", '<!ATTLIST channel x CDATA "]>">', "<!ELEMENT x>"]
    ),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
@example(padding=" " * 4096, decoy="", encoding="utf-8")
@example(padding="", decoy="<!-- ]> -->", encoding="utf-8")
@example(padding="", decoy="", encoding="utf-16")
def test_documents_declaring_entities_are_refused_wherever_the_doctype_hides_them(
    padding: str, decoy: str, encoding: str
) -> None:
    declared = "utf-16" if encoding == "utf-16" else "utf-8"
    document = (
        f'<?xml version="1.0" encoding="{declared}"?>{padding}<!DOCTYPE rss [{decoy}{_ENTITIES}]>{_BOMB_BODY}'
    ).encode(encoding)
    with pytest.raises(FeedParseError):
        parse_feed(document)


_RU_LOWER_WORDS = st.lists(
    st.text(alphabet="абвгдежзийклмнопрстуфхцчшщъыьэюя", min_size=2, max_size=10), min_size=3, max_size=12
).map(lambda ws: " ".join(ws).capitalize())


@settings(deadline=None, max_examples=80)
@given(_RU_LOWER_WORDS, _RU_LOWER_WORDS, st.sampled_from(["windows-1251", "koi8-r"]))
def test_undeclared_single_byte_cyrillic_reads_as_written(title: str, text: str, encoding: str) -> None:
    document = rss([Item(title, "https://example.kz/1", text)], encoding=encoding, declare=False)
    try:
        document.decode("utf-8")
        reject()  # the contract covers bytes that are not UTF-8
    except UnicodeDecodeError:
        pass
    feed = parse_feed(document, content_type="text/xml")
    assert [(e.title, e.text) for e in feed.entries] == [(title, text)]


_SCRIPT_BODY = st.text(alphabet="abcxyz(){};=. ", min_size=1, max_size=20).map(lambda s: f"CODE{s}CODE")


@settings(deadline=None, max_examples=200)
@given(st.lists(st.one_of(news_text, st.sampled_from(["<p>", "</p>", "<br>", "<div>"]))), _SCRIPT_BODY)
def test_html_to_text_is_plain_text_without_scripts(parts: list[str], code: str) -> None:
    half = len(parts) // 2
    fragment = "".join(parts[:half]) + f"<script>{code}</script>" + "".join(parts[half:])
    text = html_to_text(fragment)
    assert _is_plain_text(text)
    if "CODE" not in fragment.replace(code, ""):
        assert "CODE" not in text


# ---------------------------------------------------------------------------------------------------------
# Article pages
# ---------------------------------------------------------------------------------------------------------

_TAGS = ["<html>", "<body>", "<article>", "</article>", "<p>", "</p>", "<div>", "</div>", "<script>"]
_MARKUP_DIRT = [
    "</script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<meta\tcharset=koi8-r>",
    "&nbsp;",
    "&#0;",
    "<",
]
_HTML_PIECES = st.sampled_from([*_TAGS, *_MARKUP_DIRT, ">", "\x00"])
html_pages = st.one_of(
    st.lists(st.one_of(_HTML_PIECES, news_text), max_size=40).map("".join),
    st.text(max_size=200),
)


@settings(deadline=None, max_examples=80)
@given(st.one_of(html_pages, html_pages.map(lambda s: s.encode("utf-8")), st.binary(max_size=200)))
def test_page_extraction_never_raises_and_gives_paragraphs_or_none(page: str | bytes) -> None:
    text = extract_main_text(page, "https://example.kz/news/1")
    assert text is None or (text and _is_plain_text(text))


class _OnePageFetcher:
    """Answers every fetch with one prepared response, as a server would (no network)."""

    def __init__(self, content: bytes, content_type: str) -> None:
        self.content = content
        self.content_type = content_type

    async def fetch(self, url: str, *, accept: str = "") -> FetchResult:
        if self.content_type == "FAIL":
            raise FetchError("HTTP 500")
        return FetchResult(url, 200, self.content, httpx.Headers({"content-type": self.content_type}))


_PAGE_CONTENT_TYPES = st.one_of(
    st.sampled_from(["", "FAIL", "text/html", "application/pdf", "TEXT/HTML"]),
    st.sampled_from(["utf-8", "koi8-r", "cp1251", "bogus", "idna", "punycode", "undefined", "utf-7"]).map(
        lambda charset: f"text/html; charset={charset}"
    ),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
)


@settings(deadline=None, max_examples=60)
@given(
    st.one_of(html_pages.map(lambda s: s.encode("utf-8")), st.binary(max_size=200)),
    _PAGE_CONTENT_TYPES,
    st.text(max_size=40),
)
@example(b"<p>\xff</p>", "text/html; charset=undefined", "lead")
@example(b"<p>\xff</p>", "text/html; charset=idna", "lead")
def test_a_broken_page_only_costs_its_own_entry(content: bytes, content_type: str, lead: str) -> None:
    draft = ArticleDraft(title="t", text=lead, url="https://example.kz/news/1", lead_only=True)
    extractor = PageExtractor(cast(Fetcher, _OnePageFetcher(content, content_type)))
    completed = _run(extractor.complete(draft, "test"))
    assert completed == draft or (len(completed.text) > len(lead) and not completed.lead_only)
    assert completed.title == draft.title and completed.url == draft.url


# ---------------------------------------------------------------------------------------------------------
# Article files: the export format, JSON Lines, dates, whole files
# ---------------------------------------------------------------------------------------------------------

_ZONES = st.sampled_from([UTC, timezone(timedelta(hours=5)), timezone(timedelta(hours=-1))])
_SANE_MOMENTS = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2100, 1, 1), timezones=_ZONES)
_METADATA_LINES = st.one_of(
    st.sampled_from(["", "None", "  ", "https://example.kz/news/1", "http://x.kz/a b", "ftp://x"]),
    _SANE_MOMENTS.map(lambda d: d.isoformat()),
    _SANE_MOMENTS.map(format_datetime),
)
export_texts = st.one_of(
    st.builds(
        lambda title, meta, body, newline: newline.join([title, *meta, *body]),
        news_text,
        st.lists(_METADATA_LINES, max_size=4),
        st.lists(news_text, max_size=3),
        st.sampled_from(["\n", "\r\n", "\r"]),
    ),
    st.text(max_size=200),
)


@settings(deadline=None, max_examples=200)
@given(export_texts)
def test_an_export_text_is_a_draft_or_a_bad_file_error(text: str) -> None:
    try:
        draft = parse_export_text(text)
    except BadFileError:
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert draft.title == lines[0].strip() and draft.title
    assert draft.text and draft.text == draft.text.strip()
    assert ("\n".join(lines)).rstrip().endswith(draft.text)
    assert draft.url is None or re.fullmatch(r"https?://\S+", draft.url)
    assert draft.published is None or draft.published.utcoffset() == timedelta(0)


_MOMENT_STRINGS = st.one_of(
    st.datetimes(timezones=_ZONES).map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes(min_value=datetime(1900, 1, 2), timezones=st.just(UTC)).map(format_datetime),
)


@settings(deadline=None, max_examples=300)
@given(st.one_of(_MOMENT_STRINGS, st.text(max_size=40), st.integers(), st.none(), st.floats()))
@example("0001-01-01T00:00:00+01:00")
@example("9999-12-31T23:59:59-01:00")
def test_parse_date_is_a_utc_moment_or_none(value: object) -> None:
    moment = parse_date(value)
    assert moment is None or moment.utcoffset() == timedelta(0)


@settings(deadline=None, max_examples=150)
@given(st.one_of(st.binary(max_size=200), news_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_decode_gives_text_or_a_bad_file_error(data: bytes) -> None:
    try:
        text = decode(data)
    except BadFileError:
        return
    assert isinstance(text, str)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
_TITLES: st.SearchStrategy[object] = st.one_of(
    st.text(_ANY_CHAR, max_size=30), st.sampled_from([None, 0, False, "", []])
)
_BODIES = st.text(_ANY_CHAR, max_size=60).filter(lambda s: bool(s.strip()))


@st.composite
def jsonl_records(draw: st.DrawFn) -> tuple[str, dict[str, Any] | None]:
    """One line of a JSON Lines file, and the draft fields it must give (None: it must be a problem)."""
    kind = draw(
        st.sampled_from(["draft", "draft", "no-text", "bad-title", "not-object", "not-json", "blank"])
    )
    record: dict[str, Any] = draw(st.dictionaries(st.sampled_from(["x", "id"]), _JSON_VALUES, max_size=2))
    if kind in ("draft", "bad-title"):
        record["text"] = draw(_BODIES)
        if draw(st.booleans()):
            record["url"] = draw(st.one_of(st.text(max_size=20), _JSON_VALUES))
        if draw(st.booleans()):
            record["source"] = draw(st.one_of(st.text(max_size=20), _JSON_VALUES))
        if draw(st.booleans()):
            record["published"] = draw(st.one_of(_SANE_MOMENTS.map(lambda d: d.isoformat()), _JSON_VALUES))
    if kind == "draft":
        title = draw(_TITLES)
        if title is not None or draw(st.booleans()):
            record["title"] = title
    elif kind == "bad-title":
        record["title"] = draw(st.one_of(st.integers(min_value=1), st.lists(st.integers(), min_size=1)))
    elif kind == "no-text":
        record["text"] = draw(
            st.one_of(st.just(" \t"), _JSON_VALUES.filter(lambda v: not isinstance(v, str)))
        )
    ascii_only = draw(st.booleans())
    if kind == "not-object":
        line = json.dumps(draw(_JSON_VALUES.filter(lambda v: not isinstance(v, dict))))
    elif kind == "not-json":
        line = draw(st.sampled_from(["{", "{'text': 'x'}", "text", "[1,", '{"text": "a"} x', "\ufeff{}"]))
    elif kind == "blank":
        line = draw(st.sampled_from(["", "   ", "\t", "\r"]))
    else:
        line = json.dumps(record, ensure_ascii=ascii_only)
    if draw(st.booleans()) and kind != "blank":
        line += "\r"
    return line, (record if kind == "draft" else None)


@settings(deadline=None, max_examples=100)
@given(st.lists(jsonl_records(), max_size=6), st.sampled_from([None, "default"]))
def test_every_json_object_line_with_text_is_a_draft_and_every_other_line_a_problem(
    lines: list[tuple[str, dict[str, Any] | None]], default_source: str | None
) -> None:
    text = "\n".join(line for line, _ in lines)
    items = list(parse_jsonl(text, default_source))
    expected = [(number, record) for number, (line, record) in enumerate(lines, start=1) if line.strip()]
    assert len(items) == len(expected)
    for item, (number, record) in zip(items, expected, strict=True):
        if record is None:
            assert isinstance(item, FileProblem) and item.line == number
            continue
        assert isinstance(item, ArticleDraft)
        assert item.text == record["text"]
        assert item.title == (record.get("title") or "")
        assert item.url == (record["url"] if isinstance(record.get("url"), str) else None)
        source = record.get("source")
        assert item.source_name == (source if isinstance(source, str) else default_source)
        assert item.published is None or item.published.utcoffset() == timedelta(0)


@settings(deadline=None, max_examples=200)
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(st.one_of(st.text(max_size=30), jsonl_records().map(lambda r: r[0]))).map("\n".join),
    )
)
@example("[" * 100_000)
@example("1" * 5000)
@example('{"text": "x", "published": "0001-01-01T00:00:00+01:00"}')
def test_any_json_lines_text_gives_drafts_and_problems_at_real_lines(text: str) -> None:
    lines = json_lines(text)
    numbers = []
    for item in parse_jsonl(text, None):
        assert isinstance(item, ArticleDraft | FileProblem)
        if isinstance(item, FileProblem):
            assert 1 <= item.line <= len(lines) and lines[item.line - 1].strip()
            numbers.append(item.line)
    assert numbers == sorted(set(numbers))


@settings(deadline=None, max_examples=60)
@given(
    st.one_of(
        st.binary(max_size=200),
        feed_documents(),
        st.lists(jsonl_records().map(lambda r: r[0]), max_size=4).map(lambda ls: "\n".join(ls).encode()),
        export_texts.map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
    st.sampled_from([".txt", ".jsonl", ".xml", ".rss", ""]),
)
@example(b'{"text": "x", "published": "0001-01-01T00:00:00+01:00"}', ".jsonl")
@example(b"[" * 100_000, ".jsonl")
@example(b"Title\n0001-01-01T00:00:00+01:00\nBody", ".txt")
@example(b'<?xml version="1.0" encoding="undefined"?><rss/>', ".xml")
@example(  # feedparser itself fails ("too many values to unpack") on this mangled RDF namespace
    b'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1\xa099/02/22-rdf-syntax-ns#"'
    b' xmlns="http://purl.org/rss/1.0/"><channel rdf:about="http://example.test/"><title>RDF</title>'
    b"<link>http://example.test/</link><description>d</description></channel></rdf:RDF>",
    ".txt",
)
def test_any_file_gives_drafts_and_problems_or_a_bad_file_error(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            items = list(read_article_file(path, None))
        except BadFileError:
            return
    assert all(isinstance(item, ArticleDraft | FileProblem) for item in items)


# ---------------------------------------------------------------------------------------------------------
# Channel posts and titles made from text
# ---------------------------------------------------------------------------------------------------------

_WORD_CHARS = st.characters(categories=("L", "N", "So"))
_PLAIN_WORD = st.one_of(
    st.text(_WORD_CHARS, min_size=1, max_size=12),
    st.text(_WORD_CHARS, min_size=100, max_size=300),  # a URL-like run or a hash: longer than the cap
)
_SENTENCE = st.lists(_PLAIN_WORD, min_size=1, max_size=30).map(" ".join).map(lambda s: s + ".")
# Posts whose words are plain runs of letters, digits and emoji, sentences ending in ". ": a cut word is
# one the title holds shorter than the post does.
plain_posts = st.builds(
    lambda sentences, body: " ".join(sentences) + (f"\n{body}" if body else ""),
    st.lists(_SENTENCE, min_size=1, max_size=3),
    st.one_of(st.just(""), _SENTENCE),
)
any_posts = st.one_of(
    plain_posts,
    news_text,
    st.text(max_size=300),
    st.sampled_from(["😀", "🇰🇿🇰🇿🇰🇿", "https://example.kz/" + "x" * 200, "—" * 130, "— " + "а" * 200]),
    st.builds(lambda n: "слово" * n, st.integers(1, 100)),
).filter(lambda t: bool(t.strip()))


@settings(deadline=None, max_examples=200)
@given(any_posts)
@example("0" * 121)
@example("— " + "а" * 200)
def test_a_post_title_is_one_short_line_with_a_word_of_its_first_sentence(text: str) -> None:
    title, body = split_post(text)
    assert title and "\n" not in title
    assert len(title) <= TITLE_MAX_CHARS
    assert body and body == body.strip()
    first_sentence = split_sentences(text.strip().split("\n", 1)[0].strip())[0]
    if any(ch.isalnum() for ch in first_sentence):
        assert any(ch.isalnum() for ch in title)


@settings(deadline=None, max_examples=200)
@given(plain_posts)
@example("0" * 121)
def test_a_post_title_never_cuts_a_word(text: str) -> None:
    # The title is a short first line above more text, else the first sentence, shortened.
    title, _ = split_post(text)
    first_line, _, rest = text.strip().partition("\n")
    if len(first_line.strip()) <= TITLE_MAX_CHARS and rest.strip():
        assert title == first_line.strip()
        return
    sentences = split_sentences(first_line.strip() or text.strip())
    assert_shortened_at_words(title, sentences[0] if sentences else first_line, TITLE_MAX_CHARS)


def assert_shortened_at_words(title: str, line: str, limit: int) -> None:
    """``title`` is ``line`` (spaces normalised) or its longest whole-word head that fits, with "…".

    Only when no whole word with a letter or digit fits is the line cut inside a word: a title never
    goes empty.
    """
    line = " ".join(line.split())
    assert len(title) <= limit
    if title == line:
        return
    assert title.endswith(ELLIPSIS)
    head = title.removesuffix(ELLIPSIS)
    assert line.startswith(head)
    words = line.split()
    fitting = 0
    while fitting < len(words) and len(" ".join(words[: fitting + 1])) <= limit - len(ELLIPSIS):
        fitting += 1
    whole = " ".join(words[:fitting]).rstrip(" ,;:—–-")
    if any(ch.isalnum() for ch in whole):
        assert head == whole
    else:
        assert any(ch.isalnum() for ch in head) or not any(ch.isalnum() for ch in line[: len(head) + 1])


@settings(deadline=None, max_examples=200)
@given(st.one_of(plain_posts, any_posts))
@example("0" * 121)
@example("\x1b " + "0" * 119)
@example("0  0")
def test_a_title_made_from_text_is_its_first_line_or_a_whole_word_prefix_of_it(text: str) -> None:
    assert_shortened_at_words(title_from_text(text), text.strip().split("\n", 1)[0], TITLE_FROM_TEXT_CHARS)


@settings(deadline=None, max_examples=60)
@given(st.one_of(news_text, any_posts), st.one_of(news_text, any_posts), st.integers(1, 500))
def test_prepare_is_none_or_a_clean_article_with_a_summary_within_the_cap(
    title: str, text: str, cap: int
) -> None:
    prepared = prepare(title, text, cap)
    if prepared is None:
        assert not clean_article_text(text) and not clean_title(title)
        return
    assert prepared.title and "\n" not in prepared.title and "\r" not in prepared.title
    assert prepared.text
    assert len(prepared.summary) <= cap
    assert prepared.lang in {"ru", "kk", "en"}
    assert prepared.content_hash == content_fingerprint(prepared.text)
    assert prepare(title, text, cap) == prepared  # the same post edited to itself stores the same hash


# ---------------------------------------------------------------------------------------------------------
# Story matching
# ---------------------------------------------------------------------------------------------------------

story_texts = st.one_of(
    st.lists(st.sampled_from(_VOCABULARY), max_size=40).map(" ".join),
    news_text,
    st.text(max_size=200),
)


@settings(deadline=None, max_examples=200)
@given(story_texts, story_texts)
def test_story_features_are_stable_stems_that_survive_storage(title: str, text: str) -> None:
    features = story_features(title, text)
    assert features == story_features(title, text)
    assert len(features) <= MAX_WORDS
    assert all(f and f == f.strip() and len(f.split()) == 1 for f in features)
    assert decode_features(encode_features(features)) == features


@settings(deadline=None, max_examples=200)
@given(st.lists(st.text(max_size=12), max_size=30))
def test_minhash_and_band_keys_depend_only_on_the_set(features: list[str]) -> None:
    signature = minhash(features)
    assert len(signature) == NUM_HASHES
    assert signature == minhash(list(reversed(features))) == minhash(frozenset(features))
    if features:
        assert all(0 <= value < 2**32 for value in signature)
    keys = band_keys(signature)
    assert len(keys) == BANDS and all(0 <= key < 2**63 for key in keys)
    assert keys == band_keys(minhash(sorted(set(features))))


@settings(deadline=None, max_examples=200)
@given(story_texts, story_texts, story_texts, story_texts)
def test_similarity_is_symmetric_and_bounded_and_a_story_matches_itself(
    title_a: str, text_a: str, title_b: str, text_b: str
) -> None:
    a, b = story_features(title_a, text_a), story_features(title_b, text_b)
    assert 0.0 <= similarity(a, b) <= 1.0
    assert similarity(a, b) == similarity(b, a)
    assert same_story(a, b) == same_story(b, a)
    assert same_story(a, a) == (len(a) >= MIN_FEATURES)
    if a:
        assert similarity(a, a) == 1.0
        assert set(band_keys(minhash(a))) == set(band_keys(minhash(set(a))))


# ---------------------------------------------------------------------------------------------------------
# The SSRF guard (no DNS: see the module docstring)
# ---------------------------------------------------------------------------------------------------------

_REAL_GETADDRINFO = socket.getaddrinfo
_TEST_NAMES = {
    "localhost": ["127.0.0.1", "::1"],
    "public.example": ["93.184.216.34"],
    "v6.example": ["2606:4700::1111"],
    "mixed.example": ["93.184.216.34", "10.0.0.7"],
    "metadata.example": ["169.254.169.254"],
    "mapped.example": ["::ffff:192.168.1.1"],
    "zoned.example": ["fe80::1%eth0"],
}


def _fake_getaddrinfo(
    host: str | bytes | None, port: object, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
) -> list[tuple[Any, ...]]:
    """Test names from ``_TEST_NAMES``; numeric hosts as the OS parses them; any other name fails."""
    if isinstance(host, str):
        host.encode("idna")  # the real call raises UnicodeError for bad labels the same way
        addresses = _TEST_NAMES.get(host.lower().removesuffix("."))
        if addresses is not None:
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in addresses
            ]
    return _REAL_GETADDRINFO(host, port, family, type, proto, flags | socket.AI_NUMERICHOST)  # type: ignore[arg-type]


def _check(url: str, *, allow_private: bool = False) -> bool:
    """True when check_url lets ``url`` through, False when it raises BlockedURLError."""

    async def run() -> bool:
        try:
            await check_url(url, allow_private=allow_private)
        except BlockedURLError:
            return False
        return True

    with mock.patch.object(socket, "getaddrinfo", _fake_getaddrinfo):
        return _run(run())


def _ipv4_spellings(address: ipaddress.IPv4Address) -> list[str]:
    """Every way inet_aton reads this address: dotted, one number (decimal, hex, octal), short forms."""
    a, b, c, d = address.packed
    n = int(address)
    return [
        str(address),
        str(n),
        hex(n),
        f"0{n:o}",
        f"{a:#x}.{b:#x}.{c:#x}.{d:#x}",
        f"0{a:o}.0{b:o}.0{c:o}.0{d:o}",
        f"{a}.{(b << 16) | (c << 8) | d}",
        f"{a}.{b}.{(c << 8) | d}",
        f"{a:#X}.{b}.0{c:o}.{d}",
    ]


_PRIVATE_V4 = ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "0.0.0.0/8"]
_PRIVATE_V4 += ["100.64.0.0/10", "224.0.0.0/4", "240.0.0.0/4", "192.0.0.0/29", "198.18.0.0/15"]
_PRIVATE_V6 = ["::1/128", "::/128", "fe80::/10", "fc00::/7", "ff00::/8", "2001:db8::/32", "100::/64"]


@st.composite
def private_hosts(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["v4", "v4", "v6", "mapped", "name"]))
    if kind == "name":
        return draw(
            st.sampled_from(
                [
                    "localhost",
                    "LOCALHOST",
                    "localhost.",
                    *sorted(_TEST_NAMES.keys() - {"public.example", "v6.example"}),
                ]
            )
        )
    if kind == "v6":
        address = draw(st.ip_addresses(network=draw(st.sampled_from(_PRIVATE_V6))))
        zone = "%25eth0" if address.is_link_local and draw(st.booleans()) else ""
        return f"[{address.exploded if draw(st.booleans()) else address}{zone}]"
    v4 = cast(ipaddress.IPv4Address, draw(st.ip_addresses(network=draw(st.sampled_from(_PRIVATE_V4)))))
    if kind == "mapped":
        return draw(st.sampled_from([f"[::ffff:{v4}]", f"[::ffff:{int(v4) >> 16:x}:{int(v4) & 0xFFFF:x}]"]))
    return draw(st.sampled_from(_ipv4_spellings(v4)))


_PUBLIC_NETWORKS = ["8.8.8.0/24", "1.1.1.0/24", "93.184.216.0/24", "77.88.0.0/18", "2606:4700::/32"]


@st.composite
def public_hosts(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(["public.example", "PUBLIC.example.", "v6.example"]))
    address = draw(st.ip_addresses(network=draw(st.sampled_from(_PUBLIC_NETWORKS))))
    if isinstance(address, ipaddress.IPv6Address):
        return f"[{address}]"
    return draw(st.sampled_from(_ipv4_spellings(address)))


def _url(scheme: str, userinfo: str, host: str, port: str, path: str) -> str:
    return f"{scheme}://{userinfo}{host}{port}{path}"


_SCHEMES = st.sampled_from(["http", "https", "HTTP", "hTTpS"])
_USERINFO = st.sampled_from(["", "user@", "user:pw@", "public.example@", "a%40b@"])
_PORTS = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))
_PATHS = st.text(alphabet="/?#&=abc%.", max_size=15).map(lambda p: "/" + p)


@settings(deadline=None, max_examples=250)
@given(st.builds(_url, _SCHEMES, _USERINFO, private_hosts(), _PORTS, _PATHS))
def test_every_spelling_of_a_private_target_is_refused(url: str) -> None:
    assert not _check(url)
    assert _check(url, allow_private=True)  # ALLOW_PRIVATE_NETWORKS=true lets the same URL through


@settings(deadline=None, max_examples=100)
@given(st.builds(_url, _SCHEMES, _USERINFO, public_hosts(), _PORTS, _PATHS))
def test_public_targets_are_allowed(url: str) -> None:
    assert _check(url)


_URL_NOISE = st.sampled_from(["\\", "@", ":", "#", "?", ";", " ", "\t", "%00", "%2e", "[", "]", "。", "\x00"])
url_like = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.one_of(
            _URL_NOISE,
            st.sampled_from(["http://", "https://", "ftp://", "http:", "//"]),
            private_hosts(),
            public_hosts(),
            st.text(max_size=5),
        ),
        max_size=8,
    ).map("".join),
)


@settings(deadline=None, max_examples=250)
@given(url_like, st.booleans())
def test_check_url_answers_any_string_with_nothing_or_its_error(url: str, allow_private: bool) -> None:
    _check(url, allow_private=allow_private)


@settings(deadline=None, max_examples=250)
@given(url_like)
def test_a_url_the_guard_lets_through_is_one_httpx_also_sends_to_a_public_host(url: str) -> None:
    """The guard and the client must read the same host out of the URL (no parser differential)."""
    if not _check(url):
        return
    try:
        host = httpx.URL(url).host
    except httpx.InvalidURL:
        return

    async def addresses() -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
        try:
            return await resolve(host, 80)
        except BlockedURLError:
            return []  # httpx could not connect to it either

    with mock.patch.object(socket, "getaddrinfo", _fake_getaddrinfo):
        found = _run(addresses())
    assert all(is_public_address(a) for a in found), (host, found)


@settings(deadline=None, max_examples=300)
@given(st.ip_addresses())
def test_public_means_global_and_mapped_addresses_are_judged_as_ipv4(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    if is_public_address(address):
        assert address.is_global and not (address.is_loopback or address.is_private or address.is_multicast)
    if isinstance(address, ipaddress.IPv4Address):
        mapped = ipaddress.IPv6Address(f"::ffff:{address}")
        assert is_public_address(mapped) == is_public_address(address)


@settings(deadline=None, max_examples=200)
@given(url_like)
@example("A://%A")
def test_site_name_is_a_bare_host_or_none(url: str) -> None:
    name = site_name(url)
    assert name is None or (name and name == name.lower() and "/" not in name)


def test_this_module_replaces_name_resolution() -> None:
    """Guard for the guard tests: names outside ``_TEST_NAMES`` must never reach DNS."""
    with mock.patch.object(socket, "getaddrinfo", _fake_getaddrinfo), pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.com", 80)
    assert not _check("http://example.com/")
    assert _check("http://public.example/")
