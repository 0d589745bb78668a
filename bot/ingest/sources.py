"""The use cases of shared sources: add a feed (with discovery), poll now, approve a channel.

Handlers, the command line, and later a reader's ``/add`` and OPML import call these; they only
translate between their surface and what is returned here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.ingest.channel_posts import channel_source_url
from bot.ingest.discovery import discover_feed
from bot.ingest.failures import Failure, failure_of
from bot.ingest.feed_parser import FeedParseError
from bot.ingest.fetcher import FetchError
from bot.ingest.netguard import BlockedURLError, check_url_form
from storage import Storage
from storage.sources import Source

if TYPE_CHECKING:  # the poller imports this module for add_configured_feeds
    from bot.ingest.poller import Poller, SourceReport

TITLE_MAX_CHARS = 200


class AddSourceError(Exception):
    """The URL gives no feed; ``failure`` says why (its reason is what the user is told)."""

    def __init__(self, failure: Failure) -> None:
        super().__init__(str(failure))
        self.failure = failure


@dataclass(frozen=True, slots=True)
class AddedFeed:
    """The source behind the URL; ``created`` False when it was there already (``report`` is None)."""

    source: Source
    created: bool
    report: SourceReport | None = None
    items: int = 0


async def add_configured_feeds(storage: Storage, settings: Settings) -> None:
    """Sources named in ``FEEDS`` are added once; running again changes nothing."""
    for url in settings.feeds:
        await storage.sources.ensure("feed", url.strip(), "")


async def add_feed(storage: Storage, poller: Poller, url: str) -> AddedFeed:
    """Add the feed ``url`` means (a feed URL, or a site page naming its feed) as a shared source.

    The same feed under tracking parameters is the source already there. The feed is fetched and
    parsed before it is added, through the poller's Fetcher (public addresses only unless allowed),
    and polled once right away. Raises AddSourceError with the reason when there is no feed.
    """
    url = url.strip()
    try:
        check_url_form(url)
    except BlockedURLError as exc:
        raise AddSourceError(Failure(exc.code, str(exc))) from exc
    existing = await storage.sources.get_by_url(url)
    if existing is not None:
        return AddedFeed(existing, created=False)
    try:
        found = await discover_feed(poller.fetcher, url)
    except (FetchError, FeedParseError) as exc:
        raise AddSourceError(failure_of(exc)) from exc
    existing = await storage.sources.get_by_url(found.url)
    if existing is not None:
        return AddedFeed(existing, created=False)
    source = await storage.sources.ensure("feed", found.url, found.feed.title[:TITLE_MAX_CHARS])
    report = await poller.poll_source(source)
    return AddedFeed(source, created=True, report=report, items=len(found.feed.entries))


class ReaderFeedOutcome(StrEnum):
    ADDED = "added"  # a new feed for this reader
    ALREADY = "already"  # the reader has it already (their own feed, or a shared source kept on)
    SHARED = "shared"  # it is a shared source: switched on for the reader instead
    LIMIT = "limit"  # the reader has READER_MAX_SOURCES own feeds


@dataclass(frozen=True, slots=True)
class ReaderFeed:
    """What ``add_reader_feed`` did; ``items`` is the feed's item count when it was fetched now."""

    outcome: ReaderFeedOutcome
    source: Source | None = None
    items: int = 0


async def add_reader_feed(
    storage: Storage, poller: Poller, chat_id: int, url: str, max_sources: int, *, poll: bool = True
) -> ReaderFeed:
    """Add the feed ``url`` means to a reader's own feeds (``/add`` and OPML import).

    One source per feed URL however many readers add it: a feed someone already added is linked,
    not fetched again; a shared source is switched on for the reader. A new feed goes through the
    same discovery, public-address guard and pinned fetch as ``add_feed``, is stored as a personal
    source and, with ``poll``, polled once right away (an OPML import leaves that to the scheduled
    poll, so it fetches nothing but its feeds). Raises AddSourceError with the reason when there is
    no feed.
    """
    url = url.strip()
    try:
        check_url_form(url)
    except BlockedURLError as exc:
        raise AddSourceError(Failure(exc.code, str(exc))) from exc
    own = await storage.personal.feed_ids_of(chat_id)
    existing = await storage.sources.get_by_url(url)
    items = 0
    found_title = ""
    if existing is None:
        if len(own) >= max_sources:
            return ReaderFeed(ReaderFeedOutcome.LIMIT)
        try:
            found = await discover_feed(poller.fetcher, url)
        except (FetchError, FeedParseError) as exc:
            raise AddSourceError(failure_of(exc)) from exc
        existing = await storage.sources.get_by_url(found.url)
        items = len(found.feed.entries)
        found_title = found.feed.title[:TITLE_MAX_CHARS]
        url = found.url
    if existing is not None and not await storage.personal.is_personal(existing.id):
        choices = await storage.readers.source_choices(chat_id)
        if existing.enabled and choices.get(existing.id, True):
            return ReaderFeed(ReaderFeedOutcome.ALREADY, existing)
        await storage.readers.set_source_enabled(chat_id, existing.id, True)
        return ReaderFeed(ReaderFeedOutcome.SHARED, existing)
    if existing is not None and existing.id in own:
        return ReaderFeed(ReaderFeedOutcome.ALREADY, existing)
    if len(own) >= max_sources:
        return ReaderFeed(ReaderFeedOutcome.LIMIT)
    created = existing is None
    source = existing or await storage.personal.add_personal_source(url, found_title)
    if not await storage.personal.follow(chat_id, source.id, max_sources):
        return ReaderFeed(ReaderFeedOutcome.LIMIT)
    if poll and (created or not source.enabled):
        refreshed = await storage.sources.get(source.id)
        await poller.poll_source(refreshed or source)
    return ReaderFeed(ReaderFeedOutcome.ADDED, await storage.sources.get(source.id) or source, items)


async def poll_now(poller: Poller) -> list[SourceReport]:
    """Poll every enabled feed now, in id order; failures leave the automatic backoff as it was."""
    reports = await poller.poll_all(manual=True)
    return sorted(reports, key=lambda r: r.source_id)


async def approve_channel(storage: Storage, chat_id: int, title: str | None, username: str | None) -> Source:
    """Make a Telegram channel a shared source: its posts are stored from now on (idempotent)."""
    name = (title or username or str(chat_id))[:TITLE_MAX_CHARS]
    return await storage.sources.ensure("channel", channel_source_url(chat_id), name)
