"""The "add a feed" use case through the real bot: discovery from a site page, one source per feed
whatever its tracking parameters, reasons an admin can read in their language, and names of sources
that never show a URL's credentials."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.ingest.pipeline import IngestPipeline
from bot.ingest.sources import add_configured_feeds
from storage.timestamps import utcnow
from tests.e2e.conftest import ADMIN_ID, READER_ID, RunningBot
from tests.e2e.feed_server import FeedServer, Item, rss


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as feed_server:
        yield feed_server


def feed(server: FeedServer, title: str = "Новости сайта") -> bytes:
    return rss(
        [
            Item("Первая новость сайта", server.url("/n/1"), "Текст первой новости сайта.", guid="s-1"),
            Item("Вторая новость сайта", server.url("/n/2"), "Текст второй новости сайта.", guid="s-2"),
        ],
        title=title,
    )


def page(links: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><title>Сайт</title>{links}</head><body><h1>Главная</h1></body></html>"
    ).encode()


async def admin_says(running: RunningBot, text: str, language: str = "ru") -> str:
    (reply,) = await running.say(text, chat_id=ADMIN_ID, user_id=ADMIN_ID, language_code=language)
    return str(reply.plain_text)


async def test_a_site_page_leads_to_the_feed_it_names(running_bot: RunningBot, server: FeedServer) -> None:
    server.add("/export/news.atom", feed(server), content_type="application/atom+xml")
    home = server.add(
        "/",
        page(
            '<link rel="stylesheet" href="/s.css">'
            '<link rel="alternate" type="application/rss+xml; charset=utf-8" href="/export/news.atom">'
        ),
        content_type="text/html; charset=utf-8",
    )
    reply = await admin_says(running_bot, f"/addsource {home}")
    assert "Новости сайта" in reply and "2 записи" in reply
    (source,) = await running_bot.storage.sources.list()
    assert source.url == server.url("/export/news.atom")
    assert await running_bot.storage.articles.count() == 2


async def test_a_page_naming_no_feed_is_tried_at_the_usual_paths(
    running_bot: RunningBot, server: FeedServer
) -> None:
    server.add("/rss.xml", feed(server))
    home = server.add("/", page(), content_type="text/html")
    reply = await admin_says(running_bot, f"/addsource {home}")
    assert "Источник #1 добавлен" in reply
    (source,) = await running_bot.storage.sources.list()
    assert source.url == server.url("/rss.xml")
    assert server.hits["/feed"] == 1 and server.hits["/rss"] == 1  # tried in order before /rss.xml

    empty = server.add("/empty", page(), content_type="text/html")
    server.routes.pop("/rss.xml")
    assert "нет RSS- или Atom-ленты" in await admin_says(running_bot, f"/addsource {empty}")
    assert len(await running_bot.storage.sources.list()) == 1


async def test_the_same_feed_with_tracking_parameters_is_one_source(
    running_bot: RunningBot, server: FeedServer
) -> None:
    url = server.add("/feed.xml", feed(server))
    assert "Источник #1 добавлен" in await admin_says(running_bot, f"/addsource {url}?utm_source=tg&fbclid=1")
    again = await admin_says(running_bot, f"/addsource {url}?utm_medium=social#top")
    assert "уже есть" in again and "#1" in again
    await add_configured_feeds(running_bot.storage, running_bot.settings.model_copy(update={"feeds": [url]}))
    (source,) = await running_bot.storage.sources.list()
    assert source.url == url
    assert server.hits["/feed.xml"] == 2  # checked once before adding, polled once: never again


@pytest.mark.parametrize(
    ("language", "unreachable", "not_found", "not_a_feed"),
    [
        ("ru", "сайт недоступен", "на сайте нет такой страницы", "нет RSS- или Atom-ленты"),
        ("kk", "сайтқа қосылу мүмкін емес", "сайтта мұндай бет жоқ", "RSS немесе Atom таспасы жоқ"),
        ("en", "the site cannot be reached", "the site has no such page", "no RSS or Atom feed"),
    ],
)
async def test_failures_are_short_reasons_in_the_admins_language(
    running_bot: RunningBot,
    server: FeedServer,
    caplog: pytest.LogCaptureFixture,
    language: str,
    unreachable: str,
    not_found: str,
    not_a_feed: str,
) -> None:
    broken = server.add(
        "/broken.xml", b"<rss><channel><title>x</title><item></channel>", content_type="text/xml"
    )
    caplog.set_level(logging.INFO)
    replies = [
        await admin_says(running_bot, "/addsource http://127.0.0.1:9/feed.xml", language),
        await admin_says(running_bot, f"/addsource {server.url('/missing.xml')}", language),
        await admin_says(running_bot, f"/addsource {broken}", language),
    ]
    for reply, reason in zip(replies, (unreachable, not_found, not_a_feed), strict=True):
        assert reason in reply
        assert "Error" not in reply and "Errno" not in reply and "HTTP" not in reply
    assert "ConnectError" in caplog.text  # the detail is the operator's, in the log

    await running_bot.storage.sources.ensure("feed", server.url("/gone.xml"), "Пропавшая лента")
    fetched = await admin_says(running_bot, "/fetch", language)
    assert f"{not_found} (http-404)" in fetched
    stats = await admin_says(running_bot, "/stats", language)
    assert f"{not_found} (http-404)" in stats


async def test_a_manual_fetch_does_not_push_the_backoff_further_out(
    running_bot: RunningBot, server: FeedServer
) -> None:
    storage = running_bot.storage
    source = await storage.sources.ensure("feed", server.add("/down.xml", b"", status=503), "Лежит")
    async with IngestPipeline.create(storage, running_bot.settings, extract_pages=False) as ingest:
        await ingest.poller.poll_all(due_only=True)
    failed = await storage.sources.get(source.id)
    assert failed is not None and failed.error_count == 1 and failed.next_fetch_at is not None
    assert failed.next_fetch_at > utcnow() + timedelta(seconds=running_bot.settings.feed_poll_seconds - 5)

    for _ in range(3):
        assert "503" in await admin_says(running_bot, "/fetch")
    after = await storage.sources.get(source.id)
    assert after is not None
    assert after.error_count == 1 and after.next_fetch_at == failed.next_fetch_at
    assert after.last_error == "http-503: HTTP 503"


async def test_credentials_in_a_feed_url_never_reach_readers(
    running_bot: RunningBot, server: FeedServer
) -> None:
    """A FEEDS entry with userinfo and an API key, for a feed with no title and one that is down."""
    storage = running_bot.storage
    untitled = server.add("/private.xml", feed(server, title=""))
    secret_untitled = untitled.replace("http://", "http://reader:hunter2@") + "?apikey=SECRETKEY&token=T0KEN"
    secret_down = server.url("/down.xml").replace("http://", "https://ops:pa55@") + "?access_token=SECRETKEY"
    settings = running_bot.settings.model_copy(update={"feeds": [secret_untitled, secret_down]})
    await add_configured_feeds(storage, settings)
    async with IngestPipeline.create(storage, settings, extract_pages=False) as ingest:
        await ingest.poller.poll_all()
    assert await storage.articles.count() == 2

    shown = [
        await running_bot.say("/latest", chat_id=READER_ID, user_id=READER_ID),
        await running_bot.say("/sources", chat_id=READER_ID, user_id=READER_ID),
        await running_bot.say("/digest", chat_id=READER_ID, user_id=READER_ID),
        [await admin_says(running_bot, "/stats")],
        [await admin_says(running_bot, "/fetch")],
    ]
    texts = [m if isinstance(m, str) else m.plain_text for group in shown for m in group]
    buttons = [b.get("text", "") for group in shown[:3] for m in group for b in m.buttons]
    latest, _, digest = (" ".join(m.plain_text for m in group) for group in shown[:3])
    assert "127.0.0.1" in latest and "127.0.0.1" in digest  # named by the host
    for text in texts + buttons:
        for secret in ("hunter2", "SECRETKEY", "T0KEN", "pa55", "reader:", "ops:", "apikey"):
            assert secret not in text, (secret, text)
    assert any("127.0.0.1" in b for b in buttons)  # the source is named by its host
