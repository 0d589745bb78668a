"""Every Prometheus metric of the bot, defined once; the code that does the work counts with one call.

Counters count events in this process since it started; the gauges that describe the database
(articles, outbox depth, failing sources) are read from storage when ``/metrics`` is scraped.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, Histogram, generate_latest

if TYPE_CHECKING:
    from aiogram import Bot

    from storage import Storage

# Buckets from a fast local answer to a slow far-away server, in seconds.
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

ARTICLES_STORED = Counter("newsbot_articles_stored", "Articles stored (new, not duplicates)")
SOURCE_POLLS = Counter("newsbot_source_polls", "Polls of feed sources, by result", ["result"])
DIGESTS_QUEUED = Counter("newsbot_digests_queued", "Digests put into the outbox")
DIGESTS_SENT = Counter("newsbot_digests_sent", "Deliveries whose last message left the outbox")
MESSAGES_SENT = Counter("newsbot_messages_sent", "Messages Telegram accepted, by method", ["method"])
RETRY_AFTER = Counter("newsbot_telegram_retry_after", "429 answers from Telegram waited out")
FETCH_SECONDS = Histogram(
    "newsbot_fetch_seconds", "Time to fetch one feed (request to full body)", buckets=_LATENCY_BUCKETS
)
SEND_SECONDS = Histogram(
    "newsbot_send_seconds", "Round trip of one send request to the Bot API", buckets=_LATENCY_BUCKETS
)
LEADER = Gauge("newsbot_leader", "1 when this process runs the scheduler and the outbox sender")
ARTICLES = Gauge("newsbot_articles", "Articles in the database")
OUTBOX_DEPTH = Gauge("newsbot_outbox_depth", "Outbox messages waiting to be sent")
SOURCES = Gauge("newsbot_sources", "Enabled sources in the database")
SOURCES_FAILING = Gauge("newsbot_sources_failing", "Enabled sources whose last poll failed")

CONTENT_TYPE = CONTENT_TYPE_LATEST


def record_poll(*, failed: bool, not_modified: bool = False) -> None:
    """Count one poll of one source."""
    SOURCE_POLLS.labels("error" if failed else "not_modified" if not_modified else "ok").inc()


async def render(storage: Storage) -> bytes:
    """The Prometheus text exposition, with the database gauges read now."""
    counts = await storage.metrics_snapshot()
    ARTICLES.set(counts.articles)
    OUTBOX_DEPTH.set(counts.outbox_pending)
    SOURCES.set(counts.sources)
    SOURCES_FAILING.set(counts.sources_failing)
    return generate_latest(REGISTRY)


class TelegramMetricsMiddleware(BaseRequestMiddleware):
    """Times every send to the Bot API and counts accepted messages and 429s, for every Bot it is on."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = type(method).__name__
        sending = name.startswith(("Send", "Copy", "Forward"))
        started = time.monotonic()
        try:
            response: Response[TelegramType] = await make_request(bot, method)
        except TelegramRetryAfter:
            RETRY_AFTER.inc()
            raise
        finally:
            if sending:
                SEND_SECONDS.observe(time.monotonic() - started)
        # Every API error raises, so a return is an accepted request (aiogram annotates it as a
        # Response, but the chain passes the method's result).
        if sending:
            MESSAGES_SENT.labels(name).inc()
        return response


def instrument(bot: Bot) -> Bot:
    """Put the metrics middleware on ``bot``'s session (once) and return the bot."""
    if not any(isinstance(m, TelegramMetricsMiddleware) for m in bot.session.middleware):
        bot.session.middleware(TelegramMetricsMiddleware())
    return bot
