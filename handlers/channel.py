"""Channels as sources: the bot made an administrator asks the bot admins to approve the channel;
posts of approved channels are stored as articles, edits update them, other posts are kept out."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.ingest.channel_posts import ChannelPost, channel_source_url, store_channel_post
from bot.ingest.pipeline import IngestPipeline
from bot.telegram.html import escape
from handlers.callbacks import ApproveChannel
from storage import Storage

log = logging.getLogger(__name__)

router = Router(name="channel")


def _post(message: Message) -> ChannelPost:
    # message.text is already plain: entities (bold, text links...) only mark ranges of it.
    return ChannelPost(
        chat_id=message.chat.id,
        title=message.chat.title,
        username=message.chat.username,
        message_id=message.message_id,
        text=message.text or message.caption or "",
        date=message.date,
        links=tuple(e.url for e in (message.entities or message.caption_entities or ()) if e.url),
    )


async def _store(message: Message, ingest: IngestPipeline, *, edited: bool) -> None:
    result = await store_channel_post(ingest.processor, _post(message), edited=edited)
    what = "edited post" if edited else "post"
    if result is None:
        log.info(
            "channel %s %s %d: kept out (not an approved source; /addsource @channel approves it)",
            message.chat.id,
            what,
            message.message_id,
        )
        return
    log.info("channel %s %s %d: %s", message.chat.id, what, message.message_id, result.outcome.value)


@router.channel_post()
async def on_channel_post(message: Message, ingest: IngestPipeline) -> None:
    await _store(message, ingest, edited=False)


@router.edited_channel_post()
async def on_edited_channel_post(message: Message, ingest: IngestPipeline) -> None:
    await _store(message, ingest, edited=True)


async def ask_approval(
    update: ChatMemberUpdated, bot: Bot, storage: Storage, settings: Settings, i18n: I18nContext
) -> None:
    """The bot was made a channel's administrator: ask every bot admin, in private, whether this
    channel's posts may become shared news (handlers.chat_members calls it)."""
    chat = update.chat
    source = await storage.sources.get_by_url(channel_source_url(chat.id))
    if source is not None:
        return  # approved before: its posts are stored already
    title = escape(chat.title or chat.username or str(chat.id))
    link = f"@{chat.username}" if chat.username else ""
    adder = update.from_user.full_name
    log.info("made administrator of channel %s (%s) by user %s", chat.id, chat.title, update.from_user.id)
    if not settings.admin_ids:
        log.warning("channel %s stays out of the news: ADMIN_IDS is empty, nobody can approve it", chat.id)
    for admin_id in settings.admin_ids:
        reader = await storage.readers.get(admin_id)
        locale = reader.language if reader is not None else settings.default_language
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(
                        text=i18n.get("button-approve-channel", locale),
                        callback_data=ApproveChannel(chat_id=chat.id).pack(),
                    )
                ]
            ]
        )
        text = i18n.get("admin-channel-request", locale, title=title, link=link, user=escape(adder))
        try:
            await bot.send_message(admin_id, text, reply_markup=keyboard)
        except TelegramAPIError as exc:  # an admin who never started the bot cannot be written to
            log.warning("could not ask admin %s to approve channel %s: %s", admin_id, chat.id, exc)
