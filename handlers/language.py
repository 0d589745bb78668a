"""/language: the interface language, ru / kk / en."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.config import LANGUAGES
from handlers.callbacks import ChooseLanguage
from storage import Storage
from storage.readers import Reader

router = Router(name="language")

LANGUAGE_NAMES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}


@router.message(Command("language"))
async def cmd_language(message: Message, i18n: I18nContext, reader: Reader) -> None:
    buttons = [
        InlineKeyboardButton(
            text=("✅ " if code == reader.language else "") + LANGUAGE_NAMES[code],
            callback_data=ChooseLanguage(code=code).pack(),
        )
        for code in LANGUAGES
    ]
    await message.answer(
        i18n.get("language-choose"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[buttons])
    )


@router.callback_query(ChooseLanguage.filter())
async def press_language(
    query: CallbackQuery, callback_data: ChooseLanguage, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    if callback_data.code not in LANGUAGES:
        await query.answer()
        return
    await storage.readers.set_language(reader.chat_id, callback_data.code)
    with i18n.use_locale(callback_data.code):
        text = i18n.get("language-set")
    await query.answer(text)
    if query.bot is not None:
        await query.bot.send_message(reader.chat_id, text)
