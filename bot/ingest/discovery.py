"""Feed discovery: from a URL someone typed to the feed it means.

A feed URL is the feed. A site page names its feed in ``<link rel="alternate"
type="application/rss+xml">`` (or Atom); a page naming none is tried at the usual ``/feed``, ``/rss``
and ``/rss.xml``. Every candidate goes through the same Fetcher (and so the same address checks).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin

from bot.ingest.feed_parser import FeedParseError, ParsedFeed, parse_feed
from bot.ingest.fetcher import Fetcher, FetchError, FetchResult
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
USUAL_PATHS = ("/feed", "/rss", "/rss.xml")
MAX_CANDIDATES = 6
# A page's <head> is near its start: links further in are not worth parsing megabytes for.
HEAD_BYTES = 512 * 1024


class NoFeedFoundError(FeedParseError):
    """The page is no feed and names none; none of the usual paths serves one either."""


@dataclass(frozen=True, slots=True)
class DiscoveredFeed:
    """``url`` is where the feed lives (after permanent redirects); ``page_url`` the page it came from."""

    url: str
    feed: ParsedFeed
    page_url: str | None = None


class _FeedLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";", 1)[0].strip()
        href = values.get("href", "").strip()
        if "alternate" in rels and kind in FEED_TYPES and href:
            self.hrefs.append(href)


def feed_links(html: str, base_url: str) -> list[str]:
    """The feed URLs a page names in ``<link rel="alternate" type="...rss+xml|atom+xml">``, in order."""
    parser = _FeedLinks()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # a broken page still gives the links read so far
        log.debug("page %s: HTML parse stopped early", base_url, exc_info=True)
    found: list[str] = []
    for href in parser.hrefs:
        url = urljoin(base_url, href)
        if url.startswith(("http://", "https://")) and url not in found:
            found.append(url)
    return found


def _looks_like_html(result: FetchResult) -> bool:
    if "html" in result.content_type.lower():
        return True
    start = result.content[:1024].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html"))


def _decode(content: bytes) -> str:
    return content[:HEAD_BYTES].decode("utf-8", errors="replace")


async def _parse(result: FetchResult) -> ParsedFeed:
    # Off the event loop: a big feed takes feedparser a while.
    return await asyncio.to_thread(
        parse_feed, result.content, url=result.url, fallback_time=utcnow(), content_type=result.content_type
    )


async def probe_feed(fetcher: Fetcher, url: str) -> tuple[str, ParsedFeed]:
    """Fetch and parse ``url`` as a feed: (the URL to store, the feed).

    The URL to store is where permanent redirects led. FetchError or FeedParseError if it is not one.
    """
    result = await fetcher.fetch(url)
    return result.permanent_url or url, await _parse(result)


async def discover_feed(fetcher: Fetcher, url: str) -> DiscoveredFeed:
    """The feed ``url`` means: itself, the feed its page names, or one at the usual paths.

    Raises FetchError when ``url`` itself cannot be fetched, NoFeedFoundError when no feed is found,
    FeedParseError when ``url`` is neither a page nor a feed.
    """
    result = await fetcher.fetch(url)
    if not _looks_like_html(result):
        return DiscoveredFeed(result.permanent_url or url, await _parse(result))
    page_url = result.url
    candidates = feed_links(_decode(result.content), page_url)
    candidates += [c for c in (urljoin(page_url, p) for p in USUAL_PATHS) if c not in candidates]
    for candidate in candidates[:MAX_CANDIDATES]:
        try:
            found_url, feed = await probe_feed(fetcher, candidate)
        except (FetchError, FeedParseError) as exc:
            log.info("page %s: candidate feed %s: %s", page_url, candidate, exc)
            continue
        return DiscoveredFeed(found_url, feed, page_url)
    raise NoFeedFoundError(f"the page {page_url} names no feed, and none is at {', '.join(USUAL_PATHS)}")
