"""``run``: storage, the bot, the scheduler and polling (or a webhook), with a clean shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.config import Settings
from bot.delivery.sender import OutboxSender
from bot.ingest.pipeline import IngestPipeline
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
    bot = create_bot(settings)
    # One pipeline for every path that stores articles: its lock keeps one story per event.
    ingest = IngestPipeline.create(storage, settings)
    try:
        await add_configured_feeds(storage, settings)
        dp = create_dispatcher(settings, storage, ingest=ingest)
        core = await load_core(settings.default_language)
        me = await bot.get_me()
        log.info("starting as @%s (%s)", me.username, "webhook" if settings.webhook_url else "long polling")
        await set_menu(bot, core, settings.default_language)
        scheduler = create_scheduler()
        register_jobs(scheduler, JobContext(storage=storage, settings=settings, bot=bot, ingest=ingest))
        scheduler.start()
        # The one sender of everything the bot sends on its own (digests): drains the outbox.
        sender = OutboxSender(
            storage,
            create_bot(settings, retry=False),
            rate_per_second=settings.send_rate_per_second,
            max_in_flight=settings.outbox_max_in_flight,
        )
        sender.start()
        try:
            if settings.webhook_url:
                await _run_webhook(bot, dp, settings)
            else:
                await dp.start_polling(bot, handle_signals=True, close_bot_session=False)
        finally:
            # Stop taking new work first; running jobs finish what they hold in flight.
            scheduler.shutdown(wait=False)
            await sender.stop()  # the messages in flight are finished and recorded; the rest stays queued
            await sender.bot.session.close()
    finally:
        await ingest.aclose()
        await bot.session.close()
        await storage.close()
        log.info("stopped")


async def _run_webhook(bot: Bot, dp: Dispatcher, settings: Settings) -> None:
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    app = web.Application()
    # Telegram posts to WEBHOOK_URL; serve the same path behind whatever proxy forwards to us.
    path = urlsplit(settings.webhook_url).path or "/"
    SimpleRequestHandler(dispatcher=dp, bot=bot, secret_token=secret).register(app, path=path)
    setup_application(app, dp, bot=bot)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
    await site.start()
    await bot.set_webhook(settings.webhook_url, secret_token=secret, drop_pending_updates=False)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
