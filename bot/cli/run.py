"""``run``: storage, the bot, the scheduler and polling (or a webhook), with a clean shutdown.

Any number of ``run`` processes may share one PostgreSQL database: each polls the sources it claims
and serves webhook updates; the one that leads (``bot.leadership``) also runs the digest, alert and
retention jobs, the outbox sender and, in polling mode, getUpdates. On SQLite the one process leads.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import signal
from typing import Any
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher

from bot import metrics
from bot.config import Settings
from bot.delivery.sender import OutboxSender
from bot.health import HealthCheck, Heartbeat
from bot.http_server import HttpServer, Webhook, WebhookHandler, build_app, generate_secret
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.sources import add_configured_feeds
from bot.leadership import LeaderJobs, Leadership, PollWhileLeading
from bot.scheduler import JobContext, RunningJobs, create_scheduler, register_process_jobs
from bot.telegram.client import create_bot
from bot.telegram.dispatcher import create_dispatcher, set_menu
from bot.telegram.i18n import load_core
from storage import Storage
from storage.leader import LeaderLock

log = logging.getLogger(__name__)


async def run_bot(settings: Settings) -> None:
    """Run until SIGINT/SIGTERM, then stop taking updates and close everything in order."""
    storage = await Storage.open(settings.database_target)
    bot = metrics.instrument(create_bot(settings))
    server: HttpServer | None = None
    # One pipeline for every path that stores articles: its lock keeps one story per event.
    ingest = IngestPipeline.create(storage, settings)
    try:
        await add_configured_feeds(storage, settings)
        dp = create_dispatcher(settings, storage, ingest=ingest)
        core = await load_core(settings.default_language)
        me = await bot.get_me()
        log.info("starting as @%s (%s)", me.username, "webhook" if settings.webhook_url else "long polling")
        await set_menu(bot, core, settings, storage)
        heartbeat = Heartbeat()
        health = HealthCheck(storage, heartbeat)
        secret = webhook_secret(settings) if settings.webhook_url else None
        # Bound before any job starts: a port in use stops start-up with one line and nothing half-run.
        server = await _start_http_server(bot, dp, settings, storage, health, secret)
        scheduler = create_scheduler()
        running_jobs = RunningJobs(scheduler)
        context = JobContext(
            storage=storage, settings=settings, bot=bot, ingest=ingest, heartbeat=heartbeat, core=core
        )
        register_process_jobs(scheduler, context)
        scheduler.start()
        # The one sender of everything the bot sends on its own (digests): drains the outbox while
        # this process leads, and sends nothing once the lock is not surely held.
        sender_bot = metrics.instrument(create_bot(settings, retry=False))
        lock = LeaderLock(storage.db)

        def new_sender() -> OutboxSender:
            return OutboxSender(
                storage,
                sender_bot,
                rate_per_second=settings.send_rate_per_second,
                max_in_flight=settings.outbox_max_in_flight,
                may_send=lock.holds,
                core=core,
            )

        health.leader = False
        leadership = Leadership(lock, LeaderJobs(scheduler, context, new_sender, health))
        bot.session.middleware(PollWhileLeading(leadership))
        leadership.start()
        try:
            if secret is not None:
                await _serve_webhook(bot, settings, secret, dp.resolve_used_update_types())
            else:
                await dp.start_polling(bot, handle_signals=True, close_bot_session=False)
        finally:
            # Stop leading first: the sender finishes and records what is in flight, the lock goes
            # to a standby; then running jobs finish what they hold.
            await leadership.stop()
            await running_jobs.stop()
            await sender_bot.session.close()
    finally:
        if server is not None:
            await server.stop()
            if settings.webhook_url:
                await dp.emit_shutdown(**_lifecycle(bot, dp))
        await ingest.aclose()
        await bot.session.close()
        await storage.close()
        log.info("stopped")


def webhook_secret(settings: Settings) -> str:
    """``WEBHOOK_SECRET``, or a strong one made for this run: the webhook is never open to anyone.

    On PostgreSQL several processes serve the webhook and each tells Telegram the secret, so they must
    agree on it: there it is derived from the token (as secret as the token, the same in every process).
    """
    configured = settings.webhook_secret.get_secret_value().strip() if settings.webhook_secret else ""
    if configured:
        return configured
    if settings.is_postgres:
        log.info("WEBHOOK_SECRET is empty: every process derives the same secret from the token")
        return hmac.new(settings.token.encode(), b"newsbot webhook secret", hashlib.sha256).hexdigest()
    log.info("WEBHOOK_SECRET is empty: generated a secret for this run and gave it to setWebhook")
    return generate_secret()


def _lifecycle(bot: Bot, dp: Dispatcher) -> dict[str, Any]:
    return {**dp.workflow_data, "bot": bot, "dispatcher": dp}


async def _start_http_server(
    bot: Bot, dp: Dispatcher, settings: Settings, storage: Storage, health: HealthCheck, secret: str | None
) -> HttpServer | None:
    """Health, metrics and (with a secret) the webhook on HTTP_HOST:HTTP_PORT; None when HTTP_PORT=0."""
    if secret is None and not settings.http_port:
        log.info("HTTP server off (HTTP_PORT=0)")
        return None
    webhook = None
    if secret is not None:
        # Telegram posts to WEBHOOK_URL; serve the same path behind whatever proxy forwards to us.
        webhook = Webhook(urlsplit(settings.webhook_url).path or "/", WebhookHandler(dp, bot, secret))
        await dp.emit_startup(**_lifecycle(bot, dp))
    server = HttpServer(build_app(storage, health, webhook), settings.http_host, settings.http_port)
    port = await server.start()
    served = f"webhook at {webhook.path}, /healthz, /metrics" if webhook else "/healthz, /metrics"
    log.info("HTTP server listening on http://%s:%d (%s)", settings.http_host, port, served)
    return server


async def _serve_webhook(bot: Bot, settings: Settings, secret: str, allowed_updates: list[str]) -> None:
    """Tell Telegram where to post (with the secret), then serve until SIGINT/SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # The update types the handlers use (my_chat_member, chat_member), as polling asks for them.
    await bot.set_webhook(
        settings.webhook_url, secret_token=secret, drop_pending_updates=False, allowed_updates=allowed_updates
    )
    await stop.wait()
