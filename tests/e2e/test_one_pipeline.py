"""One pipeline per process: tellings of one event arriving by every path at once make one story."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.ingest.channel_posts import ChannelPost, store_channel_post
from bot.ingest.importer import import_files
from bot.ingest.processor import Outcome
from bot.ingest.sources import approve_channel
from tests.e2e.conftest import RunningBot
from tests.e2e.feed_server import FeedServer, Item, rss

NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
TITLE_A = "Президент Южной Кореи Юн Сок Ёль объявил о введении военного положения в стране"
TEXT_A = (
    "Президент Южной Кореи Юн Сок Ёль в экстренном обращении к нации объявил о введении в стране "
    "военного положения, обвинив оппозицию в антигосударственной деятельности."
)
TITLE_B = "В Южной Корее введено военное положение"
TEXT_B = (
    "Юн Сок Ёль, президент Южной Кореи, ввел военное положение. В телеобращении он обвинил "
    "оппозиционную Демократическую партию в антигосударственной деятельности."
)
TELLINGS = 4


def _variant(text: str, source: str, i: int) -> str:
    return f"{text} Сообщение {source} номер {i}."


async def test_a_poll_and_an_import_at_once_put_one_event_in_one_story(
    running_bot: RunningBot, tmp_path: Path
) -> None:
    ingest = running_bot.ingest
    async with FeedServer() as server:
        for name, (title, text) in {"a": (TITLE_A, TEXT_A), "b": (TITLE_B, TEXT_B)}.items():
            items = [
                Item(
                    title,
                    f"https://{name}.example/{i}",
                    _variant(text, name, i),
                    guid=f"{name}{i}",
                    published=NOW,
                )
                for i in range(TELLINGS)
            ]
            url = server.add(f"/{name}.xml", rss(items))
            await running_bot.storage.sources.ensure("feed", url, url)
        path = tmp_path / "tellings.jsonl"
        rows = [
            {
                "title": TITLE_B,
                "text": _variant(TEXT_B, "import", i),
                "published": NOW.isoformat(),
                "source": "Файл",
            }
            for i in range(TELLINGS)
        ]
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")

        reports, imported = await asyncio.gather(
            ingest.poller.poll_all(), import_files(ingest.processor, [path])
        )

    assert sum(r.stored for r in reports) == 2 * TELLINGS
    assert imported.stored == TELLINGS
    rows = await running_bot.storage.db.fetchall("SELECT story_id, count(*) FROM articles GROUP BY story_id")
    assert [r[1] for r in rows] == [3 * TELLINGS], "one event became several stories"


async def test_channel_posts_arriving_at_once_join_one_story(running_bot: RunningBot) -> None:
    """Two channels post the same event in the same instant: one story, not two."""
    ingest = running_bot.ingest
    posts = [
        ChannelPost(-1001, "Канал А", "chan_a", 1, f"{TITLE_A}\n{TEXT_A}", NOW),
        ChannelPost(-1002, "Канал Б", "chan_b", 1, f"{TITLE_B}\n{TEXT_B}", NOW),
    ]
    for post in posts:  # approved sources: their posts are stored
        await approve_channel(running_bot.storage, post.chat_id, post.title, post.username)
    results = await asyncio.gather(*(store_channel_post(ingest.processor, post) for post in posts))

    assert [r.outcome for r in results] == [Outcome.STORED, Outcome.STORED]
    rows = await running_bot.storage.db.fetchall("SELECT DISTINCT story_id FROM articles")
    assert len(rows) == 1, "one event became two stories"
