"""A reader's own feeds: /add URL, OPML files sent to the bot, /export, and the remove buttons."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.sources import AddSourceError, ReaderFeed, ReaderFeedOutcome, add_reader_feed
from bot.ingest.urls import public_url
from bot.personal.opml import MAX_OPML_BYTES, OpmlError, OpmlFeed, OpmlProblem, parse_opml, write_opml
from bot.telegram.html import escape, join_blocks
from bot.text.shorten import shorten
from handlers.admin import reason_text
from handlers.callbacks import RemoveFeed
from handlers.settings import sources_keyboard
from storage import Storage
from storage.readers import Reader
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

router = Router(name="feeds")

TITLE_CHARS = 100
OPML_SUFFIXES = (".opml", ".xml")
# Feeds of one OPML file fetched at once; the Fetcher also holds each host to a few connections.
IMPORT_CONCURRENCY = 4
# The progress reply is edited at most this often (Telegram limits edits too).
PROGRESS_SECONDS = 3.0
FAILURES_SHOWN = 30
# What a reader is told about a file refused as a whole.
OPML_PROBLEM_KEYS = {
    OpmlProblem.TOO_LARGE: "opml-too-large",
    OpmlProblem.NOT_XML: "opml-not-xml",
    OpmlProblem.ENTITIES: "opml-entities",
    OpmlProblem.NOT_OPML: "opml-not-opml",
    OpmlProblem.NO_FEEDS: "opml-no-feeds",
    OpmlProblem.TOO_MANY_FEEDS: "opml-too-many-feeds",
}


async def _may_add(
    message: Message, reader: Reader, storage: Storage, settings: Settings, i18n: I18nContext
) -> bool:
    """Readers may add feeds and have attempts left this hour; the attempt is counted."""
    if not settings.readers_can_add_sources:
        await message.answer(i18n.get("add-disabled"))
        return False
    now = utcnow()
    hour_ago = now - timedelta(hours=1)
    attempts = await storage.personal.add_attempts_since(reader.chat_id, hour_ago)
    if attempts >= settings.reader_adds_per_hour:
        await message.answer(i18n.get("add-too-often", count=settings.reader_adds_per_hour))
        return False
    await storage.personal.record_add_attempt(reader.chat_id, now, keep_since=hour_ago)
    return True


@router.message(Command("add"))
async def cmd_add(
    message: Message,
    command: CommandObject,
    reader: Reader,
    storage: Storage,
    settings: Settings,
    ingest: IngestPipeline,
    i18n: I18nContext,
) -> None:
    argument = (command.args or "").strip()
    if not argument or " " in argument or not argument.lower().startswith(("http://", "https://")):
        await message.answer(i18n.get("add-usage"))
        return
    if not await _may_add(message, reader, storage, settings, i18n):
        return
    try:
        result = await add_reader_feed(
            storage, ingest.poller, reader.chat_id, argument, settings.reader_max_sources
        )
    except AddSourceError as exc:
        log.info("/add by %s of %s: %s", reader.chat_id, public_url(argument), exc.failure)
        await message.answer(i18n.get("add-failed", reason=reason_text(exc.failure, i18n)))
        return
    await message.answer(_outcome_text(result, settings, i18n))


def _outcome_text(result: ReaderFeed, settings: Settings, i18n: I18nContext) -> str:
    if result.outcome is ReaderFeedOutcome.LIMIT or result.source is None:
        return i18n.get("add-limit", count=settings.reader_max_sources)
    title = escape(shorten(result.source.title, TITLE_CHARS))
    if result.outcome is ReaderFeedOutcome.ADDED:
        return i18n.get("add-done", title=title, items=result.items)
    if result.outcome is ReaderFeedOutcome.SHARED:
        return i18n.get("add-shared-on", title=title)
    return i18n.get("add-already", title=title)


@dataclass(slots=True)
class ImportProgress:
    total: int
    added: int = 0
    already: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (feed, reason)

    @property
    def done(self) -> int:
        return self.added + self.already + len(self.failures)


def _feed_label(feed: OpmlFeed) -> str:
    return shorten(feed.title or public_url(feed.url), TITLE_CHARS)


def _import_report(progress: ImportProgress, i18n: I18nContext, *, finished: bool) -> list[str]:
    head = i18n.get(
        "opml-result" if finished else "opml-progress",
        done=progress.done,
        total=progress.total,
        added=progress.added,
        already=progress.already,
        failed=len(progress.failures),
    )
    blocks = [head]
    if finished:
        for label, reason in progress.failures[:FAILURES_SHOWN]:
            blocks.append(i18n.get("opml-failure-line", feed=escape(label), reason=reason))
        if len(progress.failures) > FAILURES_SHOWN:
            blocks.append(i18n.get("opml-more-failures", count=len(progress.failures) - FAILURES_SHOWN))
    return blocks


@router.message(F.chat.type == "private", F.document)
async def opml_document(
    message: Message,
    bot: Bot,
    reader: Reader,
    storage: Storage,
    settings: Settings,
    ingest: IngestPipeline,
    i18n: I18nContext,
) -> None:
    """An OPML file: every feed in it added as by /add, one reply edited as it goes."""
    document = message.document
    assert document is not None
    name = (document.file_name or "").lower()
    if not name.endswith(OPML_SUFFIXES):
        await message.answer(i18n.get("opml-not-opml-name"))
        return
    if document.file_size is not None and document.file_size > MAX_OPML_BYTES:
        await message.answer(i18n.get(OPML_PROBLEM_KEYS[OpmlProblem.TOO_LARGE]))
        return
    try:
        buffer = io.BytesIO()
        await bot.download(document, destination=buffer)
    except TelegramAPIError as exc:
        log.warning("OPML file of %s could not be downloaded: %s", reader.chat_id, exc)
        await message.answer(i18n.get("opml-download-failed"))
        return
    try:
        opml = parse_opml(buffer.getvalue())
    except OpmlError as exc:
        log.info("OPML file of %s refused: %s", reader.chat_id, exc)
        await message.answer(i18n.get(OPML_PROBLEM_KEYS[exc.problem]))
        return
    if not await _may_add(message, reader, storage, settings, i18n):
        return
    progress = ImportProgress(total=len(opml.feeds) + len(opml.skipped))
    for skipped in opml.skipped:
        progress.failures.append((skipped.title or skipped.url, i18n.get("failure-bad-url")))
    reply = await message.answer(_import_report(progress, i18n, finished=False)[0])
    last_edit = time.monotonic()
    slots = asyncio.Semaphore(IMPORT_CONCURRENCY)

    async def import_one(feed: OpmlFeed) -> None:
        nonlocal last_edit
        async with slots:
            try:
                result = await add_reader_feed(
                    storage, ingest.poller, reader.chat_id, feed.url, settings.reader_max_sources, poll=False
                )
            except AddSourceError as exc:
                log.info("OPML feed %s for %s: %s", public_url(feed.url), reader.chat_id, exc.failure)
                progress.failures.append((_feed_label(feed), reason_text(exc.failure, i18n)))
            else:
                if result.outcome is ReaderFeedOutcome.LIMIT:
                    progress.failures.append(
                        (
                            _feed_label(feed),
                            i18n.get("opml-reason-limit", count=settings.reader_max_sources),
                        )
                    )
                elif result.outcome is ReaderFeedOutcome.ADDED:
                    progress.added += 1
                else:
                    progress.already += 1
        if time.monotonic() - last_edit >= PROGRESS_SECONDS and progress.done < progress.total:
            last_edit = time.monotonic()
            with contextlib.suppress(TelegramBadRequest):
                await reply.edit_text(_import_report(progress, i18n, finished=False)[0])

    await asyncio.gather(*(import_one(feed) for feed in opml.feeds))
    parts = join_blocks(_import_report(progress, i18n, finished=True), separator="\n")
    with contextlib.suppress(TelegramBadRequest):
        await reply.edit_text(parts[0])
    for part in parts[1:]:
        await message.answer(part)


@router.message(Command("export"))
async def cmd_export(message: Message, reader: Reader, storage: Storage, i18n: I18nContext) -> None:
    """An OPML 2.0 file of the reader's own feeds and the shared sources they keep on."""
    feeds = [OpmlFeed(s.url, s.title) for s in await storage.personal.feeds_of(reader.chat_id)]
    choices = await storage.readers.source_choices(reader.chat_id)
    for source in await storage.personal.shared_sources():
        # A URL carrying the operator's credentials is not handed out.
        if source.kind == "feed" and choices.get(source.id, True) and public_url(source.url) == source.url:
            feeds.append(OpmlFeed(source.url, source.title))
    if not feeds:
        await message.answer(i18n.get("export-empty"))
        return
    document = write_opml(feeds, i18n.get("export-title"), utcnow())
    await message.answer_document(
        BufferedInputFile(document, filename="feeds.opml"),
        caption=i18n.get("export-caption", count=len(feeds)),
    )


@router.callback_query(RemoveFeed.filter())
async def press_remove_feed(
    query: CallbackQuery,
    callback_data: RemoveFeed,
    bot: Bot,
    reader: Reader,
    storage: Storage,
    i18n: I18nContext,
) -> None:
    source = await storage.sources.get(callback_data.source_id)
    removed = await storage.personal.unfollow(reader.chat_id, callback_data.source_id)
    if not removed or source is None:
        await query.answer(i18n.get("source-gone"))
    else:
        await query.answer(shorten(i18n.get("feed-removed", title=source.title), 200))
    if isinstance(query.message, Message):
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_reply_markup(reply_markup=await sources_keyboard(reader, storage, i18n))
