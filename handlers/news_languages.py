"""The languages of the news a reader gets: buttons under /settings that switch ru, kk and en."""

from __future__ import annotations

import contextlib

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessageUnion,
    Message,
)
from aiogram_i18n import I18nContext

from bot.personal.news_languages import (
    NEWS_LANGUAGES,
    format_news_languages,
    parse_news_languages,
    toggle_news_language,
)
from handlers.callbacks import ToggleNewsLanguage
from storage import Storage
from storage.readers import Reader

router = Router(name="news_languages")

# Each language by its own name, whatever the interface language.
LANGUAGE_NAMES = {"ru": "Русский", "kk": "Қазақша", "en": "English"}


async def news_languages_view(
    reader: Reader, storage: Storage, i18n: I18nContext
) -> tuple[str, InlineKeyboardMarkup]:
    chosen = parse_news_languages(await storage.personal.news_languages(reader.chat_id))
    text = i18n.get("news-languages-text", default="yes" if chosen is None else "no")
    buttons = []
    for code in NEWS_LANGUAGES:
        on = chosen is None or code in chosen
        label = ("✅ " if on else "▫️ ") + LANGUAGE_NAMES[code]
        buttons.append(InlineKeyboardButton(text=label, callback_data=ToggleNewsLanguage(code=code).pack()))
    return text, InlineKeyboardMarkup(inline_keyboard=[buttons])


async def send_news_languages(
    to: MaybeInaccessibleMessageUnion, reader: Reader, storage: Storage, i18n: I18nContext
) -> None:
    text, keyboard = await news_languages_view(reader, storage, i18n)
    await to.answer(text, reply_markup=keyboard)


@router.callback_query(ToggleNewsLanguage.filter())
async def press_news_language(
    query: CallbackQuery,
    callback_data: ToggleNewsLanguage,
    reader: Reader,
    storage: Storage,
    i18n: I18nContext,
) -> None:
    if callback_data.code not in NEWS_LANGUAGES:
        await query.answer(i18n.get("button-stale"))
        return
    chosen = parse_news_languages(await storage.personal.news_languages(reader.chat_id))
    updated = toggle_news_language(chosen, callback_data.code)
    await storage.personal.set_news_languages(reader.chat_id, format_news_languages(updated))
    await query.answer(i18n.get("news-language-saved"))
    if isinstance(query.message, Message):
        text, keyboard = await news_languages_view(reader, storage, i18n)
        with contextlib.suppress(TelegramBadRequest):
            await query.message.edit_text(text, reply_markup=keyboard)
