"""Polling feed sources: fetch, parse, complete leads from pages, process; back off on failure.

Each source is polled in a task of its own (at most ``SOURCE_CONCURRENCY`` at once) through the
process's one Fetcher and processor: the scheduled tick only starts the sources that are due and not
already being polled, so a slow or hostile source delays nobody else. Each source's failure is
recorded on it (``last_error``, ``error_count``, ``next_fetch_at``) and never stops the others.

A poll looks at the newest ``MAX_ENTRIES_EXAMINED`` entries, skips the ones already stored before
any page is fetched, and takes at most ``MAX_ENTRIES_PER_POLL`` new ones. Entries still owed (more
than one poll takes, or refused by a busy or full database) keep the source's validators unchanged
and bring the next poll forward, so they come again and are never hidden behind a 304.

On PostgreSQL several processes poll: each tick claims due sources for this process
(``SourceRepository.claim_due``, ``FOR UPDATE SKIP LOCKED``) with a lease, and the claim is released
once the poll has recorded its next time, so every source is polled by one process once per interval.
A process that dies holding claims leaves them to lapse after ``CLAIM_LEASE``. On SQLite, one process.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot import metrics
from bot.config import Settings
from bot.ingest.failures import failure_of
from bot.ingest.feed_parser import FeedParseError, parse_feed
from bot.ingest.fetcher import Fetcher, FetchError
from bot.ingest.models import ArticleDraft
from bot.ingest.pages import PageExtractor
from bot.ingest.processor import ArticleProcessor, Outcome
from storage import Storage, StorageUnavailable
from storage.sources import Source
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

SOURCE_CONCURRENCY = 8
# New entries taken in one poll, newest first; a feed with more is polled again soon for the rest.
MAX_ENTRIES_PER_POLL = 100
# Entries looked at in one poll (known ones cost an indexed lookup): a 100,000-item feed's tail is old.
MAX_ENTRIES_EXAMINED = 1000
# How often the scheduled tick looks for due sources (at most this late after a source is due).
POLL_TICK_SECONDS = 15
# A source with entries still owed (more than one poll takes, or refused by the database) comes again soon.
SOON = timedelta(seconds=30)
_NO_DATE = datetime.min.replace(tzinfo=UTC)
MAX_BACKOFF = timedelta(hours=6)
# Stored story signatures older than this can match nothing any more (the window is 48 h).
SIGNATURE_RETENTION = timedelta(days=3)
# How long a claim on a source holds: longer than any poll takes (fetches and pages are bounded),
# short enough that a dead process's sources are polled again soon.
CLAIM_LEASE = timedelta(minutes=10)
# Sources one tick may claim, less those still being polled here: minutes of polls at most.
CLAIM_AHEAD = 100


@dataclass(slots=True)
class SourceReport:
    """What one poll of one source did."""

    source_id: int
    title: str
    url: str
    stored: int = 0
    duplicates: int = 0
    skipped: int = 0
    # Entries the database could not take now: they come again at the next poll.
    deferred: int = 0
    not_modified: bool = False
    error: str | None = None

    def line(self) -> str:
        head = f"[{self.source_id}] {self.title}"
        if self.error:
            return f"{head}: error: {self.error}"
        if self.not_modified:
            return f"{head}: not modified"
        line = f"{head}: stored {self.stored}, duplicates {self.duplicates}, skipped {self.skipped}"
        return f"{line}, not stored yet {self.deferred}" if self.deferred else line


def backoff_delay(poll_seconds: int, error_count: int) -> timedelta:
    """Wait before retrying a source that failed ``error_count`` times in a row: doubling, capped."""
    base = timedelta(seconds=poll_seconds)
    exponent = max(0, min(error_count - 1, 16))
    delay: timedelta = min(base * (2**exponent), max(MAX_BACKOFF, base))
    return delay


def newest_first(entries: list[ArticleDraft], limit: int) -> list[ArticleDraft]:
    """The ``limit`` newest entries; undated ones after dated ones, in the feed's own order."""
    return sorted(entries, key=lambda d: d.published or _NO_DATE, reverse=True)[:limit]


class Poller:
    """Polls feed sources into storage through the pipeline's fetcher, page extractor and processor."""

    def __init__(
        self,
        storage: Storage,
        settings: Settings,
        *,
        fetcher: Fetcher,
        processor: ArticleProcessor,
        pages: PageExtractor | None,
        source_concurrency: int = SOURCE_CONCURRENCY,
        max_entries: int = MAX_ENTRIES_PER_POLL,
        max_examined: int = MAX_ENTRIES_EXAMINED,
    ) -> None:
        self.storage = storage
        self.settings = settings
        self.fetcher = fetcher
        self.pages = pages
        self.processor = processor
        self.max_entries = max_entries
        self.max_examined = max_examined
        self._slots = asyncio.Semaphore(source_concurrency)
        self._running: dict[int, asyncio.Task[SourceReport]] = {}
        self._pruned_at: datetime | None = None
        # Who holds a claim, as other processes and an operator reading the table see it.
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.claims = storage.db.dialect == "postgresql"
        # A source polled one interval ago is due although a second is missing; a tenth of the interval
        # at most, so that processes ticking out of step never poll a source much before its time.
        self.due_slack = min(timedelta(seconds=5), timedelta(seconds=settings.feed_poll_seconds) / 10)

    async def start_due(self) -> int:
        """Start a poll of every due source not being polled now; returns how many were started."""
        now = utcnow()
        moment = now + self.due_slack
        if self.claims:
            # Claim no more than this process gets through well within the lease: the rest stays
            # free for the others' ticks.
            room = CLAIM_AHEAD - len(self._running)
            sources = (
                await self.storage.sources.claim_due(moment, self.worker, CLAIM_LEASE, limit=room)
                if room > 0
                else []
            )
            started = 0
            for source in sources:
                if self._start(source, log_report=True, claimed=True):
                    started += 1
                else:  # being polled here already (a manual poll): that poll records its next time
                    await self._release(source.id)
        else:
            sources = await self.storage.sources.due(moment)
            started = sum(1 for s in sources if self._start(s, log_report=True))
        if self._pruned_at is None or now - self._pruned_at > timedelta(hours=1):
            self._pruned_at = now
            await self.processor.stories.prune(now - SIGNATURE_RETENTION)
        return started

    def _start(
        self, source: Source, *, log_report: bool = False, manual: bool = False, claimed: bool = False
    ) -> bool:
        if source.id in self._running:
            return False
        task = asyncio.create_task(
            self._poll_limited(source, manual, claimed), name=f"poll-source-{source.id}"
        )
        self._running[source.id] = task
        task.add_done_callback(lambda done: self._finished(source.id, done, log_report))
        return True

    def _finished(self, source_id: int, task: asyncio.Task[SourceReport], log_report: bool) -> None:
        if self._running.get(source_id) is task:
            del self._running[source_id]
        if task.cancelled() or not log_report:
            return
        exc = task.exception()
        if exc is not None:
            log.error("source %d: poll failed: %s", source_id, exc, exc_info=exc)

    async def poll_all(self, *, due_only: bool = False, manual: bool = False) -> list[SourceReport]:
        """Poll every enabled feed source (only those due, with ``due_only``) and wait for all.

        A source already being polled is not polled twice: its running poll's report is used.
        ``manual`` (an admin's "poll now"): a failure is recorded but leaves the automatic backoff
        (failure count, next poll time) where it was.
        """
        now = utcnow()
        if due_only:
            sources = await self.storage.sources.due(now + self.due_slack)
        else:
            sources = [s for s in await self.storage.sources.list("feed") if s.enabled]
        for source in sources:
            self._start(source, manual=manual)
        tasks = [self._running[s.id] for s in sources if s.id in self._running]
        reports = list(await asyncio.gather(*(asyncio.shield(t) for t in tasks)))
        await self.processor.stories.prune(now - SIGNATURE_RETENTION)
        return reports

    async def stop(self) -> None:
        """Cancel the polls under way (at shutdown); what they stored stays stored."""
        tasks = list(self._running.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _poll_limited(self, source: Source, manual: bool, claimed: bool = False) -> SourceReport:
        try:
            async with self._slots:
                return await self.poll_source(source, manual=manual)
        finally:
            if claimed:
                await self._release(source.id)

    async def _release(self, source_id: int) -> None:
        """Free the claim once the poll recorded its next time (not due, so nobody takes it early)."""
        try:
            await self.storage.sources.release_claim(source_id, self.worker)
        except Exception as exc:  # the lease ends it instead: polled again when the claim lapses
            log.warning("source %d: claim not released (%s): it lapses", source_id, exc)

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
        except StorageUnavailable as exc:
            # Nothing recorded: the source stays due and is polled again at the next tick.
            log.warning("source %d (%s): not polled now: %s", source.id, source.url, exc)
            report.error = str(exc)
            return report
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
            try:
                await self.storage.sources.record_failure(
                    source.id, report.error, next_fetch_at=utcnow() + delay
                )
            except StorageUnavailable as exc:
                log.warning("source %d: failure not recorded: %s", source.id, exc)
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
        drafts = newest_first(feed.entries, self.max_examined)
        if len(feed.entries) > len(drafts):
            log.info(
                "source %d (%s): %d entries, the newest %d looked at",
                source.id,
                source.url,
                len(feed.entries),
                len(drafts),
            )
        # Known entries cost one indexed lookup each, never a page request.
        unknown = await self.processor.unknown(drafts, source.id)
        report.duplicates += len(drafts) - len(unknown)
        fresh = unknown[: self.max_entries]
        report.deferred += len(unknown) - len(fresh)
        if self.pages is not None:
            fresh = await self.pages.complete_all(fresh, f"{source.id} ({source.url})")
        for index, draft in enumerate(fresh):
            try:
                outcome = (await self.processor.process(draft, source.id)).outcome
            except StorageUnavailable as exc:
                # The database refuses now: the rest waits for the next poll, which must see them again.
                report.deferred += len(fresh) - index
                log.warning(
                    "source %d (%s): %d entries not stored yet (%s); polled again in %s",
                    source.id,
                    source.url,
                    report.deferred,
                    exc,
                    SOON,
                )
                break
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
        if report.deferred:
            # The old validators: the next poll gets the whole feed again, not a 304.
            await self.storage.sources.record_success(
                source.id,
                etag=source.etag,
                last_modified=source.last_modified,
                next_fetch_at=utcnow() + SOON,
            )
        else:
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
