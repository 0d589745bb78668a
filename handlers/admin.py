"""Admin commands: /addsource URL|@channel, /removesource ID, /fetch, /stats (ADMIN_IDS only), and the
button that approves a channel. The use cases live in ``bot.ingest.sources``; failures are shown as
short localized reasons, their detail goes to the log."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.ingest.failures import Failure, parse_failure
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.poller import SourceReport
from bot.ingest.sources import AddSourceError, add_feed, approve_channel, poll_now
from bot.ingest.urls import public_url
from bot.telegram.html import escape, join_blocks
from bot.telegram.menu import ADMIN_COMMANDS
from handlers.arguments import parse_row_id
from handlers.callbacks import ApproveChannel
from storage import Storage

log = logging.getLogger(__name__)

router = Router(name="admin")

TITLE_CHARS = 200
# Chats listed one per line in /stats (the counts cover all).
STATS_CHATS = 200
_CHANNEL_LINK = ("https://t.me/", "http://t.me/", "t.me/")


class IsAdmin(Filter):
    """The message or button press comes from a user listed in ADMIN_IDS."""

    async def __call__(self, event: Message | CallbackQuery, settings: Settings) -> bool:
        return event.from_user is not None and event.from_user.id in settings.admin_ids


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reason_text(failure: Failure, i18n: I18nContext, *, with_code: bool = False) -> str:
    """The failure as an admin reads it: a short reason in their language (and the code, for /stats)."""
    reason = i18n.get(f"failure-{failure.reason.value}")
    return f"{reason} ({escape(failure.code)})" if with_code else reason


async def _answer_blocks(message: Message, blocks: list[str]) -> None:
    for part in join_blocks(blocks, separator="\n"):
        await message.answer(part)


def _channel_name(argument: str) -> str | None:
    """ "@name" or a t.me link as "@name"; None for anything else."""
    for prefix in _CHANNEL_LINK:
        if argument.lower().startswith(prefix):
            argument = "@" + argument[len(prefix) :].strip("/").split("/", 1)[0]
            break
    name = argument[1:]
    if (
        argument.startswith("@")
        and 4 <= len(name) <= 32
        and name.replace("_", "").isalnum()
        and name.isascii()
    ):
        return argument
    return None


@router.message(Command("addsource"), IsAdmin())
async def cmd_addsource(
    message: Message,
    command: CommandObject,
    bot: Bot,
    storage: Storage,
    ingest: IngestPipeline,
    i18n: I18nContext,
) -> None:
    argument = (command.args or "").strip()
    channel = _channel_name(argument)
    if channel is not None:
        await _add_channel(message, bot, storage, i18n, channel)
        return
    if not argument or " " in argument or not argument.lower().startswith(("http://", "https://")):
        await message.answer(i18n.get("admin-addsource-usage"))
        return
    try:
        added = await add_feed(storage, ingest.poller, argument)
    except AddSourceError as exc:
        log.info("/addsource %s: %s", public_url(argument), exc.failure)
        await message.answer(i18n.get("admin-addsource-failed", reason=reason_text(exc.failure, i18n)))
        return
    source = added.source
    if not added.created:
        await message.answer(
            i18n.get("admin-source-exists", id=source.id, title=escape(_short(source.title)))
        )
        return
    await message.answer(
        i18n.get(
            "admin-source-added",
            id=source.id,
            title=escape(_short(source.title)),
            url=escape(public_url(source.url)),
            items=added.items,
            stored=added.report.stored if added.report else 0,
        )
    )


async def _add_channel(message: Message, bot: Bot, storage: Storage, i18n: I18nContext, name: str) -> None:
    try:
        chat = await bot.get_chat(name)
    except TelegramAPIError as exc:
        log.info("/addsource %s: %s", name, exc)
        await message.answer(i18n.get("admin-channel-not-found", name=escape(name)))
        return
    if chat.type != "channel":
        await message.answer(i18n.get("admin-channel-not-found", name=escape(name)))
        return
    source = await approve_channel(storage, chat.id, chat.title, chat.username)
    await message.answer(i18n.get("admin-channel-approved", id=source.id, title=escape(_short(source.title))))


@router.callback_query(ApproveChannel.filter(), IsAdmin())
async def approve_channel_button(
    query: CallbackQuery, callback_data: ApproveChannel, bot: Bot, storage: Storage, i18n: I18nContext
) -> None:
    try:
        chat = await bot.get_chat(callback_data.chat_id)
        title, username = chat.title, chat.username
    except TelegramAPIError as exc:  # removed from the channel since: approve it by its id all the same
        log.info("channel %s: no chat info (%s)", callback_data.chat_id, exc)
        title, username = None, None
    source = await approve_channel(storage, callback_data.chat_id, title, username)
    text = i18n.get("admin-channel-approved", id=source.id, title=escape(_short(source.title)))
    await query.answer(_short(text.replace("<b>", "").replace("</b>", ""), 190))
    if query.message is not None:
        try:
            await bot.edit_message_text(
                text, chat_id=query.message.chat.id, message_id=query.message.message_id, reply_markup=None
            )
        except TelegramAPIError as exc:  # the request may be too old to edit: the toast said it
            log.info("could not edit the channel request: %s", exc)


@router.callback_query(ApproveChannel.filter())
async def approve_channel_not_admin(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("admin-only"), show_alert=True)


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
        reason = reason_text(parse_failure(report.error), i18n, with_code=True)
        return i18n.get("admin-fetch-line-error", id=report.source_id, title=title, error=reason)
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
    reports = await poll_now(ingest.poller)
    if not reports:
        await message.answer(i18n.get("admin-fetch-no-sources"))
        return
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
    active, total = await storage.chats.count()
    blocks.append(i18n.get("admin-stats-chats", active=active, total=total))
    for chat in await storage.chats.all(limit=STATS_CHATS):
        blocks.append(
            i18n.get(
                "admin-stats-chat",
                id=chat.chat_id,
                kind=str(chat.kind),
                title=escape(_short(chat.title, 80)),
                mode=str(chat.mode),
                active="yes" if chat.active else "no",
            )
        )
    for source in sources:
        line = i18n.get(
            "admin-stats-source",
            id=source.id,
            kind=source.kind,
            title=escape(_short(source.title, 80)),
            articles=per_source.get(source.id, 0),
        )
        if source.last_error:
            reason = reason_text(parse_failure(source.last_error), i18n, with_code=True)
            line += "\n" + i18n.get("admin-stats-source-error", count=source.error_count, error=reason)
        blocks.append(line)
    await _answer_blocks(message, blocks)


@router.message(Command(*ADMIN_COMMANDS))
async def not_an_admin(message: Message, i18n: I18nContext) -> None:
    """Reached only when IsAdmin rejected the sender above."""
    await message.answer(i18n.get("admin-only"))
