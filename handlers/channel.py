"""Posts in channels where the bot is an admin: stored as articles, edits update them."""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import Message

from bot.ingest.channel_posts import ChannelPost, store_channel_post
from bot.ingest.pipeline import IngestPipeline

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
    )


@router.channel_post()
async def on_channel_post(message: Message, ingest: IngestPipeline) -> None:
    result = await store_channel_post(ingest.processor, _post(message))
    log.info("channel %s post %d: %s", message.chat.id, message.message_id, result.outcome.value)


@router.edited_channel_post()
async def on_edited_channel_post(message: Message, ingest: IngestPipeline) -> None:
    result = await store_channel_post(ingest.processor, _post(message), edited=True)
    log.info("channel %s edited post %d: %s", message.chat.id, message.message_id, result.outcome.value)
