"""/language: the interface language, ru / kk / en."""

from __future__ import annotations

import contextlib

from aiogram import Bot, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessageUnion,
    Message,
)
from aiogram_i18n import I18nContext

from bot.config import LANGUAGES, Settings
from bot.telegram.menu import set_chat_menu
from handlers.callbacks import ChooseLanguage
from storage import Storage
from storage.readers import Reader

router = Router(name="language")

LANGUAGE_NAMES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}


def language_keyboard(current: str) -> InlineKeyboardMarkup:
    """One button per language, the current one ticked."""
    buttons = [
        InlineKeyboardButton(
            text=("✅ " if code == current else "") + LANGUAGE_NAMES[code],
            callback_data=ChooseLanguage(code=code).pack(),
        )
        for code in LANGUAGES
    ]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


async def send_language_choice(to: MaybeInaccessibleMessageUnion, reader: Reader, i18n: I18nContext) -> None:
    """The language chooser as a new message in the conversation of ``to``."""
    await to.answer(i18n.get("language-choose"), reply_markup=language_keyboard(reader.language))


@router.message(Command("language"))
async def cmd_language(message: Message, i18n: I18nContext, reader: Reader) -> None:
    await send_language_choice(message, reader, i18n)


@router.callback_query(ChooseLanguage.filter())
async def press_language(
    query: CallbackQuery,
    callback_data: ChooseLanguage,
    bot: Bot,
    reader: Reader,
    storage: Storage,
    settings: Settings,
    i18n: I18nContext,
) -> None:
    """Store the choice, confirm it once (the answer), redraw the chooser in the new language with
    the new tick, and give the reader's chat a menu in that language. For a group or channel it is the
    language of its digests and replies there."""
    language = callback_data.code
    if language not in LANGUAGES:
        await query.answer(i18n.get("button-stale"))
        return
    await storage.readers.set_language(reader.chat_id, language)
    # Someone setting up a chat from their private chat keeps their own language on screen.
    own = reader.chat_id == query.from_user.id
    in_group = query.message is not None and query.message.chat.type != "private"
    with i18n.use_locale(language if own or in_group else i18n.locale):
        await query.answer(i18n.get("language-set"))
        if isinstance(query.message, Message):
            # Pressing the ticked language again changes nothing on screen ("not modified").
            with contextlib.suppress(TelegramBadRequest):
                await query.message.edit_text(
                    i18n.get("language-choose"), reply_markup=language_keyboard(language)
                )
    if own:  # a group's menu is the shared one of all groups
        admin = query.from_user.id in settings.admin_ids
        await set_chat_menu(bot, i18n.core, reader.chat_id, language, admin=admin)
