"""A reader's first session over HTTP: start, subscribe, latest, read, search, bad input."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.ingest.importer import import_files
from tests.botapi import ChatMessage
from tests.conftest import BOTH_BACKENDS, KAZINFORM_SAMPLE, require_shared
from tests.e2e.conftest import ADMIN_ID, READER_ID, RunningBot

pytestmark = pytest.mark.asyncio

LONG_PARAGRAPH = (
    "Это длинный абзац статьи о выборах в городском совете, в котором много подробностей и цифр. " * 20
).strip()


def write_articles(folder: Path) -> Path:
    """A JSON Lines file of real-looking articles, one of them long enough for several messages."""
    now = datetime.now(UTC)
    rows = [
        {
            "title": f"Новость номер {i}: в Алматы открыли новый парк",
            "text": f"В Алматы открыли парк номер {i}. Его площадь составляет {i + 10} гектаров. "
            "Жители района давно ждали открытия.",
            "url": f"https://example.kz/news/{i}?utm_source=tg",
            "published": (now - timedelta(hours=i)).isoformat(),
            "source": "Example KZ",
        }
        for i in range(1, 8)
    ]
    rows.append(
        {
            "title": "Итоги выборов: 5 < 7 & что дальше",
            "text": "\n\n".join([LONG_PARAGRAPH] * 8),
            "url": "https://example.kz/elections?a=1&b=2",
            "published": (now - timedelta(minutes=5)).isoformat(),
            "source": "Example KZ",
        }
    )
    path = folder / "articles.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


async def import_sample(running: RunningBot, tmp_path: Path) -> None:
    report = await import_files(running.ingest.processor, [write_articles(tmp_path)])
    assert report.stored == 8


@BOTH_BACKENDS
async def test_start_registers_and_offers_subscription(running_bot: RunningBot) -> None:
    [reply] = await running_bot.say("/start", first_name="Айгерим <b>")
    assert "Айгерим &lt;b&gt;" in reply.text
    assert reply.callback_data == ["sub:1"]
    reader = await running_bot.storage.readers.get(READER_ID)
    assert reader is not None and not reader.subscribed and reader.language == "ru"

    running_bot.server.press_button(READER_ID, reply.message_id, "sub:1")
    [confirmation] = (await running_bot.server.wait_for_messages(READER_ID, 2))[1:]
    assert (
        "09:00" in confirmation.text
        and "Алматы, UTC+5" in confirmation.text
        and "/digest" in confirmation.text
    )
    reader = await running_bot.storage.readers.get(READER_ID)
    assert reader is not None and reader.subscribed


@BOTH_BACKENDS
async def test_subscribe_and_unsubscribe(running_bot: RunningBot) -> None:
    [reply] = await running_bot.say("/subscribe")
    assert "09:00" in reply.text and "Алматы, UTC+5" in reply.text
    [reply] = await running_bot.say("/unsubscribe")
    reader = await running_bot.storage.readers.get(READER_ID)
    assert reader is not None and not reader.subscribed
    [reply] = await running_bot.say("/unsubscribe")
    assert "/subscribe" in reply.text


async def test_interface_follows_telegram_language(running_bot: RunningBot) -> None:
    [english] = await running_bot.say("/help", chat_id=200_001, language_code="en-US")
    assert "Commands" in english.text
    [kazakh] = await running_bot.say("/help", chat_id=200_002, language_code="kk")
    assert "Пәрмендер" in kazakh.text
    [fallback] = await running_bot.say("/help", chat_id=200_003, language_code="de")
    assert "Команды" in fallback.text


@BOTH_BACKENDS
async def test_language_command_switches_interface(running_bot: RunningBot) -> None:
    [menu] = await running_bot.say("/language")
    assert menu.callback_data == ["lang:ru", "lang:kk", "lang:en"]
    query = running_bot.server.press_button(READER_ID, menu.message_id, "lang:en")
    await running_bot.server.wait_until(lambda: running_bot.server.answer_for(query) is not None)
    [reply] = await running_bot.say("/help")
    assert "Commands" in reply.text
    reader = await running_bot.storage.readers.get(READER_ID)
    assert reader is not None and reader.language == "en"


def _last_part(message: ChatMessage) -> bool:
    """The message is the last part of a long article ("3/3")."""
    first_line = message.plain_text.split("\n")[0]
    number, slash, count = first_line.partition("/")
    return bool(slash) and number == count


@BOTH_BACKENDS
async def test_latest_read_and_full_text_button(running_bot: RunningBot, tmp_path: Path) -> None:
    [empty] = await running_bot.say("/latest")
    assert "нет ни одной статьи" in empty.text
    await import_sample(running_bot, tmp_path)

    [latest] = await running_bot.say("/latest 3")
    assert latest.text.count("/read_") == 3
    assert "Итоги выборов: 5 &lt; 7 &amp; что дальше" in latest.text
    assert 'href="https://example.kz/elections?a=1&amp;b=2"' in latest.text
    assert len(latest.callback_data) == 3

    # The first story is the long one: its button brings the full text in several messages.
    before = len(running_bot.server.messages_to(READER_ID))
    running_bot.server.press_button(READER_ID, latest.message_id, latest.callback_data[0])
    await running_bot.server.wait_until(lambda: _last_part(running_bot.server.messages_to(READER_ID)[-1]))
    parts = running_bot.server.messages_to(READER_ID)[before:]
    assert len(parts) >= 3
    assert all(len(p.plain_text) <= 4096 for p in parts)
    # Numbered parts, the original link in the first, no 429 drawn on the way.
    assert [p.plain_text.split("\n")[0] for p in parts] == [
        f"{i}/{len(parts)}" for i in range(1, len(parts) + 1)
    ]
    assert parts[0].text.startswith("<i>1/") and "<b>Итоги выборов: 5 &lt; 7" in parts[0].text
    assert 'href="https://example.kz/elections?a=1&amp;b=2"' in parts[0].text
    assert all("href" not in p.text for p in parts[1:])
    assert running_bot.server.count_429 == 0
    body = " ".join(p.plain_text for p in parts)
    assert body.count("Это длинный абзац") == 160

    article_id = int(latest.text.split("/read_")[1].split()[0])
    [by_command] = await running_bot.say(f"/read_{article_id - 1}")
    assert "Новость номер" in by_command.text
    replies = await running_bot.say(f"/read {article_id}", count=len(parts))
    assert [r.text for r in replies] == [p.text for p in parts]


async def test_latest_rejects_bad_counts(running_bot: RunningBot) -> None:
    for bad in ("/latest 0", "/latest 21", "/latest abc", "/latest -3"):
        [reply] = await running_bot.say(bad)
        assert "от 1 до 20" in reply.text


@BOTH_BACKENDS
async def test_search_matches_word_forms(running_bot: RunningBot, tmp_path: Path) -> None:
    await import_sample(running_bot, tmp_path)
    [found] = await running_bot.say("/search выборы")
    assert "Итоги выборов" in found.text
    [found] = await running_bot.say("/search парках")
    assert found.text.count("/read_") == 7
    [nothing] = await running_bot.say("/search землетрясение")
    assert "ничего не нашлось" in nothing.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/read abc", "/read 12"),
        ("/read", "/read 12"),
        ("/read_abc", "/read 12"),
        ("/read 999999", "999999"),
        ("/read_999999", "999999"),
        ("/search", "/search выборы"),
        ('/search "AND (', "служебные слова"),
        ('/search "(*)" -', "/search выборы"),
        ("/search OR NOT *", "служебные слова"),
        ("/search и в на", "служебные слова"),
        ('/search "выборы" OR (землетрясение*)', "ничего не нашлось"),
        ("/timezone Asia/__pycache__", "/timezone Asia/Almaty"),
        ("/timezone Mars/Olympus", "/timezone Asia/Almaty"),
        ("/time 25:99", "/time"),
        ("/frobnicate", "/help"),
        ("/stats", "только для администраторов"),
        ("привет 👋🏽 مرحبا", "/help"),
        ("x" * 5000, "/help"),
    ],
)
async def test_bad_input_gets_a_short_explanation(running_bot: RunningBot, text: str, expected: str) -> None:
    [reply] = await running_bot.say(text)
    assert expected in reply.text
    assert "Traceback" not in reply.text


async def test_search_query_with_markup_is_escaped(running_bot: RunningBot) -> None:
    [reply] = await running_bot.say("/search <b>выборы</b> & </a>")
    assert "&lt;b&gt;выборы&lt;/b&gt; &amp; &lt;/a&gt;" in reply.text


async def test_admin_sees_admin_help(running_bot: RunningBot) -> None:
    [reply] = await running_bot.say("/help", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    assert "/addsource" in reply.text


async def test_emoji_heavy_article_reads_within_telegram_limits(
    running_bot: RunningBot, tmp_path: Path
) -> None:
    # An emoji is two UTF-16 units, the unit Telegram counts: two paragraphs of 1,600 characters fit
    # a message by characters, not by units.
    paragraph = "🎉🇰🇿 " * 400
    row = {
        "title": "Праздник 🎉 & <итоги> " * 3,
        "text": "\n\n".join([paragraph] * 3),
        "url": "https://example.kz/?" + "&" * 150,
        "source": "😀" * 150,
    }
    path = tmp_path / "emoji.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    report = await import_files(running_bot.ingest.processor, [path])
    assert report.stored == 1

    [latest] = await running_bot.say("/latest 1")
    article_id = int(latest.text.split("/read_")[1].split()[0])
    before = len(running_bot.server.messages_to(READER_ID))
    await running_bot.say(f"/read_{article_id}")
    await running_bot.server.wait_until(
        lambda: _last_part(running_bot.server.messages_to(READER_ID)[-1]), timeout=15
    )
    parts = running_bot.server.messages_to(READER_ID)[before:]
    assert len(parts) == 3
    assert all(len(p.plain_text.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    assert " ".join(p.plain_text for p in parts).count("🎉🇰🇿") == 1200


async def test_imported_kazinform_article_reads_clean(running_bot: RunningBot) -> None:
    sample = require_shared(KAZINFORM_SAMPLE)
    report = await import_files(running_bot.ingest.processor, [sample])
    assert report.stored == 1
    [latest] = await running_bot.say("/latest 1")
    # the first sentence only repeats the headline: the summary goes on from the next one
    assert "Сессия проходит под лозунгом" in latest.text
    assert "None" not in latest.text and "КАЗИНФОРМ" not in latest.text
    article_id = int(latest.text.split("/read_")[1].split()[0])
    [full] = await running_bot.say(f"/read_{article_id}")
    assert "Сейчас читают" not in full.text and "\nNone" not in full.text
    # the full text keeps the sentence as published, attribution included
    assert (
        "стартовала XXIX сессия Ассамблеи народа Казахстана, передает корреспондент МИА «Казинформ»"
        in full.text
    )


@pytest.mark.parametrize(
    "data",
    [
        "read:abc",
        "read:99999999999999999999999",
        "read:-5",
        "src:99999999999999999999999:1",
        "dt:-61",
        "lang:xx",
    ],
)
async def test_forged_button_data_is_answered_without_an_error(running_bot: RunningBot, data: str) -> None:
    # Telegram passes on whatever callback data a client sends, buttons or not.
    [menu] = await running_bot.say("/language")
    query_id = running_bot.server.press_button(READER_ID, menu.message_id, data, check=False)
    await running_bot.server.wait_until(lambda: running_bot.server.answer_for(query_id) is not None)
    [reply] = await running_bot.say("/help")
    assert "/latest" in reply.text
    assert not any("пошло не так" in m.text for m in running_bot.server.messages_to(READER_ID))


async def test_groups_are_ignored(running_bot: RunningBot) -> None:

    running_bot.server.add_update(
        {
            "message": {
                "message_id": 1,
                "date": 1_700_000_000,
                "chat": {"id": -100_500, "type": "supergroup", "title": "Group"},
                "from": {"id": READER_ID, "is_bot": False, "first_name": "Test"},
                "text": "/latest",
                "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
            }
        }
    )
    # The group gets nothing; the private chat still works after it.
    [reply] = await running_bot.say("/help")
    assert "/latest" in reply.text
    assert running_bot.server.messages_to(-100_500) == []


async def test_read_of_a_huge_article_stops_after_a_few_messages_with_the_link(
    running_bot: RunningBot, tmp_path: Path
) -> None:
    """A 2 MB item is not 500 messages: a few, then a line saying so and the original's link."""
    path = tmp_path / "huge.jsonl"
    row = {
        "title": "Огромный материал",
        "text": "\n\n".join(f"Абзац {i}. " + LONG_PARAGRAPH[:1000] for i in range(2000)),
        "url": "https://example.kz/huge",
        "published": datetime.now(UTC).isoformat(),
        "source": "Example KZ",
    }
    path.write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    report = await import_files(running_bot.ingest.processor, [path])
    assert report.stored == 1
    [latest] = await running_bot.say("/latest 1")
    article_id = int(latest.text.split("/read_")[1].split()[0])
    replies = await running_bot.say(f"/read_{article_id}", count=4)
    await asyncio.sleep(1.5)  # anything more would have arrived by now at one message a second
    assert len(running_bot.server.messages_to(READER_ID)) == 1 + 4
    assert "слишком длинный" in replies[-1].text
    assert 'href="https://example.kz/huge"' in replies[-1].text
