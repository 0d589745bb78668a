"""The Bot objects that talk to Telegram (``TELEGRAM_API_URL``): HTML by default, no link previews."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.chats.editing import EditingButtons
from bot.config import Settings
from bot.delivery.reply_pacing import ReplyPacingMiddleware
from bot.delivery.retry import RetryMiddleware
from bot.logging_setup import register_secret


def create_bot(settings: Settings, *, retry: bool = True) -> Bot:
    """A Bot for ``settings``; with ``retry`` its calls wait out 429s and retry 5xx on their own, and
    messages to one chat keep the per-chat pace (replies of several messages).

    The outbox sender asks for ``retry=False``: it paces and retries through its own limiter, and a
    middleware sleeping inside a call would hold a send slot and bypass that limiter.
    """
    # Whatever the Bot API (or a proxy before it) echoes of the token in an error is never printed.
    register_secret(settings.token)
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url.rstrip("/")))
    # Outermost: a retried message keeps the marks it got once.
    session.middleware(EditingButtons())
    if retry:
        session.middleware(RetryMiddleware())
        # Inside the retry: a retried message waits its chat's turn again.
        session.middleware(ReplyPacingMiddleware())
    return Bot(
        token=settings.token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
