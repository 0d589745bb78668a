"""The bot's own membership in channels and groups (``my_chat_member``), and who administers them
(``chat_member``, sent to a bot that is an administrator).

Added to a group, or made a channel's administrator allowed to post: the chat is connected, the
person who added the bot hears of it in private with a settings button, and a group gets one line
on how to set it up. Removed, or left without the right to post: the chat is inactive at once.
"""

from __future__ import annotations

import html
import logging
from typing import cast

from aiogram import Bot, Router
from aiogram.enums import ChatMemberStatus
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore

from bot.chats.admins import ADMIN_STATUSES, AdminChecker
from bot.chats.connecting import connect_chat, take_out
from bot.chats.membership import Change, chat_kind, membership_change
from bot.config import Settings
from handlers import channel
from handlers.callbacks import PickChat
from handlers.schedule_replies import schedule_words
from storage import Storage
from storage.chats import ChatKind, ChatRecord

log = logging.getLogger(__name__)

router = Router(name="chat_members")


@router.my_chat_member()
async def on_my_membership(
    update: ChatMemberUpdated,
    bot: Bot,
    storage: Storage,
    settings: Settings,
    admins: AdminChecker,
    i18n: I18nContext,
) -> None:
    kind = chat_kind(update.chat.type)
    if kind is None:
        return  # a private chat: blocking and unblocking are the sender's business
    what = membership_change(kind, update.new_chat_member)
    if what.change == Change.DEACTIVATE:
        assert what.reason is not None
        await take_out(storage, cast(FluentRuntimeCore, i18n.core), admins, update.chat.id, what.reason)
        return
    connected = await connect_chat(bot, storage, admins, settings, update.chat, kind, update.from_user)
    if kind == ChatKind.CHANNEL and update.new_chat_member.status == ChatMemberStatus.ADMINISTRATOR:
        await channel.ask_approval(update, bot, storage, settings, i18n)
    if not connected.newly:
        return
    await _tell_who_connected(bot, storage, i18n, connected.chat)
    if kind != ChatKind.CHANNEL:
        reader = await storage.readers.get(update.chat.id)
        locale = reader.language if reader is not None else settings.default_language
        try:
            await bot.send_message(update.chat.id, i18n.get("chat-connected-group", locale))
        except TelegramAPIError as exc:  # e.g. added without the right to write
            log.info("could not greet chat %s: %s", update.chat.id, exc)


async def _tell_who_connected(bot: Bot, storage: Storage, i18n: I18nContext, chat: ChatRecord) -> None:
    """The notice in private, with a button to the chat's settings; only to someone who started the bot."""
    if chat.connected_by is None:
        return
    person = await storage.readers.get(chat.connected_by)
    target = await storage.readers.get(chat.chat_id)
    if person is None or person.blocked or target is None:
        return
    with i18n.use_locale(person.language):
        words = schedule_words(target, i18n)
        text = i18n.get(
            "chat-connected-private",
            title=html.escape(chat.title),
            kind=str(chat.kind),
            schedule=words["schedule"],
            timezone=words["timezone"],
        )
        button = InlineKeyboardButton(
            text=i18n.get("button-chat-settings"), callback_data=PickChat(chat_id=chat.chat_id).pack()
        )
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[button]])
    try:
        await bot.send_message(person.chat_id, text, reply_markup=keyboard)
    except TelegramAPIError as exc:
        log.info("could not tell user %s that chat %s is connected: %s", person.chat_id, chat.chat_id, exc)


@router.chat_member()
async def on_member(update: ChatMemberUpdated, storage: Storage, admins: AdminChecker) -> None:
    """Someone was made or stopped being an administrator: /chats offers the chat to the right people."""
    user = update.new_chat_member.user
    if user.is_bot or not await storage.chats.is_chat(update.chat.id):
        return
    is_admin = update.new_chat_member.status in ADMIN_STATUSES
    admins.remember(update.chat.id, user.id, is_admin)
    if is_admin:
        await storage.chats.note_admins(update.chat.id, [user.id])
    else:
        await storage.chats.forget_admin(update.chat.id, user.id)
