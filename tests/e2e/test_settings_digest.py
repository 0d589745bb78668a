"""/time, /timezone, /sources, /settings and /digest through the real bot and the local Bot API server."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from storage.articles import NewArticle
from storage.readers import Reader
from storage.timestamps import utcnow
from tests.e2e.conftest import READER_ID, RunningBot


async def _reader(bot: RunningBot) -> Reader:
    reader = await bot.storage.readers.get(READER_ID)
    assert reader is not None
    return reader


async def test_time_good_and_bad(running_bot: RunningBot) -> None:
    [reply] = await running_bot.say("/time 07:30")
    assert "07:30" in reply.plain_text and "/digest" in reply.plain_text
    assert (await _reader(running_bot)).digest_times == ("07:30",)
    [reply] = await running_bot.say("/time 25:99")
    assert "/time 08:30" in reply.plain_text  # the right form, shown
    assert (await _reader(running_bot)).digest_times == ("07:30",)
    [reply] = await running_bot.say("/time")
    assert "07:30" in reply.plain_text


async def test_time_in_the_forms_readers_type(running_bot: RunningBot) -> None:
    for typed, stored in [
        ("0830", ("08:30",)),
        ("7", ("07:00",)),
        ("07.30", ("07:30",)),
        ("8 19:30", ("08:00", "19:30")),
    ]:
        [reply] = await running_bot.say(f"/time {typed}")
        assert stored[-1] in reply.plain_text, typed
        assert (await _reader(running_bot)).digest_times == stored, typed
    [reply] = await running_bot.say("/time 1 2 3 4 5 6 7")
    assert "/time 08:30" in reply.plain_text
    assert (await _reader(running_bot)).digest_times == ("08:00", "19:30")


async def test_timezone_iana_offset_city_and_bad(running_bot: RunningBot) -> None:
    [reply] = await running_bot.say("/timezone +05:45")
    assert "UTC+5:45" in reply.plain_text
    assert (await _reader(running_bot)).timezone == "+05:45"
    [reply] = await running_bot.say("/timezone Europe/London")
    assert (await _reader(running_bot)).timezone == "Europe/London"
    assert "Лондон" in reply.plain_text
    for typed, stored in [
        ("almaty", "Asia/Almaty"),
        ("Asia/almaty", "Asia/Almaty"),
        ("Мәскеу", "Europe/Moscow"),
    ]:
        await running_bot.say(f"/timezone {typed}")
        assert (await _reader(running_bot)).timezone == stored, typed
    [reply] = await running_bot.say("/timezone Алматы")
    assert "Алматы, UTC+5" in reply.plain_text
    [reply] = await running_bot.say("/timezone Mars/Olympus")
    assert "Asia/Almaty" in reply.plain_text and "+05:00" in reply.plain_text
    assert (await _reader(running_bot)).timezone == "Asia/Almaty"


async def test_days_good_and_bad(running_bot: RunningBot) -> None:
    [reply] = await running_bot.say("/days mon-fri")
    assert "по будням" in reply.plain_text and "/digest" in reply.plain_text
    assert (await _reader(running_bot)).digest_days == 0b0011111
    [reply] = await running_bot.say("/days sun")
    assert "по воскресеньям в 09:00" in reply.plain_text
    assert "в воскресенье в 09:00" in reply.plain_text  # when the next one comes
    [reply] = await running_bot.say("/days someday")
    assert "/days mon-fri" in reply.plain_text
    assert (await _reader(running_bot)).digest_days == 0b1000000
    [reply] = await running_bot.say("/days all")
    assert "каждый день в 09:00" in reply.plain_text


def _source_on(bot: RunningBot, message_id: int) -> bool:
    return str(bot.server.message(READER_ID, message_id).button("One")["text"]).startswith("✅")


async def test_sources_buttons_switch_a_source_off_and_on(running_bot: RunningBot) -> None:
    one = await running_bot.storage.sources.ensure("feed", "https://one.example/rss", "One <News> & Co")
    await running_bot.storage.sources.ensure("feed", "https://two.example/rss", "Two")
    [message] = await running_bot.say("/sources")
    assert len(message.buttons) == 2
    assert message.button("One <News> & Co")["text"].startswith("✅")
    data = message.button("One")["callback_data"]
    query = running_bot.server.press_button(READER_ID, message.message_id, data)
    await running_bot.server.wait_until(lambda: running_bot.server.answer_for(query) is not None)
    await running_bot.server.wait_until(
        lambda: (
            not running_bot.server.message(READER_ID, message.message_id)
            .button("One")["text"]
            .startswith("✅")
        )
    )
    assert await running_bot.storage.readers.source_choices(READER_ID) == {one.id: False}
    edited = running_bot.server.message(READER_ID, message.message_id)
    running_bot.server.press_button(READER_ID, message.message_id, edited.button("One")["callback_data"])
    await running_bot.server.wait_until(
        lambda: (
            running_bot.server.message(READER_ID, message.message_id).button("One")["text"].startswith("✅")
        )
    )
    assert await running_bot.storage.readers.source_choices(READER_ID) == {one.id: True}


async def test_settings_at_a_glance_with_buttons(running_bot: RunningBot) -> None:
    await running_bot.storage.sources.ensure("feed", "https://one.example/rss", "One")
    [message] = await running_bot.say("/settings")
    text = message.plain_text
    assert "каждый день в 09:00" in text and "Алматы, UTC+5" in text and "1" in text
    assert message.button("✅ 09:00") and message.button("✅ Каждый день")
    # A quick time adds itself to the schedule...
    running_bot.server.press_button(READER_ID, message.message_id, message.button("08:00")["callback_data"])
    await running_bot.server.wait_until(
        lambda: "в 08:00, 09:00" in running_bot.server.message(READER_ID, message.message_id).plain_text
    )
    assert (await _reader(running_bot)).digest_times == ("08:00", "09:00")
    # ...and pressed again takes itself away; the last one stays.
    edited = running_bot.server.message(READER_ID, message.message_id)
    running_bot.server.press_button(READER_ID, message.message_id, edited.button("✅ 08:00")["callback_data"])
    await running_bot.server.wait_until(
        lambda: "в 09:00 (" in running_bot.server.message(READER_ID, message.message_id).plain_text
    )
    edited = running_bot.server.message(READER_ID, message.message_id)
    query = running_bot.server.press_button(
        READER_ID, message.message_id, edited.button("✅ 09:00")["callback_data"]
    )
    await running_bot.server.wait_until(lambda: running_bot.server.answer_for(query) is not None)
    answer = running_bot.server.answer_for(query)
    assert answer is not None and "/unsubscribe" in (answer.text or "")
    assert (await _reader(running_bot)).digest_times == ("09:00",)
    # Day presets.
    edited = running_bot.server.message(READER_ID, message.message_id)
    running_bot.server.press_button(READER_ID, message.message_id, edited.button("Пн–Пт")["callback_data"])
    await running_bot.server.wait_until(
        lambda: "по будням в 09:00" in running_bot.server.message(READER_ID, message.message_id).plain_text
    )
    assert (await _reader(running_bot)).digest_days == 0b0011111
    running_bot.server.press_button(READER_ID, message.message_id, message.button("📰")["callback_data"])
    messages = await running_bot.server.wait_for_messages(READER_ID, 2)
    assert messages[-1].buttons and "One" in messages[-1].button("One")["text"]


async def test_digest_preview_is_not_recorded(running_bot: RunningBot) -> None:
    [reply] = await running_bot.say("/digest")
    assert "/latest" in reply.plain_text  # nothing new yet
    source = await running_bot.storage.sources.ensure("feed", "https://one.example/rss", "One")
    for i, title in enumerate(["<b>Hostile</b> & title", "Second"]):
        await running_bot.storage.articles.add(
            NewArticle(
                source_id=source.id,
                title=title,
                text=f"Body {i}",
                summary=f"Summary {i} </a>",
                lang="ru",
                content_hash=hashlib.sha1(title.encode()).hexdigest(),
                published_at=utcnow() - timedelta(hours=1),
                url=f"https://one.example/{i}",
            )
        )
    [digest] = await running_bot.say("/digest")
    assert digest.plain_text.startswith("Дайджест новостей за")
    assert "<b>Hostile</b> & title" in digest.plain_text
    assert "/read_" in digest.plain_text
    deliveries = await running_bot.storage.db.fetchall("SELECT * FROM deliveries")
    assert deliveries == []
    assert (await _reader(running_bot)).last_digest_at is None
