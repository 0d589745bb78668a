"""/subscribe, /unsubscribe and the subscribe button."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.callbacks import Subscribe
from handlers.schedule_replies import schedule_words
from storage import Storage
from storage.readers import Reader

router = Router(name="subscription")


async def _subscribe(reader: Reader, storage: Storage, i18n: I18nContext) -> str:
    """Subscribe; the reply says when the first digest comes (the first slot after now, never at once)."""
    key = "already-subscribed" if reader.subscribed else "subscribed"
    await storage.readers.set_subscribed(reader.chat_id, True)
    return i18n.get(key, **schedule_words(reader, i18n))


@router.message(Command("subscribe"))
async def cmd_subscribe(message: Message, reader: Reader, storage: Storage, i18n: I18nContext) -> None:
    await message.answer(await _subscribe(reader, storage, i18n))


@router.callback_query(Subscribe.filter(F.on))
async def press_subscribe(query: CallbackQuery, reader: Reader, storage: Storage, i18n: I18nContext) -> None:
    text = await _subscribe(reader, storage, i18n)
    await query.answer(i18n.get("toast-subscribed"))
    if query.message is not None:
        await query.message.answer(text)


@router.message(Command("unsubscribe"))
async def cmd_unsubscribe(message: Message, reader: Reader, storage: Storage, i18n: I18nContext) -> None:
    if not reader.subscribed:
        await message.answer(i18n.get("not-subscribed"))
        return
    await storage.readers.set_subscribed(reader.chat_id, False)
    await message.answer(i18n.get("unsubscribed"))
