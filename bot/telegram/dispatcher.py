"""Wiring: the Bot, the Dispatcher with its routers and middlewares, the menu, and the run loop."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import BotCommand, ErrorEvent
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore

from bot.config import LANGUAGES, Settings
from bot.telegram.i18n import create_i18n_middleware
from bot.telegram.middlewares import ReaderMiddleware
from handlers import routers
from storage import Storage

log = logging.getLogger(__name__)

# Reader commands in menu order; admin commands stay out of the public menu.
MENU_COMMANDS = (
    "start",
    "latest",
    "digest",
    "search",
    "read",
    "subscribe",
    "unsubscribe",
    "time",
    "days",
    "timezone",
    "sources",
    "settings",
    "language",
    "help",
)


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
    """The Dispatcher with every router; ``storage`` and ``settings`` reach handlers as arguments."""
    dp = Dispatcher(disable_fsm=True, settings=settings, **workflow_data)
    dp["storage"] = storage
    dp.update.outer_middleware(ReaderMiddleware())
    create_i18n_middleware(settings).setup(dp)
    dp.errors.register(on_error)
    dp.include_routers(*routers())
    return dp


async def set_menu(bot: Bot, core: FluentRuntimeCore, default_language: str) -> None:
    """The command menu in every interface language, and the default one for anyone else."""
    for language in (*LANGUAGES, None):
        locale = language or default_language
        commands = [BotCommand(command=c, description=core.get(f"cmd-{c}", locale)) for c in MENU_COMMANDS]
        await bot.set_my_commands(commands, language_code=language)
