"""RSS 0.9x/1.0/2.0 and Atom documents to article drafts, through feedparser."""

from __future__ import annotations

import calendar
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import mktime_tz, parsedate_tz
from typing import Any

import feedparser

from bot.ingest.models import ArticleDraft

# An entry whose text is shorter than this is only a lead: the page holds the article.
LEAD_MAX_CHARS = 600

# Bounded, and never across another "<": linear time on text full of "<" without ">".
_TAG = re.compile(r"<[^<>]{1,2000}>")
# Scripts and styles are code, not text: dropped with their content, not just their tags.
_CODE = re.compile(r"<(script|style|noscript)\b[^<>]{0,2000}>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# A feed dated further ahead than this is wrong about its clock; the fetch time is used instead.
MAX_FUTURE = timedelta(days=1)
# Zones of the region that news feeds write as abbreviations; feedparser takes them for UTC.
_ZONE_OFFSETS = {
    "MSK": "+0300",
    "MSD": "+0400",
    "ALMT": "+0500",
    "QYZT": "+0500",
    "AQTT": "+0500",
    "YEKT": "+0500",
}
_ZONE_ABBREVIATION = re.compile(r"\b(MSK|MSD|ALMT|QYZT|AQTT|YEKT)$", re.IGNORECASE)
# Lowercase Russian letters: in the right single-byte decoding most letters of a text are these.
_RU_LOWER = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
_BLOCK_END = re.compile(r"</(p|div|h[1-6]|li|blockquote|section|article)\s*>|<br\s*/?>", re.IGNORECASE)


class FeedParseError(Exception):
    """The document is not a feed feedparser can read."""


@dataclass(slots=True)
class ParsedFeed:
    title: str
    link: str | None
    entries: list[ArticleDraft] = field(default_factory=list)
    # Set when the XML was broken and feedparser's lenient parser salvaged what it could.
    problem: str | None = None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment with paragraph breaks kept."""
    text = _CODE.sub(" ", fragment)
    text = _BLOCK_END.sub("\n\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def guess_single_byte_encoding(content: bytes) -> str:
    """windows-1251 or koi8-r for undeclared Cyrillic bytes: the decoding with more lowercase letters.

    Russian prose is mostly lowercase; read in the wrong one of these two encodings it turns mostly
    uppercase, so counting lowercase letters tells them apart reliably on a few hundred bytes.
    """
    sample = content[:65536]
    best, best_score = "windows-1251", -1
    for encoding in ("windows-1251", "koi8-r"):
        decoded = sample.decode(encoding, errors="replace")
        score = sum(1 for ch in decoded if ch in _RU_LOWER)
        if score > best_score:
            best, best_score = encoding, score
    return best


def _declared_charset(content_type: str | None) -> str | None:
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def prepare_document(content: bytes, content_type: str | None = None) -> tuple[bytes, str]:
    """The document and the Content-Type to give feedparser, with an undeclared encoding resolved.

    A declared encoding (HTTP charset, XML declaration or BOM) is left to feedparser. Without one,
    bytes that are not UTF-8 are taken as windows-1251 or koi8-r (whichever reads as Russian) and
    re-encoded as UTF-8; feedparser would otherwise read them as windows-1252.
    """
    charset = _declared_charset(content_type)
    # text/xml without a charset means us-ascii by RFC 3023, which real feeds never mean.
    if charset:
        return content, f"application/xml; charset={charset}"
    if content.startswith(_BOMS) or _XML_ENCODING.match(content):
        return content, "application/xml"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        encoding = guess_single_byte_encoding(content)
        return content.decode(encoding, errors="replace").encode("utf-8"), "application/xml; charset=utf-8"
    return content, "application/xml; charset=utf-8"


def refuse_entity_declarations(content: bytes) -> None:
    """Raise FeedParseError when the document declares entities (the billion-laughs attack needs them).

    Real feeds never declare their own entities; refusing them up front means no parser, strict or
    lenient, ever gets to expand them.  The whole document is searched (a declaration may follow
    padding, or a "]>" inside a comment), with NUL bytes removed so UTF-16 and UTF-32 match as well.
    A feed that quotes "<!ENTITY" in an article's CDATA is refused too: that is the safe side.
    """
    if _ENTITY_DECL.search(content.replace(b"\x00", b"") if b"\x00" in content else content):
        raise FeedParseError("the document declares XML entities; refused (entity expansion attack)")


def _local_zone_date(raw: str) -> datetime | None:
    """RFC 822 dates with a regional zone abbreviation feedparser does not know ("... 13:00 MSK")."""
    match = _ZONE_ABBREVIATION.search(raw.strip())
    if not match:
        return None
    parsed = parsedate_tz(raw.strip()[: match.start()].strip() + " " + _ZONE_OFFSETS[match.group(1).upper()])
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(mktime_tz(parsed), UTC)
    except (OverflowError, ValueError):
        return None


def _entry_date(entry: Any) -> datetime | None:
    for raw_key, key in (
        ("published", "published_parsed"),
        ("updated", "updated_parsed"),
        ("created", "created_parsed"),
    ):
        # dict.get: FeedParserDict would map a missing key to another one, with a warning.
        raw = dict.get(entry, raw_key)
        if isinstance(raw, str) and (local := _local_zone_date(raw)) is not None:
            return local
        value = dict.get(entry, key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _usable_date(published: datetime | None, fetch_time: datetime | None) -> datetime | None:
    if published is None:
        return fetch_time
    if fetch_time is not None and published > fetch_time + MAX_FUTURE:
        return fetch_time
    return published


def _entry_text(entry: Any) -> tuple[str, bool]:
    """The fullest text the entry carries, and whether it is only a lead."""
    candidates: list[str] = []
    for content in entry.get("content") or []:
        if content.get("value"):
            candidates.append(html_to_text(content["value"]))
    for key in ("summary", "description"):
        if entry.get(key):
            candidates.append(html_to_text(entry[key]))
    text = max(candidates, key=len, default="")
    return text, len(text) < LEAD_MAX_CHARS


def parse_feed(
    content: bytes,
    *,
    url: str | None = None,
    fallback_time: datetime | None = None,
    content_type: str | None = None,
) -> ParsedFeed:
    """Parse a feed document; raise FeedParseError when it holds no feed at all.

    Entries without a date (or dated more than a day ahead of ``fallback_time``) get ``fallback_time``
    (the fetch time) when given. ``content_type`` is the HTTP header, whose charset wins.
    """
    if not content.strip():
        raise FeedParseError("empty document")
    refuse_entity_declarations(content)
    content, feed_type = prepare_document(content, content_type)
    headers = {"content-type": feed_type}
    if url:
        headers["content-location"] = url
    try:
        parsed = feedparser.parse(content, response_headers=headers)
    except Exception as exc:  # an encoding it cannot use ("undefined"), its own bugs on hostile markup
        raise FeedParseError(f"unreadable feed ({type(exc).__name__}: {exc})") from exc
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom feed found"
        raise FeedParseError(str(reason))
    feed_info = parsed.get("feed", {})
    result = ParsedFeed(
        title=html_to_text(feed_info.get("title", "")) or (url or "feed"), link=feed_info.get("link")
    )
    if parsed.get("bozo") and not isinstance(
        parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride
    ):
        result.problem = str(parsed.get("bozo_exception") or "malformed document")
    for entry in parsed.entries:
        title = html_to_text(entry.get("title", ""))
        text, lead_only = _entry_text(entry)
        if not title and not text:
            continue
        result.entries.append(
            ArticleDraft(
                title=title,
                text=text,
                url=entry.get("link"),
                guid=entry.get("id") or entry.get("guid"),
                published=_usable_date(_entry_date(entry), fallback_time),
                source_name=result.title,
                lead_only=lead_only,
            )
        )
    # feedparser reads broken XML leniently; a broken document that yields no article is an error.
    if parsed.get("bozo") and not result.entries:
        raise FeedParseError(str(parsed.get("bozo_exception") or "malformed feed"))
    return result
