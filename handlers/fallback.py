"""Last router: unknown commands and plain text get a pointer to /help."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

router = Router(name="fallback")


@router.message(F.chat.type == "private", F.text.startswith("/"), flags={"own": True})
async def unknown_command(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("unknown-command"))


@router.message(F.chat.type == "private", flags={"own": True})
async def not_a_command(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("not-a-command"))


@router.callback_query(flags={"chat_open": True})
async def stale_button(query: CallbackQuery, i18n: I18nContext) -> None:
    """A button no handler knows (an old keyboard, forged data): say it is out of date."""
    await query.answer(i18n.get("button-stale"))
