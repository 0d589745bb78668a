"""Callback data of every inline button, in one place so sizes stay under Telegram's 64 bytes."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ReadArticle(CallbackData, prefix="read"):
    article_id: int


class Subscribe(CallbackData, prefix="sub"):
    on: bool


class ChooseLanguage(CallbackData, prefix="lang"):
    code: str
