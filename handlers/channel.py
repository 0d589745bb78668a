"""Posts in channels where the bot is an admin: stored as articles, edits update them."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import Message

from bot.config import Settings
from bot.ingest.channel_posts import ChannelPost, store_channel_post
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


@router.channel_post()
async def on_channel_post(message: Message, storage: Storage, settings: Settings) -> None:
    result = await store_channel_post(storage, settings, _post(message))
    log.info("channel %s post %d: %s", message.chat.id, message.message_id, result.outcome.value)


@router.edited_channel_post()
async def on_edited_channel_post(message: Message, storage: Storage, settings: Settings) -> None:
    result = await store_channel_post(storage, settings, _post(message), edited=True)
    log.info("channel %s edited post %d: %s", message.chat.id, message.message_id, result.outcome.value)
