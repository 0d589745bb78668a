"""Interface language: Fluent files per language, chosen per reader (stored choice, then Telegram's)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aiogram.types import User
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager

from bot.config import LANGUAGES, Settings
from storage.readers import Reader

LOCALES_PATH = Path(__file__).parent / "locales" / "{locale}"

# The last spoken word of a clock time's minutes ("09:00" is read "тоғыз нөл нөл"), by the minutes'
# units digit, or by their tens when the units are zero.
_KK_UNITS = ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_KK_TENS = ("нөл", "он", "жиырма", "отыз", "қырық", "елу")
_KK_BACK_VOWELS = frozenset("аоұыя")
_KK_FRONT_VOWELS = frozenset("әөүіеэи")
_KK_VOICELESS = frozenset("пфктсшщхцчқ")
_ENDS_WITH_TIME = re.compile(r"\b\d{1,2}:([0-5]\d)$")


def supported_language(code: str | None) -> str | None:
    """Our language for a Telegram ``language_code`` ("ru-RU" -> "ru", "kz" -> "kk"), if we speak it."""
    if not code:
        return None
    base = code.lower().replace("_", "-").split("-")[0]
    base = {"kz": "kk"}.get(base, base)
    return base if base in LANGUAGES else None


def kazakh_locative(times: str) -> str:
    """Clock times with the Kazakh locative ending ("09:00" -> "09:00-де", "08:30" -> "08:30-да").

    The ending follows the last word as the time is read aloud: its vowels (back or front) and whether
    it ends in a voiceless consonant. A list ("08:00, 18:30") takes it after its last time; text that
    does not end in HH:MM comes back unchanged.
    """
    match = _ENDS_WITH_TIME.search(times)
    if match is None:
        return times
    tens, units = divmod(int(match.group(1)), 10)
    word = _KK_UNITS[units] if units or not tens else _KK_TENS[tens]
    vowels = [c for c in word if c in _KK_BACK_VOWELS or c in _KK_FRONT_VOWELS]
    front = bool(vowels) and vowels[-1] in _KK_FRONT_VOWELS
    ending = ("т" if word[-1] in _KK_VOICELESS else "д") + ("е" if front else "а")
    return f"{times}-{ending}"


def _kk_locative(value: object) -> str:
    return kazakh_locative(str(value))


def create_core(default_language: str) -> FluentRuntimeCore:
    """The Fluent core over every locale, with the functions the .ftl files call."""
    return FluentRuntimeCore(
        path=LOCALES_PATH,
        default_locale=default_language,
        raise_key_error=False,
        functions={"KK_LOCATIVE": _kk_locative},
    )


async def load_core(default_language: str) -> FluentRuntimeCore:
    """A Fluent core with every locale loaded, for code outside handlers (digests, the menu)."""
    core = create_core(default_language)
    await core.startup()
    return core


class LazyCore:
    """The process's Fluent core when the runner passes it, else one loaded at first use (benchmarks and
    one-off commands make their jobs without one)."""

    def __init__(self, default_language: str, core: FluentRuntimeCore | None = None) -> None:
        self.default_language = default_language
        self._core = core

    async def get(self) -> FluentRuntimeCore:
        if self._core is None:
            self._core = await load_core(self.default_language)
        return self._core


class ReaderLanguageManager(BaseManager):
    """The reader's stored language; for someone not yet registered, their Telegram language.

    A user editing a chat from their private chat is answered in their own language (``own_reader``);
    in a group, the group's language is the reader's.
    """

    async def get_locale(
        self,
        event_from_user: User | None = None,
        reader: Reader | None = None,
        own_reader: Reader | None = None,
        **_: Any,
    ) -> str:
        if own_reader is not None:
            return own_reader.language
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
