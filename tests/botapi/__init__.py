"""Local fake of the Telegram Bot API for end-to-end tests and benchmarks.

See :class:`BotAPIServer`.
"""

from .chats import ChatControls, ChatMember, ChatRoom, ForumTopic
from .html_check import EntityParseError, parse_html
from .records import CallbackAnswer, ChatAction, ChatMessage, RequestRecord, SentRecord
from .server import DEFAULT_FAULT_METHODS, DEFAULT_LIMITED_METHODS, APIError, BotAPIServer

__all__ = [
    "DEFAULT_FAULT_METHODS",
    "DEFAULT_LIMITED_METHODS",
    "APIError",
    "BotAPIServer",
    "CallbackAnswer",
    "ChatAction",
    "ChatControls",
    "ChatMember",
    "ChatMessage",
    "ChatRoom",
    "EntityParseError",
    "ForumTopic",
    "RequestRecord",
    "SentRecord",
    "parse_html",
]
