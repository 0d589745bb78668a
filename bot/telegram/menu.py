"""The bot's profile texts and command menus: per language, per scope, and per chat.

Telegram shows a private chat the first menu set among: that chat's own, all private chats', the
default one; each in the user's Telegram language first. Shared menus are listed in ``SHARED_MENUS``
(a scope and its commands): private chats, all group chats, and the administrators of groups.
A reader who picks a language, and every admin, get a menu of their own chat.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    BotCommandScopeUnion,
)
from aiogram_i18n.cores import BaseCore

from bot.config import LANGUAGES

log = logging.getLogger(__name__)

# Reader commands in menu order.
READER_COMMANDS = (
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
    "add",
    "export",
    "filter",
    "alert",
    "alerts",
    "settings",
    "chats",
    "language",
    "help",
)
# What everyone in a group may ask; its administrators also change the group's settings there.
GROUP_COMMANDS = ("latest", "digest", "search", "read", "help")
GROUP_ADMIN_COMMANDS = (
    *GROUP_COMMANDS,
    "settings",
    "time",
    "days",
    "timezone",
    "language",
    "sources",
    "filter",
    "here",
)
# Commands for ADMIN_IDS only; each admin's own chat menu lists them after the reader commands.
ADMIN_COMMANDS = ("addsource", "removesource", "fetch", "stats")


@dataclass(frozen=True, slots=True)
class SharedMenu:
    """One menu Telegram shows to a whole kind of chat."""

    scope: BotCommandScopeUnion
    commands: tuple[str, ...]


SHARED_MENUS = (
    SharedMenu(BotCommandScopeAllPrivateChats(), READER_COMMANDS),
    SharedMenu(BotCommandScopeAllGroupChats(), GROUP_COMMANDS),
    SharedMenu(BotCommandScopeAllChatAdministrators(), GROUP_ADMIN_COMMANDS),
)


def menu_commands(core: BaseCore[Any], language: str, commands: Iterable[str]) -> list[BotCommand]:
    """The commands with their descriptions (the ``cmd-NAME`` texts) in one language."""
    return [BotCommand(command=c, description=core.get(f"cmd-{c}", language)) for c in commands]


async def set_descriptions(bot: Bot, core: BaseCore[Any], default_language: str) -> None:
    """What a user sees before pressing Start, in each language, and in the default one for others.

    Each text is sent only when Telegram has another one: Telegram limits how often a bot's profile
    changes, and the bot restarts far more often than its texts do.
    """
    for language in (*LANGUAGES, None):
        locale = language or default_language
        description = core.get("bot-description", locale)
        if (await bot.get_my_description(language_code=language)).description != description:
            await bot.set_my_description(description, language_code=language)
        short = core.get("bot-short-description", locale)
        if (await bot.get_my_short_description(language_code=language)).short_description != short:
            await bot.set_my_short_description(short, language_code=language)


async def set_shared_menus(bot: Bot, core: BaseCore[Any], default_language: str) -> None:
    """Every shared menu in each language and in the default one; the default scope is emptied, so
    chats no shared menu names (channels) list no commands."""
    for language in (*LANGUAGES, None):
        locale = language or default_language
        for menu in SHARED_MENUS:
            await bot.set_my_commands(
                menu_commands(core, locale, menu.commands), scope=menu.scope, language_code=language
            )
        await bot.delete_my_commands(language_code=language)


async def set_chat_menu(bot: Bot, core: BaseCore[Any], chat_id: int, language: str, *, admin: bool) -> bool:
    """The menu of one private chat in the language its reader chose (with the admin commands for an
    admin); False when Telegram refused it, e.g. for a user who never opened a chat with the bot."""
    commands = READER_COMMANDS + (ADMIN_COMMANDS if admin else ())
    try:
        await bot.set_my_commands(
            menu_commands(core, language, commands), scope=BotCommandScopeChat(chat_id=chat_id)
        )
    except (TelegramBadRequest, TelegramForbiddenError) as exc:
        log.warning("could not set the menu of chat %s: %s", chat_id, exc.message)
        return False
    return True


async def set_menus(
    bot: Bot,
    core: BaseCore[Any],
    default_language: str,
    admin_languages: dict[int, str],
) -> None:
    """Descriptions, shared menus, and each admin's own menu (``admin_languages``: admin id to the
    language of their interface) at start-up."""
    await set_descriptions(bot, core, default_language)
    await set_shared_menus(bot, core, default_language)
    for admin_id, language in admin_languages.items():
        await set_chat_menu(bot, core, admin_id, language, admin=True)
