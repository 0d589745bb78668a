"""What a reader sees change: the bot's profile and menus, screens redrawn in place after a button,
every button answered with a text, and search that ignores stop words and the reader's switched-off
sources. Through the real bot over HTTP and the local Bot API server."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest

from bot.telegram.client import create_bot
from bot.telegram.dispatcher import set_menu
from bot.telegram.i18n import load_core
from bot.telegram.menu import ADMIN_COMMANDS, READER_COMMANDS
from storage.articles import NewArticle
from storage.timestamps import utcnow
from tests.botapi import BotAPIServer
from tests.e2e.conftest import ADMIN_ID, READER_ID, RunningBot, make_settings, polling_bot

pytestmark = pytest.mark.asyncio


def _names(commands: list[dict[str, str]]) -> list[str]:
    return [c["command"] for c in commands]


async def _press(running: RunningBot, message_id: int, data: str, chat_id: int = READER_ID) -> str:
    """Press a button and wait for its answer; the answer's text."""
    query = running.server.press_button(chat_id, message_id, data, user_id=chat_id)
    await running.server.wait_until(lambda: running.server.answer_for(query) is not None)
    answer = running.server.answer_for(query)
    assert answer is not None
    return answer.text or ""


async def _start_up(running: RunningBot) -> None:
    """What the runner does at start-up: descriptions and menus."""
    bot = create_bot(running.settings)
    try:
        await set_menu(bot, await load_core("ru"), running.settings, running.storage)
    finally:
        await bot.session.close()


async def _add_article(running: RunningBot, source_id: int, title: str, text: str) -> None:
    await running.storage.articles.add(
        NewArticle(
            source_id=source_id,
            title=title,
            text=text,
            summary=text,
            lang="ru",
            content_hash=hashlib.sha1(title.encode()).hexdigest(),
            published_at=utcnow() - timedelta(hours=1),
            url=f"https://example.kz/{hashlib.sha1(title.encode()).hexdigest()[:8]}",
        )
    )


async def test_profile_texts_and_menus_per_language_and_scope(running_bot: RunningBot) -> None:
    server = running_bot.server
    await _start_up(running_bot)
    for language, word in (("ru", "новост"), ("kk", "жаңалық"), ("en", "news")):
        assert word in server.get_description(language).lower()
        assert 0 < len(server.get_description(language, short=True)) <= 120
        menu = server.menu_seen_in_private_chat(READER_ID, language)
        assert _names(menu) == list(READER_COMMANDS)
    assert server.get_description("de") == server.get_description("ru")  # the default language
    # A restart with the same texts leaves the profile alone (Telegram limits how often it changes).
    sets = len(server.calls("setMyDescription")) + len(server.calls("setMyShortDescription"))
    assert sets == 8
    await _start_up(running_bot)
    assert len(server.calls("setMyDescription")) + len(server.calls("setMyShortDescription")) == sets
    assert "Latest news" in [c["description"] for c in server.menu_seen_in_private_chat(READER_ID, "en")]
    # Groups are not served yet: no default menu promises them commands.
    assert server.get_commands("default") == []
    # Each admin has a menu of their own with the admin commands.
    assert _names(server.menu_seen_in_private_chat(ADMIN_ID, "en")) == [*READER_COMMANDS, *ADMIN_COMMANDS]
    # /start subscribes nobody by itself: its description speaks of the button that does.
    words = {"ru": ("подпис", "кнопк"), "kk": ("жазыл", "батырма"), "en": ("subscri", "button")}
    for language, (subscribe, button) in words.items():
        menu = server.menu_seen_in_private_chat(READER_ID, language)
        start = next(c["description"].lower() for c in menu if c["command"] == "start")
        assert subscribe not in start or button in start, start


async def test_the_menu_follows_the_language_a_reader_picks(running_bot: RunningBot) -> None:
    server = running_bot.server
    await _start_up(running_bot)
    [chooser] = await running_bot.say("/language")
    await _press(running_bot, chooser.message_id, "lang:kk")
    await server.wait_until(lambda: bool(server.get_commands(f"chat:{READER_ID}")))
    # The reader's Telegram is in Russian, the menu now in Kazakh, and only for this chat.
    menu = {c["command"]: c["description"] for c in server.menu_seen_in_private_chat(READER_ID, "ru")}
    assert menu["latest"] == "Соңғы жаңалықтар" and "addsource" not in menu
    other = {c["command"]: c["description"] for c in server.menu_seen_in_private_chat(READER_ID + 1, "ru")}
    assert other["latest"] == "Последние новости"
    # An admin who picks a language keeps the admin commands in it.
    [chooser] = await running_bot.say("/language", chat_id=ADMIN_ID, user_id=ADMIN_ID)
    await _press(running_bot, chooser.message_id, "lang:en", chat_id=ADMIN_ID)
    await server.wait_until(
        lambda: "Statistics (admin)" in [c["description"] for c in server.get_commands(f"chat:{ADMIN_ID}")]
    )


async def test_picking_a_language_redraws_the_chooser_and_confirms_once(running_bot: RunningBot) -> None:
    server = running_bot.server
    [chooser] = await running_bot.say("/language")
    assert chooser.buttons[0]["text"] == "✅ Русский"
    answer = await _press(running_bot, chooser.message_id, "lang:en")
    assert answer == "Interface language: English."
    await server.wait_until(lambda: server.message(READER_ID, chooser.message_id).edit_count == 1)
    redrawn = server.message(READER_ID, chooser.message_id)
    assert [b["text"] for b in redrawn.buttons] == ["Русский", "Қазақша", "✅ English"]
    assert redrawn.plain_text == "Choose the interface language:"
    [reply] = await running_bot.say("/help")
    assert "Commands" in reply.plain_text
    # No second confirmation came as a message: the chooser and the /help reply only.
    assert len(server.messages_to(READER_ID)) == 2


async def test_subscribing_from_settings_redraws_the_card(running_bot: RunningBot) -> None:
    server = running_bot.server
    [card] = await running_bot.say("/settings")
    assert "выключен" in card.plain_text
    answer = await _press(running_bot, card.message_id, card.button("🔔")["callback_data"])
    assert answer == "🔔 Подписка включена"
    await server.wait_until(lambda: "включён" in server.message(READER_ID, card.message_id).plain_text)
    redrawn = server.message(READER_ID, card.message_id)
    reader = await running_bot.storage.readers.get(READER_ID)
    assert reader is not None and reader.subscribed
    answer = await _press(running_bot, card.message_id, redrawn.button("🔕")["callback_data"])
    assert answer == "🔕 Подписка отключена"
    await server.wait_until(lambda: "выключен" in server.message(READER_ID, card.message_id).plain_text)
    assert len(server.messages_to(READER_ID)) == 1


async def test_a_removed_sources_button_says_so_and_leaves_the_list(running_bot: RunningBot) -> None:
    server = running_bot.server
    gone = await running_bot.storage.sources.ensure("feed", "https://gone.example/rss", "Gone")
    await running_bot.storage.sources.ensure("feed", "https://kept.example/rss", "Kept")
    [listing] = await running_bot.say("/sources")
    await running_bot.storage.sources.remove(gone.id)
    answer = await _press(running_bot, listing.message_id, listing.button("Gone")["callback_data"])
    assert answer == "Этого источника больше нет — список обновлён."
    await server.wait_until(lambda: len(server.message(READER_ID, listing.message_id).buttons) == 1)
    assert "Kept" in server.message(READER_ID, listing.message_id).buttons[0]["text"]


async def test_every_button_is_answered_with_a_text(running_bot: RunningBot) -> None:
    source = await running_bot.storage.sources.ensure("feed", "https://one.example/rss", "One")
    await _add_article(running_bot, source.id, "Выборы в маслихат", "Голосование прошло спокойно.")
    [start] = await running_bot.say("/start")
    assert await _press(running_bot, start.message_id, "sub:1")
    # The confirmation may come after the button's answer: wait for it, or /latest would see it as its reply.
    await running_bot.server.wait_for_messages(READER_ID, 2)
    [latest] = await running_bot.say("/latest 1")
    assert await _press(running_bot, latest.message_id, latest.callback_data[0]) == "📄 Полный текст — ниже"
    # The greeting, the subscription's confirmation, the list and the article.
    await running_bot.server.wait_for_messages(READER_ID, 4)
    [card] = await running_bot.say("/settings")
    for label in ("📰", "🌐", "🗞", "08:00"):
        assert await _press(running_bot, card.message_id, card.button(label)["callback_data"]), label
    for forged in ("lang:xx", "set:nothing", "read:abc", "zzz"):
        query = running_bot.server.press_button(READER_ID, card.message_id, forged, check=False)
        await running_bot.server.wait_until(lambda q=query: running_bot.server.answer_for(q) is not None)
        answer = running_bot.server.answer_for(query)
        assert answer is not None and answer.text and "устарела" in answer.text, forged
    assert all(a.text for a in running_bot.server.callback_answers)


async def test_search_ignores_stop_words_and_says_when_nothing_matches_well(running_bot: RunningBot) -> None:
    source = await running_bot.storage.sources.ensure("feed", "https://one.example/rss", "One")
    await _add_article(running_bot, source.id, "Снег в Астане", "На трассах снег, дороги закрыты.")
    for number in range(6):
        await _add_article(running_bot, source.id, f"Дороги {number}", "Дороги и снова дороги.")
    [reply] = await running_bot.say("/search и в на")
    assert "служебные слова" in reply.plain_text and "/read_" not in reply.plain_text
    [found] = await running_bot.say("/search снег на трассах и дороги")
    assert found.plain_text.startswith("Найдено") and found.plain_text.count("/read_") == 1
    [closest] = await running_bot.say("/search снег в алматы")
    assert closest.plain_text.startswith("Статей со всеми словами запроса")
    assert "Снег в Астане" in closest.plain_text and closest.plain_text.count("/read_") == 1


async def test_a_switched_off_source_is_off_in_latest_and_search(running_bot: RunningBot) -> None:
    kept = await running_bot.storage.sources.ensure("feed", "https://kept.example/rss", "Kept")
    dropped = await running_bot.storage.sources.ensure("feed", "https://dropped.example/rss", "Dropped")
    await _add_article(running_bot, kept.id, "Выборы в маслихат", "Голосование в городе.")
    await _add_article(running_bot, dropped.id, "Выборы в сенат", "Голосование в сенате.")
    [listing] = await running_bot.say("/sources")
    await _press(running_bot, listing.message_id, listing.button("Dropped")["callback_data"])
    [latest] = await running_bot.say("/latest")
    assert "маслихат" in latest.plain_text and "сенат" not in latest.plain_text
    [found] = await running_bot.say("/search выборы")
    assert "маслихат" in found.plain_text and "сенат" not in found.plain_text


async def test_admin_menu_is_set_when_an_admin_starts_the_bot(botapi: BotAPIServer, tmp_path: Path) -> None:
    async with polling_bot(tmp_path, botapi) as running:
        await running.say("/start", chat_id=ADMIN_ID, user_id=ADMIN_ID, language_code="en")
        await botapi.wait_until(lambda: bool(botapi.get_commands(f"chat:{ADMIN_ID}")))
        assert _names(botapi.menu_seen_in_private_chat(ADMIN_ID)) == [*READER_COMMANDS, *ADMIN_COMMANDS]
        await running.say("/start")
        assert botapi.get_commands(f"chat:{READER_ID}") == []
    assert make_settings(tmp_path, botapi.url).admin_ids == [ADMIN_ID]
