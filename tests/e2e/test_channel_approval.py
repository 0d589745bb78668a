"""A channel's posts reach readers only after a bot admin approved the channel as a shared source."""

from __future__ import annotations

import logging

import pytest

from tests.e2e.conftest import ADMIN_ID, READER_ID, RunningBot
from tests.e2e.test_ingest_telegram import eventually

STRANGER_CHANNEL = -1009876543210
POST = "Срочно: курс тенге обвалился\n\nАнонимные источники сообщили о панике на бирже в Алматы."


async def kept_out(running: RunningBot, caplog: pytest.LogCaptureFixture, count: int) -> None:
    """Wait until the bot has logged ``count`` channel posts as kept out."""
    await running.server.wait_until(
        lambda: sum("kept out" in r.getMessage() for r in caplog.records) >= count, message="kept out"
    )


async def test_an_unapproved_channel_is_kept_out_until_an_admin_approves_it(
    running_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    server, storage = running_bot.server, running_bot.storage
    caplog.set_level(logging.INFO, logger="handlers.channel")
    # A stranger makes the bot an administrator of a channel named like a news agency.
    server.add_bot_to_channel(
        STRANGER_CHANNEL, by_user_id=READER_ID, title="Reuters", username="reuters_kz_news"
    )
    (request,) = await server.wait_for_messages(ADMIN_ID, 1)
    assert "Reuters" in request.plain_text and "@reuters_kz_news" in request.plain_text
    assert server.messages_to(READER_ID) == []  # only the bot's admins are asked

    server.add_channel_post(STRANGER_CHANNEL, POST, username="reuters_kz_news", title="Reuters")
    await kept_out(running_bot, caplog, 1)
    assert await storage.articles.count() == 0
    assert await storage.sources.list("channel") == []
    (latest,) = await running_bot.say("/latest", chat_id=READER_ID, user_id=READER_ID)
    assert "Reuters" not in latest.plain_text

    # The stranger cannot approve it: the button answers admins only.
    query = server.press_button(ADMIN_ID, request.message_id, request.callback_data[0], user_id=READER_ID)
    await server.wait_until(lambda: server.answer_for(query) is not None)
    assert await storage.sources.list("channel") == []

    query = server.press_button(ADMIN_ID, request.message_id, request.callback_data[0], user_id=ADMIN_ID)
    await server.wait_until(lambda: server.answer_for(query) is not None)
    (source,) = await storage.sources.list("channel")
    assert source.title == "Reuters" and source.url == f"tg://channel/{STRANGER_CHANNEL}"
    assert "общий источник" in server.message(ADMIN_ID, request.message_id).plain_text

    server.add_channel_post(STRANGER_CHANNEL, "Второй пост\n\nТеперь канал одобрен администратором бота.")
    await eventually(storage.articles.count, 1)
    (article,) = await storage.articles.latest(5)
    assert article.title == "Второй пост" and article.source_id == source.id


async def test_addsource_at_channel_approves_it(
    running_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    server, storage = running_bot.server, running_bot.storage
    caplog.set_level(logging.INFO, logger="handlers.channel")
    server.add_channel_post(
        STRANGER_CHANNEL, "Пост до одобрения\n\nЕго нет в новостях.", username="astana_daily"
    )
    await kept_out(running_bot, caplog, 1)
    (reply,) = await running_bot.say("/addsource @astana_daily", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "общий источник" in reply.plain_text
    (reply,) = await running_bot.say("/addsource @no_such_channel", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "не найден" in reply.plain_text
    (reply,) = await running_bot.say("/addsource @astana_daily", chat_id=READER_ID, user_id=READER_ID)
    assert "администратор" in reply.plain_text
    assert len(await storage.sources.list("channel")) == 1
    assert await storage.articles.count() == 0  # approval does not reach back for posts kept out
