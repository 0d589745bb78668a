"""Admin commands and channel posts through the real bot, polling the local Bot API server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from bot.ingest.sources import approve_channel
from storage import Storage
from tests.botapi import BotAPIServer
from tests.e2e.conftest import ADMIN_ID, READER_ID, RunningBot, polling_bot
from tests.e2e.feed_server import FeedServer, Item, rss

CHANNEL_ID = -1001234567890


def items(server: FeedServer) -> list[Item]:
    # Links point at the local server (404 there): a lead-only entry's page is fetched, never the internet.
    return [
        Item(
            "Токаев подписал закон о бюджете",
            server.url("/news/1"),
            "Президент подписал закон о республиканском бюджете на 2025 год, сообщает Акорда.",
            guid="n-1",
        ),
        Item("В Алматы выпал первый снег", server.url("/news/2"), "Снегопад начался рано утром в среду."),
    ]


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as feed_server:
        yield feed_server


@pytest.fixture
async def guarded_bot(tmp_path: Path, botapi: BotAPIServer) -> AsyncIterator[RunningBot]:
    """Like ``running_bot`` but as in production: private networks off."""
    async with polling_bot(tmp_path, botapi, allow_private_networks=False) as running:
        yield running


async def eventually(probe: Callable[[], Awaitable[object]], expected: object, wait: float = 5.0) -> None:
    """Wait until the bot (working on its own task) has done what ``probe`` checks."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while await probe() != expected:
        assert loop.time() < deadline, f"timed out waiting for {expected!r}"
        await asyncio.sleep(0.02)


async def _text_of(storage: Storage, article_id: int) -> bool:
    article = await storage.articles.get(article_id)
    return article is not None and "320 метров" in article.text


async def admin_says(running: RunningBot, text: str) -> str:
    (reply,) = await running.say(text, chat_id=ADMIN_ID, user_id=ADMIN_ID)
    return str(reply.plain_text)


async def test_admin_adds_fetches_inspects_and_removes_a_source(
    running_bot: RunningBot, server: FeedServer
) -> None:
    url = server.add("/feed.xml", rss(items(server), title="Тестовые новости"), etag='"1"')
    added = await admin_says(running_bot, f"/addsource {url}")
    assert "Тестовые новости" in added and "#1" in added and ": 2" in added
    assert await running_bot.storage.articles.count() == 2

    again = await admin_says(running_bot, f"/addsource {url}")
    assert "#1" in again
    assert len(await running_bot.storage.sources.list()) == 1

    broken = server.add("/broken.xml", b"nope", status=500)
    await running_bot.storage.sources.ensure("feed", broken, "Сломанная лента")
    fetched = await admin_says(running_bot, "/fetch")
    assert "Тестовые новости" in fetched and "сайт ответил ошибкой (http-500)" in fetched

    stats = await admin_says(running_bot, "/stats")
    assert "Статей: 2" in stats
    assert "Сломанная лента" in stats and "сайт ответил ошибкой (http-500)" in stats

    removed = await admin_says(running_bot, "/removesource 1")
    assert "#1" in removed
    assert await running_bot.storage.articles.count() == 0
    assert "нет" in (await admin_says(running_bot, "/removesource 1")).lower()


async def test_addsource_refuses_what_is_not_a_feed(running_bot: RunningBot, server: FeedServer) -> None:
    page = server.add(
        "/index.html", b"<!DOCTYPE html><html><body>Shop</body></html>", content_type="text/html"
    )
    assert "нет RSS- или Atom-ленты" in await admin_says(running_bot, f"/addsource {page}")
    assert "нет такой страницы" in await admin_says(running_bot, f"/addsource {server.url('/missing.xml')}")
    assert "/addsource" in await admin_says(running_bot, "/addsource not-a-url")
    assert await running_bot.storage.sources.list() == []


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/removesource ²", "/removesource"),
        ("/removesource 99999999999999999999999", "/removesource"),
        ("/removesource -1", "/removesource"),
        ("/addsource http://[::1", "это не адрес http или https"),
        ("/addsource https://", "это не адрес http или https"),
        ("/addsource http://exa mple.kz/rss", "/addsource"),
        ("/addsource http://x.kz:99999/rss", "это не адрес http или https"),
    ],
)
async def test_bad_admin_input_gets_the_usage(running_bot: RunningBot, command: str, expected: str) -> None:
    reply = await admin_says(running_bot, command)
    assert expected in reply
    assert "пошло не так" not in reply
    assert await running_bot.storage.sources.list() == []


async def test_non_admin_gets_the_admin_only_text(running_bot: RunningBot, server: FeedServer) -> None:
    url = server.add("/feed.xml", rss(items(server)))
    for command in (f"/addsource {url}", "/removesource 1", "/fetch", "/stats"):
        (reply,) = await running_bot.say(command, chat_id=READER_ID, user_id=READER_ID)
        assert "администратор" in reply.plain_text
    assert server.hits["/feed.xml"] == 0
    assert await running_bot.storage.sources.list() == []


async def test_addsource_refuses_private_addresses_in_production(
    guarded_bot: RunningBot, server: FeedServer
) -> None:
    url = server.add("/feed.xml", rss(items(server)))
    for target in (url, "http://localhost:8080/rss", "http://169.254.169.254/latest/meta-data"):
        reply = await admin_says(guarded_bot, f"/addsource {target}")
        assert "внутреннюю сеть" in reply
    assert server.hits["/feed.xml"] == 0
    assert await guarded_bot.storage.sources.list() == []


async def test_channel_post_and_its_edit(running_bot: RunningBot) -> None:
    server = running_bot.server
    storage = running_bot.storage
    await approve_channel(storage, CHANNEL_ID, "Новости Астаны", "astana_news")
    message_id = server.add_channel_post(
        CHANNEL_ID,
        "В Астане открыли новый мост через Есиль\n\nМост длиной 300 метров соединил левый и правый берег. "
        "Подробнее на сайте акимата.",
        username="astana_news",
        title="Новости Астаны",
        entities=[{"type": "text_link", "offset": 88, "length": 20, "url": "https://astana.gov.kz"}],
    )
    await eventually(lambda: storage.articles.count(), 1)
    (article,) = await storage.articles.latest(5)
    assert article.title == "В Астане открыли новый мост через Есиль"
    assert article.url == f"https://t.me/astana_news/{message_id}"
    assert article.guid == f"channel:{CHANNEL_ID}:{message_id}"
    assert "Подробнее на сайте акимата." in article.text
    assert article.source_title == "Новости Астаны"
    (source,) = await storage.sources.list("channel")
    assert source.url == f"tg://channel/{CHANNEL_ID}"

    server.edit_channel_post(
        CHANNEL_ID,
        message_id,
        "В Астане открыли новый мост через Есиль\n\nМост длиной 320 метров соединил левый и правый берег.",
    )
    await eventually(lambda: _text_of(storage, article.id), True)
    current = await storage.articles.get(article.id)
    assert current is not None and "320 метров" in current.text
    assert await storage.articles.count() == 1


async def test_private_channel_post_has_no_link(running_bot: RunningBot) -> None:
    await approve_channel(running_bot.storage, -100999, "Закрытый", None)
    message_id = running_bot.server.add_channel_post(
        -100999,
        "Короткое сообщение без заголовка. Второе предложение поста.",
        username=None,
        title="Закрытый",
    )
    await eventually(lambda: running_bot.storage.articles.count(), 1)
    (article,) = await running_bot.storage.articles.latest(1)
    assert article.url is None
    assert article.guid == f"channel:-100999:{message_id}"
    assert article.title == "Короткое сообщение без заголовка."
