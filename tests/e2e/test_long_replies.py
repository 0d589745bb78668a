"""Replies of several messages: pages measured as Telegram measures them, sent at the per-chat pace."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from storage.articles import NewArticle
from storage.timestamps import utcnow
from tests.botapi import parse_html
from tests.e2e.conftest import READER_ID, RunningBot


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def _store(bot: RunningBot, count: int, title: str, text: str, summary: str) -> list[int]:
    source = await bot.storage.sources.ensure("feed", "https://emoji.example/rss", "Emoji 🎉 news")
    ids = []
    for i in range(count):
        article_id = await bot.storage.articles.add(
            NewArticle(
                source_id=source.id,
                title=f"{title} {i}",
                text=f"{text} {i}",
                summary=summary,
                lang="ru",
                content_hash=hashlib.sha1(f"{title}{i}".encode()).hexdigest(),
                published_at=utcnow() - timedelta(minutes=i),
                url=f"https://emoji.example/{i}",
            )
        )
        assert article_id is not None
        ids.append(article_id)
    return ids


async def test_latest_pages_of_emoji_fit_telegrams_limit(running_bot: RunningBot) -> None:
    # Each story is about 260 characters but twice as many UTF-16 units: pages cut by characters
    # would be twice too long for Telegram.
    await _store(running_bot, 20, "🇰🇿" * 25, "Текст", "🎉" * 200)
    running_bot.server.send_message_update(READER_ID, "/latest 20")
    await running_bot.server.wait_until(
        lambda: sum(m.text.count("/read_") for m in running_bot.server.messages_to(READER_ID)) >= 20,
        timeout=30,
        message="all 20 stories",
    )
    pages = running_bot.server.messages_to(READER_ID)
    assert len(pages) >= 3
    assert all(utf16(parse_html(page.text).text) <= 4096 for page in pages)
    numbers = [int(n) for page in pages for n in re.findall(r"^(\d+)\. ", page.plain_text, re.MULTILINE)]
    assert numbers == list(range(1, 21))
    assert not running_bot.server.errors  # no "message is too long", no 429


async def test_a_long_article_comes_in_numbered_parts_without_429(running_bot: RunningBot) -> None:
    paragraph = "Длинный абзац статьи, в котором много слов и одна мысль. " * 12
    [article_id] = await _store(running_bot, 1, "Большая статья", "\n\n".join([paragraph] * 16), "Кратко.")
    running_bot.server.send_message_update(READER_ID, f"/read {article_id}")
    await running_bot.server.wait_for_messages(READER_ID, 1, timeout=30)

    def complete() -> bool:
        first_line = running_bot.server.messages_to(READER_ID)[-1].plain_text.split("\n")[0]
        number, _, total = first_line.partition("/")
        return number == total

    await running_bot.server.wait_until(complete, timeout=30, message="the last part")
    parts = running_bot.server.messages_to(READER_ID)
    count = len(parts)
    assert 3 <= count <= 4  # within the cap of a /read: the whole text, numbered
    assert [p.plain_text.split("\n")[0] for p in parts] == [f"{i}/{count}" for i in range(1, count + 1)]
    assert "https://emoji.example/0" in parts[0].text
    assert running_bot.server.count_429 == 0
    assert " ".join(p.plain_text for p in parts).count("одна мысль") == 12 * 16
