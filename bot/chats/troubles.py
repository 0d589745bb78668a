"""Telling the administrator who connected a chat that it stopped working: once per trouble.

The notice goes through the outbox like every message the bot sends on its own. Its delivery key names
the chat, the trouble and the chat's connection (how many times it was connected), so a notice is
queued at most once per connection even when two processes (or a retry after a crash) see the same
error; the told flag on the chat keeps it once after old deliveries are pruned.
"""

from __future__ import annotations

import html
import logging
from enum import StrEnum

from aiogram_i18n.cores import FluentRuntimeCore

from bot.digest.render import core_translator
from storage import Storage
from storage.chats import ChatRecord, ChatTrouble
from storage.deliveries import DeliveryKind, OutgoingMessage

log = logging.getLogger(__name__)


class InactiveReason(StrEnum):
    """Why a chat went inactive, as the notice words it."""

    REMOVED = "removed"  # kicked, left, or the chat is gone (403)
    RIGHTS = "rights"  # demoted, or Telegram says the bot may not post there (400)


def chat_name(chat: ChatRecord) -> str:
    """The chat as an administrator knows it: its title, else its @username, else its id (escaped)."""
    name = chat.title or (f"@{chat.username}" if chat.username else str(chat.chat_id))
    return html.escape(name, quote=False)


async def tell_connecting_admin(
    storage: Storage,
    core: FluentRuntimeCore,
    chat: ChatRecord,
    trouble: ChatTrouble,
    reason: InactiveReason = InactiveReason.REMOVED,
) -> bool:
    """Queue the notice of ``trouble`` for the administrator who connected ``chat``; True if queued now.

    Nothing is queued when that person never started the bot (Telegram lets a bot write only to users
    who did), blocked it, or was already told since the chat was connected.
    """
    admin_id = chat.connected_by
    if admin_id is None:
        return False
    fresh = await storage.chats.get(chat.chat_id)
    if fresh is None or await storage.chats.was_told(fresh.chat_id, trouble):
        return False
    admin = await storage.readers.get(admin_id)
    if admin is None or admin.blocked:
        log.info("chat %s: %s, its administrator %s cannot be written to", chat.chat_id, trouble, admin_id)
        await storage.chats.mark_told(chat.chat_id, trouble)
        return False
    translate = core_translator(core, admin.language)
    if trouble == ChatTrouble.INACTIVE:
        text = translate("chat-notice-inactive", title=chat_name(fresh), reason=str(reason))
    else:
        text = translate("chat-notice-topic", title=chat_name(fresh))
    key = f"{trouble}:{fresh.chat_id}:{fresh.connections}"
    queued = await storage.deliveries.enqueue(admin_id, DeliveryKind.NOTICE, key, [OutgoingMessage(text)])
    await storage.chats.mark_told(chat.chat_id, trouble)
    return queued is not None
