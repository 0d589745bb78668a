"""Connecting a chat (the bot was added, promoted, or a group sent it a command) and taking it out.

A chat is known by its id only: a new title or @username changes nothing but what is shown.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat as TgChat
from aiogram.types import User
from aiogram_i18n.cores import FluentRuntimeCore

from bot.chats.admins import ADMIN_STATUSES, AdminChecker
from bot.chats.troubles import InactiveReason, tell_connecting_admin
from bot.config import Settings
from storage import Storage
from storage.chats import ChatKind, ChatRecord, ChatTrouble, Connected

log = logging.getLogger(__name__)


def chat_title(chat: TgChat) -> str:
    return chat.title or chat.username or str(chat.id)


async def connect_chat(
    bot: Bot,
    storage: Storage,
    admins: AdminChecker,
    settings: Settings,
    chat: TgChat,
    kind: ChatKind,
    by: User | None,
) -> Connected:
    """Connect ``chat``; a new one takes the zone and language of ``by`` when they are a reader.

    The chat's administrators are asked from Telegram and remembered, so /chats can offer it to them.
    """
    by_id = by.id if by is not None and not by.is_bot else None
    person = await storage.readers.get(by_id) if by_id is not None else None
    connected = await storage.chats.connect(
        chat.id,
        kind=kind,
        title=chat_title(chat),
        username=chat.username,
        is_forum=bool(chat.is_forum),
        connected_by=by_id,
        language=person.language if person else settings.default_language,
        timezone=person.timezone if person else settings.default_timezone,
        digest_time=settings.default_digest_time,
    )
    # The person who added the bot is a candidate already (connected_by); /chats asks Telegram anyway.
    await note_administrators(bot, storage, admins, chat.id)
    log.info("chat %s (%s) connected by %s, newly: %s", chat.id, kind, by_id, connected.newly)
    return connected


async def note_administrators(bot: Bot, storage: Storage, admins: AdminChecker, chat_id: int) -> None:
    """Remember who administers the chat now (getChatAdministrators); best effort."""
    try:
        members = await bot.get_chat_administrators(chat_id)
    except TelegramAPIError as exc:
        log.info("administrators of chat %s unknown: %s", chat_id, exc)
        return
    people = [m.user.id for m in members if not m.user.is_bot and m.status in ADMIN_STATUSES]
    for user_id in people:
        admins.remember(chat_id, user_id, True)
    await storage.chats.note_admins(chat_id, people)


async def take_out(
    storage: Storage,
    core: FluentRuntimeCore,
    admins: AdminChecker,
    chat_id: int,
    reason: InactiveReason,
) -> bool:
    """The bot was removed or lost its rights: nothing more goes to the chat from now on, its pending
    messages are dropped, and the person who connected it is told once. True if it was active."""
    changed = await storage.chats.deactivate(chat_id, str(reason))
    admins.forget_chat(chat_id)
    if not changed:
        return False
    await storage.deliveries.drop_chat(chat_id, f"chat inactive: {reason}")
    chat: ChatRecord | None = await storage.chats.get(chat_id)
    if chat is not None:
        await tell_connecting_admin(storage, core, chat, ChatTrouble.INACTIVE, reason)
    log.info("chat %s inactive: %s", chat_id, reason)
    return True
