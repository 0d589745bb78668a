"""A group upgraded to a supergroup: its settings, history and pending messages move to the new id.

Telegram posts a service message in the old group (``migrate_to_chat_id``) and one in the new
supergroup (``migrate_from_chat_id``); either moves the chat, and moving again does nothing, so the
order they come in (or the sender meeting the upgrade first, as a 400) does not matter. Open to
anyone (``chat_open``): it is Telegram's announcement, not a person changing the chat's settings.
"""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.types import Message

from storage import Storage

log = logging.getLogger(__name__)

router = Router(name="chat_migration")


async def _move(storage: Storage, old_id: int, new_id: int) -> None:
    if await storage.chats.migrate(old_id, new_id):
        log.info("group %s became supergroup %s: its settings and messages moved there", old_id, new_id)


@router.message(F.migrate_to_chat_id, flags={"chat_open": True})
async def on_migrate_to(message: Message, storage: Storage) -> None:
    assert message.migrate_to_chat_id is not None
    await _move(storage, message.chat.id, message.migrate_to_chat_id)


@router.message(F.migrate_from_chat_id, flags={"chat_open": True})
async def on_migrate_from(message: Message, storage: Storage) -> None:
    assert message.migrate_from_chat_id is not None
    await _move(storage, message.migrate_from_chat_id, message.chat.id)
