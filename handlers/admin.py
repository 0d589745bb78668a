"""Admin commands: /addsource URL, /removesource ID, /fetch, /stats (ADMIN_IDS only)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.ingest.feed_parser import FeedParseError
from bot.ingest.fetcher import FetchError
from bot.ingest.netguard import BlockedURLError, check_url
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.poller import SourceReport, probe_feed
from bot.telegram.html import escape, join_blocks
from handlers.arguments import parse_row_id
from storage import Storage

router = Router(name="admin")

ADMIN_COMMANDS = ("addsource", "removesource", "fetch", "stats")
ERROR_CHARS = 200


class IsAdmin(Filter):
    """The message comes from a user listed in ADMIN_IDS."""

    async def __call__(self, message: Message, settings: Settings) -> bool:
        return message.from_user is not None and message.from_user.id in settings.admin_ids


def _short(text: str, limit: int = ERROR_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def _answer_blocks(message: Message, blocks: list[str]) -> None:
    for part in join_blocks(blocks, separator="\n"):
        await message.answer(part)


@router.message(Command("addsource"), IsAdmin())
async def cmd_addsource(
    message: Message,
    command: CommandObject,
    storage: Storage,
    settings: Settings,
    ingest: IngestPipeline,
    i18n: I18nContext,
) -> None:
    url = (command.args or "").strip()
    if not url or " " in url or not url.lower().startswith(("http://", "https://")):
        await message.answer(i18n.get("admin-addsource-usage"))
        return
    existing = await storage.sources.get_by_url(url)
    if existing is not None:
        await message.answer(
            i18n.get("admin-source-exists", id=existing.id, title=escape(_short(existing.title)))
        )
        return
    try:
        # Checked before any request; the fetcher checks every redirect hop again.
        await check_url(url, allow_private=settings.allow_private_networks)
    except BlockedURLError as exc:
        await message.answer(i18n.get("admin-url-refused", reason=escape(_short(str(exc)))))
        return
    try:
        final_url, feed = await probe_feed(ingest.fetcher, url)
    except FetchError as exc:
        await message.answer(i18n.get("admin-fetch-failed", reason=escape(_short(str(exc)))))
        return
    except FeedParseError as exc:
        await message.answer(i18n.get("admin-not-a-feed", reason=escape(_short(str(exc)))))
        return
    source = await storage.sources.ensure("feed", final_url, feed.title[:200] or final_url)
    report = await ingest.poller.poll_source(source)
    await message.answer(
        i18n.get(
            "admin-source-added",
            id=source.id,
            title=escape(_short(source.title)),
            url=escape(final_url),
            stored=report.stored,
        )
    )


@router.message(Command("removesource"), IsAdmin())
async def cmd_removesource(
    message: Message, command: CommandObject, storage: Storage, i18n: I18nContext
) -> None:
    source_id = parse_row_id(command.args or "")
    if source_id is None:
        await message.answer(i18n.get("admin-removesource-usage"))
        return
    source = await storage.sources.get(source_id)
    if source is None or not await storage.sources.remove(source.id):
        await message.answer(i18n.get("admin-source-not-found", id=source_id))
        return
    await message.answer(i18n.get("admin-source-removed", id=source.id, title=escape(_short(source.title))))


def _report_line(report: SourceReport, i18n: I18nContext) -> str:
    title = escape(_short(report.title, 80))
    if report.error:
        return i18n.get(
            "admin-fetch-line-error", id=report.source_id, title=title, error=escape(_short(report.error))
        )
    if report.not_modified:
        return i18n.get("admin-fetch-line-not-modified", id=report.source_id, title=title)
    return i18n.get(
        "admin-fetch-line",
        id=report.source_id,
        title=title,
        stored=report.stored,
        duplicates=report.duplicates,
    )


@router.message(Command("fetch"), IsAdmin())
async def cmd_fetch(message: Message, ingest: IngestPipeline, i18n: I18nContext) -> None:
    reports = await ingest.poller.poll_all()
    if not reports:
        await message.answer(i18n.get("admin-fetch-no-sources"))
        return
    reports.sort(key=lambda r: r.source_id)
    total = i18n.get(
        "admin-fetch-total",
        stored=sum(r.stored for r in reports),
        sources=len(reports),
        failed=sum(1 for r in reports if r.error),
    )
    await _answer_blocks(message, [_report_line(r, i18n) for r in reports] + [total])


@router.message(Command("stats"), IsAdmin())
async def cmd_stats(message: Message, storage: Storage, i18n: I18nContext) -> None:
    sources = await storage.sources.list()
    per_source = await storage.articles.count_by_source()
    blocks = [
        i18n.get(
            "admin-stats",
            readers=await storage.readers.count(),
            subscribers=await storage.readers.count(subscribed_only=True),
            articles=await storage.articles.count(),
            sources=len(sources),
        )
    ]
    for source in sources:
        line = i18n.get(
            "admin-stats-source",
            id=source.id,
            kind=source.kind,
            title=escape(_short(source.title, 80)),
            articles=per_source.get(source.id, 0),
        )
        if source.last_error:
            line += "\n" + i18n.get(
                "admin-stats-source-error", count=source.error_count, error=escape(_short(source.last_error))
            )
        blocks.append(line)
    await _answer_blocks(message, blocks)


@router.message(Command(*ADMIN_COMMANDS))
async def not_an_admin(message: Message, i18n: I18nContext) -> None:
    """Reached only when IsAdmin rejected the sender above."""
    await message.answer(i18n.get("admin-only"))
