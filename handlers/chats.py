"""/chats (the channels and groups a user administers, to edit from the private chat) and /here (the
forum topic a group's messages go to)."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.chats.admins import AdminChecker
from bot.chats.editing import EDITING
from bot.telegram.middlewares import GROUP_TYPES, editing_of
from bot.text.shorten import shorten
from handlers.callbacks import PickChat
from handlers.settings import settings_view
from storage import Storage
from storage.chats import ChatKind, ChatRecord

router = Router(name="chats")

# Each candidate is asked from Telegram (remembered a minute): a bound on the calls of one /chats.
MAX_CHATS = 50
TITLE_CHARS = 50
KIND_ICONS = {ChatKind.CHANNEL: "📢", ChatKind.GROUP: "👥", ChatKind.SUPERGROUP: "👥"}


async def administered_chats(
    bot: Bot, storage: Storage, admins: AdminChecker, user_id: int
) -> list[ChatRecord]:
    """The chats ``user_id`` administers now: the candidates, each checked with Telegram."""
    found = []
    for chat in (await storage.chats.candidates_for(user_id))[:MAX_CHATS]:
        if await admins.is_admin(bot, chat.chat_id, user_id):
            found.append(chat)
        elif chat.active:
            await storage.chats.forget_admin(chat.chat_id, user_id)
    return found


async def chats_view(
    bot: Bot, storage: Storage, admins: AdminChecker, i18n: I18nContext, user_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    chats = await administered_chats(bot, storage, admins, user_id)
    editing = await storage.chats.edited_by(user_id)
    rows = []
    for chat in chats:
        mark = (
            "✏️ " if editing is not None and editing.chat_id == chat.chat_id else KIND_ICONS[chat.kind] + " "
        )
        label = mark + shorten(chat.title, TITLE_CHARS)
        if not chat.active:
            label += " · " + i18n.get("chat-inactive-mark")
        rows.append([InlineKeyboardButton(text=label, callback_data=PickChat(chat_id=chat.chat_id).pack())])
    if editing is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    text=i18n.get("button-own-settings"), callback_data=PickChat(chat_id=0).pack()
                )
            ]
        )
    text = i18n.get("chats-list" if chats else "chats-none")
    return text, InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


@router.message(Command("chats"), F.chat.type == "private", flags={"own": True})
async def cmd_chats(
    message: Message, bot: Bot, storage: Storage, admins: AdminChecker, i18n: I18nContext
) -> None:
    if message.from_user is None:
        return
    text, keyboard = await chats_view(bot, storage, admins, i18n, message.from_user.id)
    await message.answer(text, reply_markup=keyboard)


@router.message(Command("chats"), flags={"chat_open": True})
async def cmd_chats_in_group(message: Message, i18n: I18nContext) -> None:
    await message.reply(i18n.get("chats-in-private"))


@router.callback_query(PickChat.filter(), F.message.chat.type == "private", flags={"own": True})
async def press_pick_chat(
    query: CallbackQuery,
    callback_data: PickChat,
    bot: Bot,
    storage: Storage,
    admins: AdminChecker,
    i18n: I18nContext,
) -> None:
    """Edit a chat from now on (checked with Telegram), or go back to one's own settings (0)."""
    user_id = query.from_user.id
    if query.message is None:
        await query.answer(i18n.get("button-stale"))
        return
    if callback_data.chat_id == 0:
        await storage.chats.edit_for(user_id, None)
        await query.answer(i18n.get("chat-editing-own"))
        own = await storage.readers.get(user_id)
        if own is not None:
            text, keyboard = await settings_view(own, storage, i18n)
            await query.message.answer(text, reply_markup=keyboard)
        return
    chat = await storage.chats.get(callback_data.chat_id)
    target = await storage.readers.get(callback_data.chat_id)
    if chat is None or target is None:
        await query.answer(i18n.get("button-stale"))
        return
    if not await admins.is_admin(bot, chat.chat_id, user_id):
        await query.answer(i18n.get("chat-not-admin-private", title=html.escape(chat.title))[:200])
        return
    await storage.chats.edit_for(user_id, chat.chat_id)
    await query.answer(shorten(i18n.get("chat-editing-chosen", title=chat.title), 200))
    token = EDITING.set(editing_of(chat, user_id, i18n))
    try:
        text, keyboard = await settings_view(target, storage, i18n)
        await query.message.answer(text, reply_markup=keyboard)
    finally:
        EDITING.reset(token)


@router.message(Command("here"), F.chat.type.in_(GROUP_TYPES))
async def cmd_here(message: Message, storage: Storage, i18n: I18nContext) -> None:
    """In a forum: this topic becomes where the chat's messages go; in the general topic, back to it."""
    if not message.chat.is_forum:
        await message.reply(i18n.get("here-not-forum"))
        return
    thread_id = message.message_thread_id if message.is_topic_message else None
    await storage.chats.set_thread(message.chat.id, thread_id)
    await message.reply(i18n.get("here-general" if thread_id is None else "here-set"))


@router.message(Command("here"), flags={"own": True})
async def cmd_here_in_private(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("here-in-private"))
