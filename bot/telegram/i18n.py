"""Interface language: Fluent files per language, chosen per reader (stored choice, then Telegram's)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiogram.types import User
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager

from bot.config import LANGUAGES, Settings
from storage.readers import Reader

LOCALES_PATH = Path(__file__).parent / "locales" / "{locale}"


def supported_language(code: str | None) -> str | None:
    """Our language for a Telegram ``language_code`` ("ru-RU" -> "ru", "kz" -> "kk"), if we speak it."""
    if not code:
        return None
    base = code.lower().replace("_", "-").split("-")[0]
    base = {"kz": "kk"}.get(base, base)
    return base if base in LANGUAGES else None


def create_core(default_language: str) -> FluentRuntimeCore:
    return FluentRuntimeCore(path=LOCALES_PATH, default_locale=default_language, raise_key_error=False)


async def load_core(default_language: str) -> FluentRuntimeCore:
    """A Fluent core with every locale loaded, for code outside handlers (digests, the menu)."""
    core = create_core(default_language)
    await core.startup()
    return core


class ReaderLanguageManager(BaseManager):
    """The reader's stored language; for someone not yet registered, their Telegram language."""

    async def get_locale(
        self, event_from_user: User | None = None, reader: Reader | None = None, **_: Any
    ) -> str:
        if reader is not None:
            return reader.language
        from_telegram = supported_language(event_from_user.language_code if event_from_user else None)
        return from_telegram or str(self.default_locale)

    async def set_locale(self, locale: str, **_: Any) -> None:
        # The language handler stores the choice itself; the context only needs the new locale.
        return None


def create_i18n_middleware(settings: Settings) -> I18nMiddleware:
    return I18nMiddleware(
        core=create_core(settings.default_language),
        manager=ReaderLanguageManager(default_locale=settings.default_language),
        default_locale=settings.default_language,
    )
