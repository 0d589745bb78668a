"""Polling feed sources: fetch, parse, complete leads from pages, process; back off on failure.

Sources are polled concurrently through one Fetcher; each source's failure is recorded on it
(``last_error``, ``error_count``, ``next_fetch_at``) and never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Self

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import metrics
from bot.config import Settings
from bot.ingest.failures import failure_of
from bot.ingest.feed_parser import FeedParseError, parse_feed
from bot.ingest.fetcher import Fetcher, FetchError
from bot.ingest.pages import PageExtractor
from bot.ingest.processor import ArticleProcessor, Outcome
from bot.ingest.sources import add_configured_feeds
from bot.scheduler import JobContext
from storage import Storage
from storage.sources import Source
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

SOURCE_CONCURRENCY = 8
MAX_BACKOFF = timedelta(hours=6)
# Stored story signatures older than this can match nothing any more (the window is 48 h).
SIGNATURE_RETENTION = timedelta(days=3)


@dataclass(slots=True)
class SourceReport:
    """What one poll of one source did."""

    source_id: int
    title: str
    url: str
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    not_modified: bool = False
    error: str | None = None

    def line(self) -> str:
        head = f"[{self.source_id}] {self.title}"
        if self.error:
            return f"{head}: error: {self.error}"
        if self.not_modified:
            return f"{head}: not modified"
        return f"{head}: stored {self.stored}, duplicates {self.duplicates}, skipped {self.skipped}"


def backoff_delay(poll_seconds: int, error_count: int) -> timedelta:
    """Wait before retrying a source that failed ``error_count`` times in a row: doubling, capped."""
    base = timedelta(seconds=poll_seconds)
    exponent = max(0, min(error_count - 1, 16))
    delay: timedelta = min(base * (2**exponent), max(MAX_BACKOFF, base))
    return delay


class Poller:
    """Polls feed sources into storage. Use as an async context manager (it owns its Fetcher)."""

    def __init__(
        self,
        storage: Storage,
        settings: Settings,
        *,
        extract_pages: bool = True,
        fetcher: Fetcher | None = None,
        source_concurrency: int = SOURCE_CONCURRENCY,
    ) -> None:
        self.storage = storage
        self.settings = settings
        self._own_fetcher = fetcher is None
        self.fetcher = fetcher or Fetcher(allow_private_networks=settings.allow_private_networks)
        self.pages = PageExtractor(self.fetcher) if extract_pages else None
        self.processor = ArticleProcessor(storage, settings)
        self._slots = asyncio.Semaphore(source_concurrency)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._own_fetcher:
            await self.fetcher.aclose()

    async def poll_all(self, *, due_only: bool = False, manual: bool = False) -> list[SourceReport]:
        """Poll every enabled feed source (only those due, with ``due_only``), concurrently.

        ``manual`` (an admin's "poll now"): a failure is recorded but leaves the automatic backoff
        (failure count, next poll time) where it was.
        """
        now = utcnow()
        if due_only:
            # A little slack: a source polled one interval ago is due although a second is missing.
            sources = await self.storage.sources.due(now + timedelta(seconds=5))
        else:
            sources = [s for s in await self.storage.sources.list("feed") if s.enabled]
        reports = list(await asyncio.gather(*(self._poll_limited(s, manual) for s in sources)))
        await self.processor.stories.prune(now - SIGNATURE_RETENTION)
        return reports

    async def _poll_limited(self, source: Source, manual: bool) -> SourceReport:
        async with self._slots:
            return await self.poll_source(source, manual=manual)

    async def poll_source(self, source: Source, *, manual: bool = False) -> SourceReport:
        """Poll one source; any failure is logged once with the source and recorded on it.

        The recorded error is "code: detail" (``bot.ingest.failures``). A ``manual`` poll that fails
        does not count towards the backoff: the next automatic poll stays when it was.
        """
        report = SourceReport(source.id, source.title, source.url)
        try:
            await self._poll(source, report)
        except (FetchError, FeedParseError) as exc:
            report.error = str(failure_of(exc))
        except Exception as exc:  # a bug or an unforeseen input must not stop the other sources
            log.exception("source %d (%s): poll failed", source.id, source.url)
            report.error = str(failure_of(exc))
        if report.error is not None and manual:
            log.warning("source %d (%s): %s (manual poll)", source.id, source.url, report.error)
            await self.storage.sources.record_error(source.id, report.error)
        elif report.error is not None:
            errors = source.error_count + 1
            delay = backoff_delay(self.settings.feed_poll_seconds, errors)
            log.warning(
                "source %d (%s): %s; failure %d in a row, next try in %s",
                source.id,
                source.url,
                report.error,
                errors,
                delay,
            )
            await self.storage.sources.record_failure(source.id, report.error, next_fetch_at=utcnow() + delay)
        metrics.record_poll(failed=report.error is not None, not_modified=report.not_modified)
        return report

    async def _poll(self, source: Source, report: SourceReport) -> None:
        started = utcnow()
        result = await self.fetcher.fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        metrics.FETCH_SECONDS.observe((utcnow() - started).total_seconds())
        next_fetch = started + timedelta(seconds=self.settings.feed_poll_seconds)
        if result.permanent_url and result.permanent_url != source.url:
            await self._move(source, result.permanent_url)
        if result.not_modified:
            report.not_modified = True
            await self.storage.sources.record_success(
                source.id,
                etag=result.etag or source.etag,
                last_modified=result.last_modified or source.last_modified,
                next_fetch_at=next_fetch,
            )
            return
        # Off the event loop: a 10 MB feed takes feedparser a while, and replies must not wait for it.
        feed = await asyncio.to_thread(
            parse_feed,
            result.content,
            url=result.url,
            fallback_time=started,
            content_type=result.content_type,
        )
        if feed.problem:
            log.warning(
                "source %d (%s): malformed feed, salvaged what parsed: %s",
                source.id,
                source.url,
                feed.problem,
            )
        if feed.title and source.has_placeholder_title and feed.title != source.url:
            await self.storage.sources.set_title(source.id, feed.title[:200])
            report.title = feed.title[:200]
        drafts = feed.entries
        if self.pages is not None:
            drafts = await self.pages.complete_all(drafts, f"{source.id} ({source.url})")
        for draft in drafts:
            try:
                outcome = (await self.processor.process(draft, source.id)).outcome
            except Exception:  # one bad entry is skipped; the rest of the feed is kept
                log.exception(
                    "source %d (%s): entry %s failed", source.id, source.url, draft.url or draft.guid
                )
                report.skipped += 1
                continue
            if outcome is Outcome.STORED:
                report.stored += 1
            elif outcome is Outcome.DUPLICATE:
                report.duplicates += 1
            else:
                report.skipped += 1
        await self.storage.sources.record_success(
            source.id, etag=result.etag, last_modified=result.last_modified, next_fetch_at=next_fetch
        )
        if report.stored:
            log.info("source %d (%s): stored %d new articles", source.id, source.url, report.stored)

    async def _move(self, source: Source, new_url: str) -> None:
        """A permanent redirect: the source lives at ``new_url`` from now on (unless that is taken)."""
        if await self.storage.sources.get_by_url(new_url) is not None:
            log.warning(
                "source %d (%s): moved to %s, which is another source", source.id, source.url, new_url
            )
            return
        await self.storage.sources.set_url(source.id, new_url)
        log.info("source %d: moved permanently from %s to %s", source.id, source.url, new_url)


def summary_line(reports: list[SourceReport]) -> str:
    """One line with the totals of a poll."""
    stored = sum(r.stored for r in reports)
    failed = sum(1 for r in reports if r.error)
    return f"total: stored {stored} from {len(reports)} sources ({failed} failed)"


async def poll_due_sources(context: JobContext) -> None:
    """The scheduled job: poll the sources that are due; never raises into the scheduler."""
    try:
        async with Poller(context.storage, context.settings) as poller:
            reports = await poller.poll_all(due_only=True)
    except Exception:
        log.exception("scheduled poll failed")
        return
    if reports:
        log.info("scheduled poll: %s", summary_line(reports))


def register_polling_jobs(scheduler: AsyncIOScheduler, context: JobContext) -> None:
    """Poll due sources every ``FEED_POLL_SECONDS``, the first time right at start-up."""
    scheduler.add_job(
        poll_due_sources,
        "interval",
        seconds=context.settings.feed_poll_seconds,
        args=[context],
        id="poll-feeds",
        name="poll feed sources",
        next_run_time=datetime.now(scheduler.timezone),
        replace_existing=True,
    )


async def fetch_once(settings: Settings) -> int:
    """``python -m bot fetch``: add FEEDS, poll every feed once, print each source's result and a total.

    Exit status 1 when every source failed, else 0.
    """
    storage = await Storage.open(settings.database_target)
    try:
        await add_configured_feeds(storage, settings)
        async with Poller(storage, settings) as poller:
            reports = await poller.poll_all()
    finally:
        await storage.close()
    for report in sorted(reports, key=lambda r: r.source_id):
        print(report.line())
    print(summary_line(reports))
    return 1 if reports and all(r.error for r in reports) else 0
