"""Callback data of every inline button, in one place so sizes stay under Telegram's 64 bytes.

A client may send any callback data, not only that of the bot's buttons: numbers are bounded here, so
forged data fails to parse (and meets the stale-button answer) instead of reaching the database.

``router`` comes first among the routers: a button pressed on a message sent in inline mode carries no
message and no chat, so no reader; it gets the stale-button answer before any handler that needs one.
"""

from __future__ import annotations

from typing import Annotated

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery
from pydantic import Field

router = Router(name="callbacks")


@router.callback_query(F.message.is_(None), flags={"chat_open": True})
async def chatless_button(query: CallbackQuery) -> None:
    """A button on an inline-mode message (only ``inline_message_id``): nothing here acts on it."""
    await query.answer()


# A SQLite row id: positive and within a signed 64-bit integer.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ReadArticle(CallbackData, prefix="read"):
    article_id: RowId


class Subscribe(CallbackData, prefix="sub"):
    on: bool


class ChooseLanguage(CallbackData, prefix="lang"):
    code: str


class SettingsAction(CallbackData, prefix="set"):
    # "sources", "language" or "digest": the buttons under /settings
    action: str


class SetDigestTime(CallbackData, prefix="dt"):
    # Minutes after local midnight: "HH:MM" would clash with the ":" separator. Pressing one adds that
    # time to the schedule or takes it away.
    minutes: Annotated[int, Field(ge=0, lt=24 * 60)]


class SetDigestDays(CallbackData, prefix="dd"):
    # Weekdays as bits, Monday = 1 ... Sunday = 64.
    days: Annotated[int, Field(ge=1, le=127)]


class ToggleSource(CallbackData, prefix="src"):
    source_id: RowId
    on: bool


class ApproveChannel(CallbackData, prefix="chan"):
    # A channel's chat id: "-100" and up to 13 digits.
    chat_id: Annotated[int, Field(ge=-(10**14), le=-1)]


class RemoveFeed(CallbackData, prefix="rmfeed"):
    source_id: RowId


class RemoveFilterTerm(CallbackData, prefix="rmflt"):
    term_id: RowId


class RemoveAlert(CallbackData, prefix="rmalert"):
    alert_id: RowId


class ToggleNewsLanguage(CallbackData, prefix="nlang"):
    code: str


# A chat's id: "-100" and up to 13 digits (a basic group's is shorter); 0 is the user's own settings.
ChatTarget = Annotated[int, Field(ge=-(10**14), le=0)]


class PickChat(CallbackData, prefix="pick"):
    # A chat from /chats to edit, or 0 to go back to one's own settings.
    chat_id: ChatTarget


class SetChatMode(CallbackData, prefix="mode"):
    # "digest" or "instant": a chat's mode, under its /settings
    mode: str
