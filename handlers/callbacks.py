"""Callback data of every inline button, in one place so sizes stay under Telegram's 64 bytes."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ReadArticle(CallbackData, prefix="read"):
    article_id: int


class Subscribe(CallbackData, prefix="sub"):
    on: bool


class ChooseLanguage(CallbackData, prefix="lang"):
    code: str


class SettingsAction(CallbackData, prefix="set"):
    # "sources", "language" or "digest": the buttons under /settings
    action: str


class SetDigestTime(CallbackData, prefix="dt"):
    # Minutes after local midnight: "HH:MM" would clash with the ":" separator.
    minutes: int


class ToggleSource(CallbackData, prefix="src"):
    source_id: int
    on: bool
