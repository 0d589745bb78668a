"""Wiring: the Dispatcher with its routers and middlewares, and the bot's menus at start-up."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import ErrorEvent
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore

from bot.chats.admins import AdminChecker
from bot.config import Settings
from bot.telegram.i18n import create_i18n_middleware
from bot.telegram.menu import set_menus
from bot.telegram.middlewares import ChatAccessMiddleware, ReaderMiddleware
from handlers import routers
from storage import Storage

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, i18n: I18nContext | None = None) -> bool:
    """Log the failure for the operator; the reader gets a short apology, never a traceback."""
    log.exception("update %s failed: %s", event.update.update_id, event.exception, exc_info=event.exception)
    message = event.update.message or (
        event.update.callback_query.message if event.update.callback_query else None
    )
    if message is not None and i18n is not None and message.chat.type == "private":
        try:
            await message.bot.send_message(message.chat.id, i18n.get("error-generic"))  # type: ignore[union-attr]
        except Exception:  # the apology is best effort; the failure is already logged
            log.warning("could not tell chat %s about the failure", message.chat.id)
    return True


def create_dispatcher(settings: Settings, storage: Storage, **workflow_data: Any) -> Dispatcher:
    """The Dispatcher with every router; ``storage``, ``settings`` and ``admins`` (who administers
    which chat, one per process) reach handlers as arguments."""
    workflow_data.setdefault("admins", AdminChecker())
    dp = Dispatcher(disable_fsm=True, settings=settings, **workflow_data)
    dp["storage"] = storage
    admins: AdminChecker = dp["admins"]
    dp.update.outer_middleware(ReaderMiddleware(admins))
    create_i18n_middleware(settings).setup(dp)
    # Inner: they run once the handler is known, after the language is set.
    dp.message.middleware(ChatAccessMiddleware(admins))
    dp.callback_query.middleware(ChatAccessMiddleware(admins))
    dp.errors.register(on_error)
    dp.include_routers(*routers())
    return dp


async def set_menu(bot: Bot, core: FluentRuntimeCore, settings: Settings, storage: Storage) -> None:
    """The bot's descriptions and menus at start-up; each admin's menu in their stored language."""
    admin_languages = {}
    for admin_id in settings.admin_ids:
        reader = await storage.readers.get(admin_id)
        admin_languages[admin_id] = reader.language if reader else settings.default_language
    await set_menus(bot, core, settings.default_language, admin_languages)
