"""/start and /help."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.telegram.html import escape
from bot.telegram.menu import set_chat_menu
from handlers.callbacks import Subscribe
from storage.readers import Reader

router = Router(name="start")


@router.message(CommandStart(), F.chat.type.in_(("group", "supergroup")), flags={"chat_open": True})
@router.message(Command("help"), F.chat.type.in_(("group", "supergroup")), flags={"chat_open": True})
async def group_help(message: Message, i18n: I18nContext) -> None:
    """In a group, /start and /help say what the bot does there and who may change what."""
    await message.answer(i18n.get("group-help"))


@router.message(CommandStart(), flags={"chat_open": True, "own": True})
async def cmd_start(
    message: Message, bot: Bot, i18n: I18nContext, reader: Reader, settings: Settings
) -> None:
    """The greeting with a subscribe button; an admin also gets their menu with the admin commands
    (set at start-up too, but Telegram refuses that for an admin who had not opened the chat yet)."""
    if message.from_user is not None and message.from_user.id in settings.admin_ids:
        await set_chat_menu(bot, i18n.core, reader.chat_id, reader.language, admin=True)
    name = message.from_user.first_name if message.from_user else ""
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=i18n.get("button-subscribe"), callback_data=Subscribe(on=True).pack())]
        ]
    )
    await message.answer(i18n.get("start-greeting", name=escape(name or "")), reply_markup=keyboard)


@router.message(Command("help"), flags={"chat_open": True, "own": True})
async def cmd_help(message: Message, i18n: I18nContext, settings: Settings) -> None:
    text = i18n.get("help-text") + "\n" + i18n.get("help-chats")
    if message.from_user and message.from_user.id in settings.admin_ids:
        text += "\n\n" + i18n.get("help-admin")
    await message.answer(text)
