"""The bot's HTTP server: ``/healthz``, ``/metrics`` and, in webhook mode, the webhook.

The webhook always checks Telegram's secret header (``X-Telegram-Bot-Api-Secret-Token``) and answers a
body that is not an update with 400 and one log line: nothing a stranger posts reaches the handlers
or writes a traceback.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot import metrics
from bot.config import ConfigError
from bot.health import HealthCheck
from storage import Storage

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Telegram's updates are a few KB and nest about a dozen levels; far more is not an update.
MAX_BODY_BYTES = 1 << 20
MAX_DEPTH = 64
_INT64 = (-(1 << 63), (1 << 63) - 1)


class NotAnUpdateError(ValueError):
    """A webhook body that cannot be a Telegram update; the message says why, in a few words."""


def generate_secret() -> str:
    """A strong secret for setWebhook: 256 bits in the characters Telegram allows (A-Z a-z 0-9 _ -)."""
    return secrets.token_urlsafe(32)


def _check_shape(value: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH and integers no 64-bit column or Telegram id can hold."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise NotAnUpdateError(f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, int) and not isinstance(item, bool) and not _INT64[0] <= item <= _INT64[1]:
            raise NotAnUpdateError("an integer beyond 64 bits")


def parse_update(body: bytes, bot: Bot) -> Update:
    """The update in a webhook body, or NotAnUpdateError."""
    if not body.strip():
        raise NotAnUpdateError("empty body")
    try:
        data = json.loads(body)
    except RecursionError:
        raise NotAnUpdateError(f"nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # also UnicodeDecodeError
        raise NotAnUpdateError(f"not JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise NotAnUpdateError(f"JSON {type(data).__name__}, not an object")
    _check_shape(data)
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id < 0:
        raise NotAnUpdateError("no update_id")
    try:
        return Update.model_validate(data, context={"bot": bot})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "update"
        raise NotAnUpdateError(f"invalid {where}") from None


class WebhookHandler:
    """Takes Telegram's POSTs: secret first, then the body, then the update goes to the dispatcher.

    Updates are handled in the background (Telegram gets its 200 at once), like aiogram's own handler.
    """

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret: str, **data: Any) -> None:
        if not secret:
            raise ValueError("the webhook needs a secret")
        self.dispatcher = dispatcher
        self.bot = bot
        self.secret = secret
        self.data = data
        self._tasks: set[asyncio.Task[None]] = set()

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook: refused a request from %s without the secret token", request.remote)
            return web.Response(status=401, text="Unauthorized")
        try:
            body = await request.read()
            update = parse_update(body, self.bot)
        except web.HTTPRequestEntityTooLarge:
            log.warning("webhook: refused a body over %d bytes from %s", MAX_BODY_BYTES, request.remote)
            return web.Response(status=413, text="Request Entity Too Large")
        except NotAnUpdateError as exc:
            log.warning("webhook: refused a body that is not an update (%s) from %s", exc, request.remote)
            return web.Response(status=400, text="Bad Request: not an update")
        task = asyncio.create_task(self._feed(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return web.json_response({})

    async def _feed(self, update: Update) -> None:
        try:
            result = await self.dispatcher.feed_update(self.bot, update, **self.data)
            if isinstance(result, TelegramMethod):
                await self.dispatcher.silent_call_request(self.bot, result)
        except Exception:  # a handler's bug: logged with the update it failed on, never lost silently
            log.exception("webhook: update %s failed", update.update_id)

    async def close(self) -> None:
        """Let the updates being handled finish."""
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=30)


@dataclass(slots=True)
class Webhook:
    """What the server needs to serve the webhook: where, and who handles it."""

    path: str
    handler: WebhookHandler


def build_app(storage: Storage, health: HealthCheck, webhook: Webhook | None = None) -> web.Application:
    """The aiohttp application: health, metrics and, given ``webhook``, Telegram's updates."""

    async def healthz(request: web.Request) -> web.Response:
        report = await health.report()
        return web.json_response(report.body, status=200 if report.healthy else 503)

    async def metrics_page(request: web.Request) -> web.Response:
        try:
            body = await metrics.render(storage)
        except Exception as exc:  # a database that does not answer: say so, do not crash the page
            log.warning("metrics: database counts failed: %s: %s", type(exc).__name__, exc)
            return web.Response(status=503, text="database unavailable\n")
        return web.Response(body=body, headers={"Content-Type": metrics.CONTENT_TYPE})

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_page)
    if webhook is not None:
        app.router.add_post(webhook.path, webhook.handler.handle)

        async def close_webhook(app: web.Application) -> None:
            await webhook.handler.close()

        app.on_shutdown.append(close_webhook)
    return app


class HttpServer:
    """The running server; ``start`` binds, ``stop`` closes connections and waits for updates in hand."""

    def __init__(self, app: web.Application, host: str, port: int) -> None:
        self.app = app
        self.host = host
        self.port = port
        self._runner = web.AppRunner(app, access_log=None)

    async def start(self) -> int:
        """Bind and serve; returns the port bound (useful when ``port`` is 0 in tests)."""
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:  # a port in use or an address not on this machine: a setting to fix
            await self._runner.cleanup()
            raise ConfigError(
                f"HTTP_PORT: cannot listen on {self.host}:{self.port} ({exc.strerror or exc}); "
                "choose another HTTP_HOST/HTTP_PORT"
            ) from None
        addresses = self._runner.addresses
        if addresses:
            self.port = int(addresses[0][1])
        return self.port

    async def stop(self) -> None:
        await self._runner.cleanup()
