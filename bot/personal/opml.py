"""OPML in and out: the feed lists other readers export, and the list of a reader's feeds we export.

Reading goes through defusedxml (no entity expansion, no external entities, no network); size and
feed count are checked before anything is taken, and any problem refuses the whole file with one
``OpmlProblem``. The dialects of Feedly, Inoreader, Miniflux, NetNewsWire and Tiny Tiny RSS differ in
attribute case (``xmlUrl``/``xmlurl``), in ``type="rss"`` being there, in ``text`` or ``title``, and in
folders (outlines holding outlines); all of them read the same.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from enum import StrEnum
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from bot.ingest.urls import canonical_url

MAX_OPML_BYTES = 1024 * 1024
MAX_OPML_FEEDS = 500
MAX_TITLE_CHARS = 300

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Characters XML 1.0 cannot hold at all, not even escaped; a feed title may still carry them.
_XML_INVALID = {c: None for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {0xFFFE: None, 0xFFFF: None}


class OpmlProblem(StrEnum):
    """Why a file was refused as a whole (a key for the reply text)."""

    TOO_LARGE = "too_large"  # over MAX_OPML_BYTES
    NOT_XML = "not_xml"  # binary, text, HTML or broken XML
    ENTITIES = "entities"  # declares entities or refers outside itself (expansion attacks)
    NOT_OPML = "not_opml"  # well-formed XML of another kind (an RSS feed, an SVG, ...)
    NO_FEEDS = "no_feeds"  # OPML without a single feed outline
    TOO_MANY_FEEDS = "too_many_feeds"  # over MAX_OPML_FEEDS distinct feeds


class OpmlError(Exception):
    """The file is not an OPML feed list we take; ``problem`` says why."""

    def __init__(self, problem: OpmlProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem


class SkipReason(StrEnum):
    NOT_WEB_ADDRESS = "not_web_address"  # xmlUrl is not http(s) (mailto:, file:, javascript:, empty)


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed of the list: its URL as written, the title and site the file gave, its folder."""

    url: str
    title: str | None = None
    html_url: str | None = None
    folder: str | None = None  # the innermost folder outline's name


@dataclass(frozen=True, slots=True)
class SkippedOutline:
    title: str | None
    url: str
    reason: SkipReason


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    title: str | None
    feeds: list[OpmlFeed]
    skipped: list[SkippedOutline]
    duplicates: int  # outlines naming a feed already listed


def clean_text(value: str | None) -> str | None:
    """A title as OPML carries it: whitespace collapsed, characters XML cannot hold dropped, capped."""
    if value is None:
        return None
    cleaned = " ".join(value.translate(_XML_INVALID).split())[:MAX_TITLE_CHARS].strip()
    return cleaned or None


def _attribute(element: Element, name: str) -> str | None:
    # Exports disagree on case ("xmlUrl", "xmlurl", "XMLURL"): look the name up case-blind.
    value = element.get(name)
    if value is None:
        lowered = name.lower()
        for key, found in element.attrib.items():
            if key.lower() == lowered:
                value = found
                break
    return value


def _local_name(tag: object) -> str:
    # Some exporters put OPML in a namespace; the element names are what count.
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _web_url(raw: str) -> str | None:
    url = raw.strip()
    lowered = url.lower()
    # "feed://host/rss" and "feed:https://host/rss" are how some sites and readers spell a feed link.
    if lowered.startswith("feed://"):
        url = "http://" + url[len("feed://") :]
    elif lowered.startswith("feed:"):
        url = url[len("feed:") :]
    return url if canonical_url(url) is not None else None


def _root_of(data: bytes) -> Element:
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(OpmlProblem.TOO_LARGE, f"{len(data)} bytes")
    body = data
    if not body.startswith(_BOMS):
        body = body.lstrip(b" \t\r\n")  # a newline before "<?xml" is an error to expat, not to people
    if not body.startswith(_BOMS) and not body.startswith(b"<"):
        raise OpmlError(OpmlProblem.NOT_XML, "does not start with markup")
    try:
        root = SafeElementTree.fromstring(body)
    except (EntitiesForbidden, ExternalReferenceForbidden, DTDForbidden) as error:
        raise OpmlError(OpmlProblem.ENTITIES, type(error).__name__) from None
    except (ElementTree.ParseError, ValueError, UnicodeError, LookupError) as error:
        # LookupError: an encoding name Python does not know.
        raise OpmlError(OpmlProblem.NOT_XML, str(error)[:200]) from None
    if not isinstance(root, Element) or _local_name(root.tag) != "opml":
        raise OpmlError(OpmlProblem.NOT_OPML, "the root element is not <opml>")
    return root


def parse_opml(data: bytes) -> OpmlDocument:
    """The feeds of an OPML document, folders walked, duplicates (by canonical URL) dropped.

    Raises ``OpmlError`` for anything that is not a usable OPML feed list; never anything else.
    """
    root = _root_of(data)
    head = next((child for child in root if _local_name(child.tag) == "head"), None)
    body = next((child for child in root if _local_name(child.tag) == "body"), None)
    if body is None:
        raise OpmlError(OpmlProblem.NOT_OPML, "no <body>")
    title = None
    if head is not None:
        title_element = next((child for child in head if _local_name(child.tag) == "title"), None)
        title = clean_text(title_element.text) if title_element is not None else None
    feeds: list[OpmlFeed] = []
    skipped: list[SkippedOutline] = []
    seen: set[str] = set()
    duplicates = 0
    # Walked with a stack, not recursion: a hostile file may nest outlines fifty thousand deep.
    stack: list[tuple[Element, str | None]] = [(child, None) for child in reversed(body)]
    while stack:
        element, folder = stack.pop()
        if _local_name(element.tag) != "outline":
            continue
        name = clean_text(_attribute(element, "text")) or clean_text(_attribute(element, "title"))
        raw_url = _attribute(element, "xmlUrl")
        if raw_url is not None and name == raw_url.strip():
            name = None  # a title that only repeats the URL (what we write for a feed without one)
        if raw_url is None:
            # A folder: its outlines belong to it (an outline of type "link" and the like hold none).
            stack.extend((child, name or folder) for child in reversed(element))
            continue
        url = _web_url(raw_url)
        if url is None:
            skipped.append(
                SkippedOutline(name, raw_url.strip()[:MAX_TITLE_CHARS], SkipReason.NOT_WEB_ADDRESS)
            )
            continue
        key = canonical_url(url) or url
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        if len(seen) > MAX_OPML_FEEDS:
            raise OpmlError(OpmlProblem.TOO_MANY_FEEDS, f"more than {MAX_OPML_FEEDS} feeds")
        html = _attribute(element, "htmlUrl")
        html_url = html.strip() if html and canonical_url(html.strip()) is not None else None
        feeds.append(OpmlFeed(url, name, html_url, folder))
    if not feeds and not skipped:
        raise OpmlError(OpmlProblem.NO_FEEDS, "no outline has an xmlUrl")
    return OpmlDocument(title, feeds, skipped, duplicates)


def _feed_outline(parent: Element, feed: OpmlFeed) -> None:
    title = clean_text(feed.title) or clean_text(feed.url) or feed.url
    attributes = {"type": "rss", "text": title, "title": title, "xmlUrl": feed.url.translate(_XML_INVALID)}
    if feed.html_url:
        attributes["htmlUrl"] = feed.html_url.translate(_XML_INVALID)
    ElementTree.SubElement(parent, "outline", attributes)


def write_opml(feeds: Sequence[OpmlFeed], title: str, created: datetime) -> bytes:
    """An OPML 2.0 document (UTF-8) of ``feeds``; feeds with a folder go into a folder outline.

    ``created`` (aware) is written as ``dateCreated``. ``parse_opml`` of the result gives the same
    feeds, titles as ``clean_text`` leaves them, in folder-then-order sequence.
    """
    root = Element("opml", {"version": "2.0"})
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = clean_text(title) or "Feeds"
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(created)
    body = ElementTree.SubElement(root, "body")
    folders: dict[str, Element] = {}
    for feed in feeds:
        folder = clean_text(feed.folder)
        if folder is None:
            _feed_outline(body, feed)
            continue
        outline = folders.get(folder)
        if outline is None:
            outline = folders[folder] = ElementTree.SubElement(
                body, "outline", {"text": folder, "title": folder}
            )
        _feed_outline(outline, feed)
    ElementTree.indent(root)
    document: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def feeds_in_order(feeds: Iterable[OpmlFeed]) -> list[OpmlFeed]:
    """``feeds`` in the order ``write_opml`` lays them out: each folder's feeds where it first appears."""
    slots: list[OpmlFeed | str] = []
    groups: dict[str, list[OpmlFeed]] = {}
    for feed in feeds:
        folder = clean_text(feed.folder)
        if folder is None:
            slots.append(feed)
        elif folder in groups:
            groups[folder].append(feed)
        else:
            groups[folder] = [feed]
            slots.append(folder)
    ordered: list[OpmlFeed] = []
    for slot in slots:
        ordered.extend(groups[slot] if isinstance(slot, str) else [slot])
    return ordered
