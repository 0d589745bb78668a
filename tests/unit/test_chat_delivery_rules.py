"""Which refusals make a chat inactive or its topic gone, the group pace, the headlines message, and how
often instant mode looks for new stories."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import SendMessage
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.chats.instant_job import TICK_SECONDS, headlines_message
from bot.config import load_settings
from bot.delivery.chat_errors import ChatError, classify
from bot.delivery.rate_limiter import GROUP_INTERVAL, ChatPacer
from bot.ingest.pipeline import IngestPipeline
from bot.scheduler import JobContext, register_jobs
from bot.telegram.html import MESSAGE_LIMIT, telegram_length
from storage import Storage
from storage.articles import ArticleHeadline

METHOD = SendMessage(chat_id=1, text="x")
GROUP, USER = -1001234, 42


def bad(text: str) -> TelegramBadRequest:
    return TelegramBadRequest(METHOD, f"Bad Request: {text}")


def forbidden(text: str) -> TelegramForbiddenError:
    return TelegramForbiddenError(METHOD, f"Forbidden: {text}")


@pytest.mark.parametrize(
    ("error", "thread", "expected"),
    [
        (forbidden("bot was kicked from the supergroup chat"), None, ChatError.REMOVED),
        (forbidden("bot is not a member of the channel chat"), None, ChatError.REMOVED),
        (bad("not enough rights to send text messages to the chat"), None, ChatError.RIGHTS),
        (bad("need administrator rights in the channel chat"), None, ChatError.RIGHTS),
        (bad("CHAT_WRITE_FORBIDDEN"), None, ChatError.RIGHTS),
        (bad("chat not found"), None, ChatError.REMOVED),
        (bad("TOPIC_CLOSED"), 7, ChatError.TOPIC_GONE),
        (bad("message thread not found"), 7, ChatError.TOPIC_GONE),
        (bad("message thread not found"), None, None),  # no topic was asked for: another fault
        (bad("can't parse entities: unsupported start tag"), None, None),
        (bad("message is too long"), 7, None),
    ],
)
def test_refusals_of_a_chat(error: Exception, thread: int | None, expected: ChatError | None) -> None:
    assert classify(error, GROUP, thread) is expected  # type: ignore[arg-type]


def test_a_private_readers_refusals_are_not_chat_troubles() -> None:
    assert classify(forbidden("bot was blocked by the user"), USER, None) is None
    assert classify(bad("chat not found"), USER, None) is None


def test_groups_get_one_message_per_three_seconds_users_one_a_second() -> None:
    now = [100.0]
    pacer = ChatPacer(1.0, clock=lambda: now[0], group_interval=GROUP_INTERVAL)
    pacer.sent(GROUP)
    pacer.sent(USER)
    assert pacer.ready_at(USER) == pytest.approx(101.0)
    assert pacer.ready_at(GROUP) == pytest.approx(100.0 + 3.06)
    assert 60 / GROUP_INTERVAL < 20  # under Telegram's 20 a minute


def _translate(key: str, /, **kwargs: object) -> str:
    return f"{key} {kwargs.get('count')}"


def test_the_headlines_message_fits_one_message_and_counts_what_does_not() -> None:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    articles = [
        ArticleHeadline(i, "Source", f"https://news.example/{i}", "Заголовок & <новость> " * 20, "", moment)
        for i in range(200)
    ]
    text = headlines_message(_translate, articles)
    assert telegram_length(text) <= MESSAGE_LIMIT
    shown = text.count("https://news.example/")
    assert 0 < shown < 200
    assert text.endswith(f"instant-more-left {200 - shown}")
    assert headlines_message(_translate, []) == ""
    one = headlines_message(_translate, articles[:1])
    assert one.startswith("<b>instant-more-heading 1</b>") and "instant-more-left" not in one


def test_instant_posts_are_looked_for_three_times_a_minute_from_the_start() -> None:
    scheduler = AsyncIOScheduler(timezone=UTC)
    settings = load_settings(bot_token="1:x", _env_file=None)
    context = JobContext(
        storage=cast(Storage, None), settings=settings, bot=cast(Bot, None), ingest=cast(IngestPipeline, None)
    )
    register_jobs(scheduler, context)
    job = scheduler.get_job("instant")
    trigger: Any = job.trigger
    assert trigger.interval.total_seconds() == TICK_SECONDS <= 20
    # The first run is at start, not one interval later.
    assert job.next_run_time is not None
    assert (job.next_run_time - datetime.now(UTC)).total_seconds() < 5
