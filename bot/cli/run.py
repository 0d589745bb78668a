"""``run``: storage, the bot, the scheduler and polling (or a webhook), with a clean shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher

from bot import metrics
from bot.config import Settings
from bot.delivery.sender import OutboxSender
from bot.health import HealthCheck, Heartbeat
from bot.http_server import HttpServer, Webhook, WebhookHandler, build_app, generate_secret
from bot.ingest.poller import add_configured_feeds
from bot.scheduler import JobContext, create_scheduler, register_jobs
from bot.telegram.client import create_bot
from bot.telegram.dispatcher import create_dispatcher, set_menu
from bot.telegram.i18n import load_core
from storage import Storage

log = logging.getLogger(__name__)


async def run_bot(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM, then stop taking updates and close everything in order."""
    storage = await Storage.open(settings.database_path)
    bot = metrics.instrument(create_bot(settings))
    try:
        await add_configured_feeds(storage, settings)
        dp = create_dispatcher(settings, storage)
        core = await load_core(settings.default_language)
        me = await bot.get_me()
        log.info("starting as @%s (%s)", me.username, "webhook" if settings.webhook_url else "long polling")
        await set_menu(bot, core, settings.default_language)
        heartbeat = Heartbeat()
        scheduler = create_scheduler()
        register_jobs(scheduler, JobContext(storage=storage, settings=settings, bot=bot, heartbeat=heartbeat))
        scheduler.start()
        # The one sender of everything the bot sends on its own (digests): drains the outbox.
        sender = OutboxSender(
            storage,
            metrics.instrument(create_bot(settings, retry=False)),
            rate_per_second=settings.send_rate_per_second,
        )
        sender.start()
        metrics.LEADER.set(1)  # one process runs the scheduler and the sender
        health = HealthCheck(storage, heartbeat, sender)
        try:
            if settings.webhook_url:
                await _run_webhook(bot, dp, settings, storage, health)
            else:
                await _run_polling(bot, dp, settings, storage, health)
        finally:
            # Stop taking new work first; running jobs finish what they hold in flight.
            scheduler.shutdown(wait=False)
            await sender.stop()  # the message in flight is finished and recorded; the rest stays queued
            await sender.bot.session.close()
    finally:
        await bot.session.close()
        await storage.close()
        log.info("stopped")


async def _run_polling(
    bot: Bot, dp: Dispatcher, settings: Settings, storage: Storage, health: HealthCheck
) -> None:
    """Long polling, with the health and metrics server beside it unless ``HTTP_PORT=0``."""
    server = None
    if settings.http_port:
        server = HttpServer(build_app(storage, health), settings.http_host, settings.http_port)
        port = await server.start()
        log.info("HTTP server listening on http://%s:%d (/healthz, /metrics)", settings.http_host, port)
    else:
        log.info("HTTP server off (HTTP_PORT=0)")
    try:
        await dp.start_polling(bot, handle_signals=True, close_bot_session=False)
    finally:
        if server is not None:
            await server.stop()


def webhook_secret(settings: Settings) -> str:
    """``WEBHOOK_SECRET``, or a strong one made for this run: the webhook is never open to anyone."""
    configured = settings.webhook_secret.get_secret_value().strip() if settings.webhook_secret else ""
    if configured:
        return configured
    log.info("WEBHOOK_SECRET is empty: generated a secret for this run and gave it to setWebhook")
    return generate_secret()


async def _run_webhook(
    bot: Bot, dp: Dispatcher, settings: Settings, storage: Storage, health: HealthCheck
) -> None:
    secret = webhook_secret(settings)
    # Telegram posts to WEBHOOK_URL; serve the same path behind whatever proxy forwards to us.
    path = urlsplit(settings.webhook_url).path or "/"
    handler = WebhookHandler(dp, bot, secret)
    server = HttpServer(
        build_app(storage, health, Webhook(path, handler)), settings.http_host, settings.http_port
    )
    lifecycle = {**dp.workflow_data, "bot": bot, "dispatcher": dp}
    await dp.emit_startup(**lifecycle)
    port = await server.start()
    log.info(
        "HTTP server listening on http://%s:%d (webhook at %s, /healthz, /metrics)",
        settings.http_host,
        port,
        path,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await bot.set_webhook(settings.webhook_url, secret_token=secret, drop_pending_updates=False)
        await stop.wait()
    finally:
        await server.stop()
        await dp.emit_shutdown(**lifecycle)
