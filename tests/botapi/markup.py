"""Validation of ``reply_markup`` the way the Bot API reports problems with it."""

from __future__ import annotations

from typing import Any

__all__ = ["MarkupError", "validate_reply_markup"]

# Fields of InlineKeyboardButton that make it do something; exactly one must be present.
BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTONS = 100
_URL_SCHEMES = ("http://", "https://", "tg://", "ton://")


class MarkupError(ValueError):
    """Invalid reply markup; ``str(exc)`` is the full Telegram description ("Bad Request: ...")."""


def validate_reply_markup(markup: Any) -> dict[str, Any]:
    """Check a decoded ``reply_markup`` object and return it.

    Inline keyboards are checked in depth (button text, exactly one action field, callback_data
    1-64 bytes, URL scheme, at most 100 buttons); reply keyboards, ReplyKeyboardRemove and ForceReply
    only need to be JSON objects of the right general shape.
    """
    if not isinstance(markup, dict):
        raise MarkupError("Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _validate_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise MarkupError(
                'Bad Request: field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
            )
    elif not (markup.get("remove_keyboard") or markup.get("force_reply")):
        raise MarkupError("Bad Request: can't parse reply keyboard markup JSON object")
    return markup


def _validate_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise MarkupError(
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    count = 0
    for row in rows:
        for button in row:
            count += 1
            _validate_button(button)
    if count > MAX_BUTTONS:
        raise MarkupError("Bad Request: reply markup is too long")


def _validate_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise MarkupError(
            "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    text = button.get("text")
    if not isinstance(text, str):
        raise MarkupError(
            'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not text.strip():
        raise MarkupError("Bad Request: BUTTON_TEXT_INVALID")
    actions = [name for name in BUTTON_ACTIONS if name in button]
    if not actions:
        raise MarkupError(
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise MarkupError(
            "Bad Request: can't parse inline keyboard button: exactly one of the optional fields "
            f"must be used, got {', '.join(actions)}"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise MarkupError("Bad Request: BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.strip() or any(c.isspace() for c in url.strip()):
            raise MarkupError("Bad Request: BUTTON_URL_INVALID")
        if "://" in url and not url.lower().startswith(_URL_SCHEMES):
            raise MarkupError(
                f"Bad Request: inline keyboard button URL '{url}' is invalid: Unsupported URL protocol"
            )
