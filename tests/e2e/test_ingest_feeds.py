"""Feeds polled over real HTTP from a local server into the database: what an operator relies on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.fetch import run_fetch
from bot.config import Settings
from bot.ingest.pipeline import IngestPipeline
from storage import Storage
from storage.timestamps import utcnow
from tests.e2e.conftest import make_settings
from tests.e2e.feed_server import (
    FeedServer,
    Item,
    article_page,
    atom,
    endless_handler,
    gzip_bomb_handler,
    rdf,
    rss,
    slow_handler,
)

NOW = datetime(2024, 12, 3, 9, 0, tzinfo=UTC)

BUDGET = Item(
    "Сенат одобрил республиканский бюджет на три года",
    "https://news-a.test/budget?utm_source=rss",
    "Депутаты Сената Казахстана одобрили закон о республиканском бюджете на 2025–2027 годы. "
    "Доходы бюджета составят 21 триллион тенге, расходы превысят 25 триллионов тенге. "
    "Дефицит бюджета заложен на уровне 2,7 процента ВВП, сообщили в пресс-службе парламента.",
    guid="a-1",
    published=NOW,
)
BUDGET_RETOLD = Item(
    "Бюджет на 2025–2027 годы одобрен Сенатом",
    "https://news-b.test/2024/12/03/budget",
    "Сенат Казахстана одобрил закон о республиканском бюджете на 2025–2027 годы. Доходы составят "
    "21 триллион тенге, а расходы бюджета превысят 25 триллионов. Дефицит бюджета — 2,7 процента ВВП.",
    guid="b-77",
    published=NOW,
)
SNOW = Item(
    "В Алматы ожидается сильный снегопад",
    "https://news-b.test/2024/12/03/snow",
    "Синоптики Казгидромета предупредили о сильном снегопаде и гололеде в Алматы в среду. "
    "Водителей просят не выезжать на личном транспорте без зимней резины.",
    guid="b-78",
    published=NOW,
)


def local(item: Item, server: FeedServer) -> Item:
    """The item with its link on the local server (with the original path and query), so that a
    lead-only entry's page request never leaves the machine."""
    path = "/" + item.link.split("/", 3)[3]
    return replace(item, link=server.url(path))


def settings_for(tmp_path: Path, **overrides: object) -> Settings:
    return make_settings(tmp_path, "http://127.0.0.1:9", **overrides)


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as feed_server:
        yield feed_server


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(settings_for(tmp_path).database_path)
    yield opened
    await opened.close()


async def test_fetch_command_stores_once_and_the_second_poll_costs_a_304(
    tmp_path: Path, server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url_a = server.add("/a.xml", rss([local(BUDGET, server)], title="Новости А"), etag='"a1"')
    url_b = server.add(
        "/b.xml",
        atom([local(BUDGET_RETOLD, server), local(SNOW, server)], title="Новости Б"),
        last_modified="Tue, 03 Dec 2024 09:00:00 GMT",
    )
    settings = settings_for(tmp_path, feeds=[url_a, url_b])

    assert await run_fetch(settings) == 0
    first = capsys.readouterr().out
    assert "Новости А: stored 1" in first and "Новости Б: stored 2" in first
    assert "total: stored 3 from 2 sources (0 failed)" in first

    assert await run_fetch(settings) == 0
    second = capsys.readouterr().out
    assert "not modified" in second and "total: stored 0 from 2 sources" in second
    assert server.requests[-1][1].get("If-Modified-Since") or server.requests[-1][1].get("If-None-Match")

    storage = await Storage.open(settings.database_path)
    try:
        assert await storage.articles.count() == 3
        sources = await storage.sources.list("feed")
        assert [s.title for s in sources] == ["Новости А", "Новости Б"]  # FEEDS added once, titled
        budget = [a for a in await storage.articles.latest(10) if "бюджет" in a.title.lower()]
        assert len(budget) == 2
        assert budget[0].story_id == budget[1].story_id == min(a.id for a in budget)
        snow = next(a for a in await storage.articles.latest(10) if "снегопад" in a.title)
        assert snow.story_id == snow.id
        stored = await storage.articles.get(budget[0].id)
        assert stored is not None and stored.url is not None and "utm_" not in stored.url
    finally:
        await storage.close()


async def test_feed_without_conditional_support_stores_nothing_new(
    tmp_path: Path, server: FeedServer, storage: Storage
) -> None:
    url = server.add("/plain.xml", rdf([local(BUDGET, server), local(SNOW, server)]))
    settings = settings_for(tmp_path)
    await storage.sources.ensure("feed", url, url)
    async with IngestPipeline.create(storage, settings, extract_pages=False) as pipeline:
        poller = pipeline.poller
        first = await poller.poll_all()
        second = await poller.poll_all()
    assert first[0].stored == 2
    assert (second[0].stored, second[0].duplicates) == (0, 2)


async def test_lead_only_entries_get_the_page_text_without_the_furniture(
    tmp_path: Path, server: FeedServer, storage: Storage
) -> None:
    paragraphs = [
        "Национальный банк Казахстана сохранил базовую ставку на уровне 15,25 процента годовых.",
        "Решение принято с учетом инфляционных ожиданий населения и ситуации на внешних рынках, "
        "пояснили в регуляторе. Годовая инфляция в ноябре ускорилась до 8,9 процента.",
        "Следующее плановое решение по базовой ставке будет объявлено в январе 2025 года. "
        "Аналитики ожидают, что ставка останется неизменной как минимум до весны.",
    ]
    page = server.add(
        "/news/rate",
        article_page("Нацбанк сохранил базовую ставку", paragraphs),
        content_type="text/html; charset=utf-8",
    )
    lead = Item(
        "Нацбанк сохранил базовую ставку", page, "Ставка осталась на уровне 15,25%.", guid="r1", published=NOW
    )
    broken_page = Item(
        "Страница недоступна", server.url("/news/gone"), "Лид новости о погоде в Астане.", guid="r2"
    )
    feed = server.add("/leads.xml", rss([lead, broken_page]))
    await storage.sources.ensure("feed", feed, feed)
    async with IngestPipeline.create(storage, settings_for(tmp_path)) as pipeline:
        poller = pipeline.poller
        (report,) = await poller.poll_all()
    assert report.stored == 2 and report.error is None
    articles = {a.title: a for a in await storage.articles.latest(10)}
    text = articles["Нацбанк сохранил базовую ставку"].text
    assert "Годовая инфляция в ноябре ускорилась" in text
    assert "январе 2025 года" in text
    for furniture in ("cookie", "РЕКЛАМА", "Комментарии", "Читатель Иван", "Читайте также", "Главная", "©"):
        assert furniture not in text
    assert articles["Страница недоступна"].text == "Лид новости о погоде в Астане."  # feed text kept


async def test_windows_1251_and_koi8_feeds(tmp_path: Path, server: FeedServer, storage: Storage) -> None:
    cp = server.add(
        "/cp.xml",
        rss([local(BUDGET, server)], encoding="windows-1251", title="Кириллица"),
        content_type="text/xml",
    )
    koi = server.add(
        "/koi.xml",
        rss([local(SNOW, server)], encoding="koi8-r", declare=False),
        content_type="application/rss+xml",
    )
    for url in (cp, koi):
        await storage.sources.ensure("feed", url, url)
    async with IngestPipeline.create(storage, settings_for(tmp_path), extract_pages=False) as pipeline:
        poller = pipeline.poller
        reports = await poller.poll_all()
    assert [r.stored for r in reports] == [1, 1]
    titles = {a.title for a in await storage.articles.latest(10)}
    assert titles == {local(BUDGET, server).title, local(SNOW, server).title}


async def test_permanent_redirect_moves_the_source(
    tmp_path: Path, server: FeedServer, storage: Storage
) -> None:
    new = server.add("/new.xml", rss([local(SNOW, server)]))
    old = server.redirect("/old.xml", new, 301)
    source = await storage.sources.ensure("feed", old, old)
    async with IngestPipeline.create(storage, settings_for(tmp_path), extract_pages=False) as pipeline:
        poller = pipeline.poller
        await poller.poll_all()
    moved = await storage.sources.get(source.id)
    assert moved is not None and moved.url == new


async def test_bad_sources_are_skipped_with_their_error_and_the_good_one_is_stored(
    tmp_path: Path, server: FeedServer, storage: Storage
) -> None:
    bad = {
        "malformed": server.add("/malformed.xml", b"<rss><channel><title>x</title><item><title>&bad;</item"),
        "html": server.add(
            "/page.html", b"<!DOCTYPE html><html><body><h1>Shop</h1></body></html>", content_type="text/html"
        ),
        "empty": server.add("/empty.xml", b""),
        "huge": server.handle("/huge.xml", endless_handler()),
        "bomb": server.handle("/bomb.xml", gzip_bomb_handler(40)),
        "loop": server.redirect("/loop.xml", "/loop.xml", 302),
        "slow": server.handle("/slow.xml", slow_handler(30)),
        "laughs": server.add(
            "/laughs.xml",
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<rss version="2.0"><channel><title>&b;</title></channel></rss>',
        ),
        "404": server.add("/missing.xml", b"no", status=404),
    }
    good = server.add("/good.xml", rss([local(SNOW, server)]))
    for url in [*bad.values(), good]:
        await storage.sources.ensure("feed", url, url)
    settings = settings_for(tmp_path, feed_poll_seconds=60)
    async with IngestPipeline.create(storage, settings, extract_pages=False) as pipeline:
        poller = pipeline.poller
        poller.fetcher.timeout = 1.0
        poller.fetcher.max_bytes = 2 * 1024 * 1024
        reports = {r.url: r for r in await poller.poll_all()}
    assert reports[good].stored == 1 and reports[good].error is None
    failed = {name for name, url in bad.items() if reports[url].error}
    # A malformed feed with nothing salvageable stores nothing but is not an error of the fetch.
    assert failed >= set(bad) - {"malformed"}
    assert await storage.articles.count() == 1
    sources = {s.url: s for s in await storage.sources.list()}
    assert "larger than 2 MB" in (sources[bad["huge"]].last_error or "")
    assert "larger than 2 MB" in (sources[bad["bomb"]].last_error or "")
    assert "redirects" in (sources[bad["loop"]].last_error or "")
    assert "timed out" in (sources[bad["slow"]].last_error or "")
    assert "entit" in (sources[bad["laughs"]].last_error or "")
    slow = sources[bad["slow"]]
    assert slow.error_count == 1 and slow.next_fetch_at is not None and slow.next_fetch_at > utcnow()
    assert sources[good].last_error is None


async def test_failing_source_backs_off_and_is_not_due(
    tmp_path: Path, server: FeedServer, storage: Storage
) -> None:
    url = server.add("/down.xml", b"down", status=503)
    source = await storage.sources.ensure("feed", url, url)
    settings = settings_for(tmp_path, feed_poll_seconds=60)
    async with IngestPipeline.create(storage, settings, extract_pages=False) as pipeline:
        poller = pipeline.poller
        await poller.poll_source(source)
        again = await storage.sources.get(source.id)
        assert again is not None
        await poller.poll_source(again)
        due = await poller.poll_all(due_only=True)
    after = await storage.sources.get(source.id)
    assert after is not None and after.error_count == 2 and after.last_error == "http-503: HTTP 503"
    assert after.next_fetch_at is not None
    assert (after.next_fetch_at - utcnow()).total_seconds() > 100  # doubled from 60 s
    assert due == []  # backed off: not polled again yet
    assert server.hits["/down.xml"] == 2
