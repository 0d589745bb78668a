"""Personal news through the real bot over HTTP: readers' own feeds (/add, OPML in and out), word
filters in Russian and Kazakh word forms, alerts and search through the outbox, against local feed servers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery.sender import OutboxSender
from bot.ingest.failures import FailureReason
from bot.ingest.fetcher import Fetcher
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.sources import AddSourceError, add_reader_feed
from bot.personal.alert_job import AlertJob
from bot.telegram.client import create_bot
from storage import Storage
from storage.personal import ALERT_CURSOR
from tests.botapi import BotAPIServer, ChatMessage
from tests.conftest import BOTH_BACKENDS
from tests.e2e.conftest import READER_ID, RunningBot, make_settings, polling_bot
from tests.e2e.fake_internet import FakeInternet
from tests.e2e.feed_server import FeedServer, Item, rss

OTHER_ID = 100_002
PUBLIC_ADDRESS = "93.184.216.34"
# Distinct bodies, so that no two items are taken for one story told twice.
DETAILS = [
    "Комиссия подвела итоги голосования в субботу вечером.",
    "Синоптики обещают дожди и сильный ветер на севере страны.",
    "Национальный банк сообщил о притоке валюты на биржу.",
    "Наблюдатели отметили высокую явку в сельских округах.",
]


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as feed_server:
        yield feed_server


def news_feed(server: FeedServer, prefix: str, titles: list[str], title: str) -> bytes:
    return rss(
        [
            Item(t, server.url(f"/{prefix}/{i}"), f"{t}. {DETAILS[i % len(DETAILS)]}", guid=f"{prefix}-{i}")
            for i, t in enumerate(titles)
        ],
        title=title,
    )


async def say(running: RunningBot, text: str, chat_id: int = READER_ID) -> str:
    (reply,) = await running.say(text, chat_id=chat_id, user_id=chat_id)
    return str(reply.plain_text)


async def send_file(running: RunningBot, name: str, data: bytes, chat_id: int = READER_ID) -> ChatMessage:
    """Send a document and wait until the bot's reply to it is final (the import's last edit)."""
    server = running.server
    before = len(server.messages_to(chat_id))
    server.send_document_update(chat_id, name, data, user_id=chat_id)
    (reply,) = (await server.wait_for_messages(chat_id, before + 1))[before:]
    await server.wait_until(
        lambda: "…" not in server.message(chat_id, reply.message_id).plain_text,
        timeout=15,
        message="import end",
    )
    return server.message(chat_id, reply.message_id)


def no_buttons(server: BotAPIServer, chat_id: int, message_id: int) -> Callable[[], bool]:
    return lambda: not server.message(chat_id, message_id).buttons


@BOTH_BACKENDS
async def test_a_reader_adds_a_feed_by_its_url_and_only_they_get_its_stories(
    running_bot: RunningBot, server: FeedServer
) -> None:
    url = server.add("/own.xml", news_feed(server, "own", ["Свой сюжет один", "Свой сюжет два"], "Моя лента"))
    reply = await say(running_bot, f"/add {url}?utm_source=tg")
    assert "Моя лента" in reply and "2 записи" in reply
    storage = running_bot.storage
    (source,) = await storage.sources.list()
    assert await storage.personal.is_personal(source.id)
    assert await storage.articles.count() == 2

    assert "Свой сюжет" in await say(running_bot, "/latest")
    # Another reader neither sees its stories nor gets it among the shared sources.
    assert "Свой сюжет" not in await say(running_bot, "/latest", chat_id=OTHER_ID)
    assert "Источников пока нет" in await say(running_bot, "/sources", chat_id=OTHER_ID)

    # The same feed added by the other reader is the same source, not fetched again.
    hits = server.hits["/own.xml"]
    assert "Моя лента" in await say(running_bot, f"/add {url}", chat_id=OTHER_ID)
    assert len(await storage.sources.list()) == 1 and server.hits["/own.xml"] == hits
    assert "уже есть" in await say(running_bot, f"/add {url}")

    # /sources lists it with a remove button; when both remove it, it is no longer polled.
    for chat_id in (READER_ID, OTHER_ID):
        before = len(running_bot.server.messages_to(chat_id))
        running_bot.server.send_message_update(chat_id, "/sources", user_id=chat_id)
        (listing,) = (await running_bot.server.wait_for_messages(chat_id, before + 1))[before:]
        button = listing.button("Моя лента")
        running_bot.server.press_button(chat_id, listing.message_id, button["callback_data"], user_id=chat_id)
        await running_bot.server.wait_until(no_buttons(running_bot.server, chat_id, listing.message_id))
    refreshed = await storage.sources.get(source.id)
    assert refreshed is not None and not refreshed.enabled
    assert await storage.sources.due(datetime.now(UTC) + timedelta(days=1)) == []


async def test_a_site_page_leads_to_its_feed(running_bot: RunningBot, server: FeedServer) -> None:
    server.add("/feed", news_feed(server, "p", ["Новость страницы"], "Лента сайта"))
    home = server.add(
        "/", b"<html><head><title>Site</title></head><body>Hi</body></html>", content_type="text/html"
    )
    reply = await say(running_bot, f"/add {home}")
    assert "Лента сайта" in reply and "1 запись" in reply
    (source,) = await running_bot.storage.sources.list()
    assert source.url == server.url("/feed")
    assert "нет RSS- или Atom-ленты" in await say(running_bot, f"/add {server.add('/plain', b'just text')}")
    assert "Пришлите адрес" in await say(running_bot, "/add not-a-url")


async def test_a_readers_add_of_a_private_address_is_refused(
    tmp_path: Path, botapi: BotAPIServer, server: FeedServer
) -> None:
    url = server.add("/rss.xml", news_feed(server, "x", ["Внутренняя новость"], "Внутренняя"))
    async with polling_bot(tmp_path, botapi, allow_private_networks=False) as running:
        reply = await say(running, f"/add {url}")
        assert "внутреннюю сеть" in reply
        assert await running.storage.sources.list() == []
        assert server.hits["/rss.xml"] == 0


def opml_of_folders(server: FeedServer) -> bytes:
    """An export in Feedly's style: OPML 1.0, folders holding feeds, one folder nested in another."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head><title>Subscriptions in feedly Cloud</title></head>
  <body>
    <outline text="Новости" title="Новости">
      <outline type="rss" text="Первая" title="Первая"
               xmlUrl="{server.url("/a.xml")}" htmlUrl="{server.url("/")}"/>
      <outline text="Вложенная" title="Вложенная">
        <outline type="rss" text="Вторая" xmlurl="{server.url("/b.xml")}"/>
      </outline>
    </outline>
    <outline type="rss" text="Сломанная" xmlUrl="{server.url("/missing.xml")}"/>
    <outline type="rss" text="Почта" xmlUrl="mailto:someone@example.com"/>
  </body>
</opml>""".encode()


@BOTH_BACKENDS
async def test_opml_in_out_and_in_again(running_bot: RunningBot, server: FeedServer) -> None:
    server.add("/a.xml", news_feed(server, "a", ["Новость А"], "Лента А"))
    server.add("/b.xml", news_feed(server, "b", ["Новость Б"], "Лента Б"))
    reply = await send_file(running_bot, "feedly.opml", opml_of_folders(server))
    text = reply.plain_text
    assert "Импорт закончен" in text
    assert "Добавлено: 2, уже были: 0, не получилось: 2" in text
    assert "Сломанная: на сайте нет такой страницы" in text
    storage = running_bot.storage
    assert {s.title for s in await storage.personal.feeds_of(READER_ID)} == {"Лента А", "Лента Б"}
    # Nothing but the feeds was fetched, once each: their stories come with the scheduled poll.
    assert server.hits["/a.xml"] == 1 and server.hits["/b.xml"] == 1 and server.hits["/a/0"] == 0
    assert await storage.articles.count() == 0
    assert {s.id for s in await storage.sources.due(datetime.now(UTC))} == {
        s.id for s in await storage.personal.feeds_of(READER_ID)
    }

    before = len(running_bot.server.messages_to(READER_ID))
    running_bot.server.send_message_update(READER_ID, "/export", user_id=READER_ID)
    (exported,) = (await running_bot.server.wait_for_messages(READER_ID, before + 1))[before:]
    data = running_bot.server.document_bytes(exported)
    assert exported.document is not None and exported.document["file_name"] == "feeds.opml"
    assert b'version="2.0"' in data and server.url("/a.xml").encode() in data

    # Importing the export again (as another reader's app would) adds nothing.
    again = await send_file(running_bot, "feeds.opml", data)
    assert "Добавлено: 0, уже были: 2, не получилось: 0" in again.plain_text
    assert len(await storage.sources.list()) == 2


async def test_hostile_files_get_a_clear_answer_and_change_nothing(
    running_bot: RunningBot, server: FeedServer
) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b'<opml version="2.0"><body><outline text="&b;" xmlUrl="http://example.com/rss"/></body></opml>'
    )
    assert "DTD" in (await send_file(running_bot, "bomb.opml", bomb)).plain_text
    assert "не XML" in (await send_file(running_bot, "binary.xml", bytes(range(256)) * 10)).plain_text
    feed = news_feed(server, "r", ["Новость"], "Лента")
    assert "не OPML" in (await send_file(running_bot, "feed.xml", feed)).plain_text
    assert ".opml" in (await send_file(running_bot, "notes.txt", b"hello")).plain_text
    huge = b'<?xml version="1.0"?><opml version="2.0"><body>' + b" " * (1024 * 1024) + b"</body></opml>"
    assert "больше 1 МБ" in (await send_file(running_bot, "huge.opml", huge)).plain_text
    assert running_bot.server.method_counts["getFile"] == 3  # the huge one was not even downloaded
    assert await running_bot.storage.sources.list() == []


@BOTH_BACKENDS
async def test_filters_match_russian_word_forms_in_digest_and_latest(
    running_bot: RunningBot, server: FeedServer
) -> None:
    titles = ["Итоги выборов в маслихат", "Погода на выходные", "Курс тенге укрепился", "На выборах победил"]
    url = server.add("/f.xml", news_feed(server, "f", titles, "Лента фильтров"))
    await say(running_bot, f"/add {url}")
    assert "Фильтр обновлён" in await say(running_bot, "/filter +выборы")
    (digest,) = await running_bot.say("/digest", user_id=READER_ID)
    assert "выборов" in digest.plain_text and "выборах" in digest.plain_text
    assert "Погода" not in digest.plain_text and "тенге" not in digest.plain_text
    latest = await say(running_bot, "/latest")
    assert "Фильтры скрыли: 2" in latest

    assert "Фильтр обновлён" in await say(running_bot, '/filter -"на выборах"')
    latest = await say(running_bot, "/latest")
    assert "Итоги выборов" in latest and "победил" not in latest and "Фильтры скрыли: 3" in latest

    listing = (await running_bot.say("/filter", user_id=READER_ID))[0]
    assert "выборы" in listing.plain_text and len(listing.buttons) == 2
    # A remove button takes a term out, and the list is redrawn without it.
    running_bot.server.press_button(READER_ID, listing.message_id, listing.button("выборах")["callback_data"])
    await running_bot.server.wait_until(
        lambda: len(running_bot.server.message(READER_ID, listing.message_id).buttons) == 1
    )
    assert await running_bot.storage.personal.filter_terms(READER_ID) == ["+выборы"]


async def test_filters_match_kazakh_word_forms(running_bot: RunningBot, server: FeedServer) -> None:
    titles = ["Мұнай бағасы өсті", "Ауа райы суытады", "Мұнайдың экспорты азайды"]
    url = server.add("/kk.xml", news_feed(server, "kk", titles, "Қазақ таспасы"))
    await say(running_bot, f"/add {url}")
    await say(running_bot, "/filter -мұнайға")
    latest = await say(running_bot, "/latest")
    assert "Ауа райы" in latest and "Мұнай" not in latest and "Фильтры скрыли: 2" in latest


# Kazakh stories whose words are spelled with letters Russian shares ("сайлау", "Астана").
KAZAKH_ITEMS = [
    ("Астанада сайлау өтті", "Сайлауда дауыс беру кешке дейін жалғасты, қалада учаскелер ашық болды."),
    (
        "Мектептерде жаңа оқу жылы басталды",
        "Мектептің оқушылары сабаққа келді, мұғалімдер оларды қарсы алды.",
    ),
    ("Ауа райы суытады", "Синоптиктер жаңбыр мен қар болатынын айтты."),
    ("Астанадағы сайлаудың нәтижелері жарияланды", "Президенттің жарлығымен дауыстар қайта саналды."),
]


def kazakh_feed(server: FeedServer, count: int) -> bytes:
    items = [
        Item(title, server.url(f"/kz/{i}"), text, guid=f"kz-{i}")
        for i, (title, text) in enumerate(KAZAKH_ITEMS[:count])
    ]
    return rss(items, title="Қазақ жаңалықтары")


@BOTH_BACKENDS
async def test_kazakh_filters_alerts_and_search_match_other_word_forms(
    running_bot: RunningBot, server: FeedServer
) -> None:
    url = server.add("/kz.xml", kazakh_feed(server, 3))
    await say(running_bot, f"/add {url}")
    storage, settings = running_bot.storage, running_bot.settings
    assert [tuple(r) for r in await storage.db.fetchtuples("SELECT DISTINCT lang FROM articles")] == [("kk",)]
    # The reader types forms the stories do not have: "in the election", "in the schools".
    assert "Фильтр обновлён" in await say(running_bot, "/filter +сайлауда +мектептерде")
    (digest,) = await running_bot.say("/digest", user_id=READER_ID)
    assert "Астанада сайлау" in digest.plain_text and "Мектептерде" in digest.plain_text
    assert "Ауа райы" not in digest.plain_text
    assert "Фильтр обновлён" in await say(running_bot, "/filter -астанадағы")
    latest = await say(running_bot, "/latest")
    assert "Мектептерде" in latest and "Астанада сайлау" not in latest and "Фильтры скрыли: 2" in latest
    await storage.personal.set_filter_terms(READER_ID, [])

    assert "Оповещение включено" in await say(running_bot, "/alert Астана сайлау")
    moment = datetime.now(UTC)
    job = AlertJob(storage, settings, now=lambda: moment)
    assert await job.run_once() == 0  # the first run marks where new stories begin
    server.add("/kz.xml", kazakh_feed(server, 4))
    async with IngestPipeline.create(storage, settings) as ingest:
        await ingest.poller.poll_all()
    assert await job.run_once() == 1  # "Астанадағы сайлаудың": both words, in other forms
    rows = await storage.db.fetchall("SELECT text FROM outbox WHERE chat_id = ? ORDER BY id", (READER_ID,))
    assert "Астанадағы сайлаудың" in rows[-1]["text"]

    [found] = await running_bot.say("/search сайлауы", user_id=READER_ID)
    assert "Астанада сайлау" in found.text and "Астанадағы сайлаудың" in found.text
    assert "Ауа райы" not in found.text and "Мектептерде" not in found.text


@BOTH_BACKENDS
async def test_an_alert_arrives_within_a_minute_of_a_new_item_once(
    running_bot: RunningBot, server: FeedServer
) -> None:
    url = server.add("/al.xml", news_feed(server, "al", ["Старая новость о выборах"], "Лента оповещений"))
    await say(running_bot, f"/add {url}")
    assert "Оповещение включено" in await say(running_bot, "/alert выборы акимов")
    assert "Оповещение включено" in await say(running_bot, "/alert акимы")  # the same story: one alert
    refused = await say(running_bot, "/alert -спорт")
    assert "не бывает исключений" in refused and "/alert СЛОВА" in refused
    storage, settings = running_bot.storage, running_bot.settings
    moment = datetime.now(UTC)
    job = AlertJob(storage, settings, now=lambda: moment)
    assert await job.run_once() == 0  # the first run marks where new stories begin
    mark = await storage.personal.cursor(ALERT_CURSOR)

    titles = ["Старая новость о выборах", "Прошли выборы акимов сёл", "Выборы в парламент"]
    server.add("/al.xml", news_feed(server, "al", titles, "Лента оповещений"))
    async with IngestPipeline.create(storage, settings) as ingest:
        await ingest.poller.poll_all()
    assert await job.run_once() == 1  # only the story with both words
    assert await job.run_once() == 0  # nothing twice
    # Killed after queueing but before the cursor moved: the next run finds the rows and sends no double.
    assert mark is not None
    await storage.personal.set_cursor(ALERT_CURSOR, mark)
    assert await job.run_once() == 0

    bot = create_bot(settings, retry=False)
    try:
        before = len(running_bot.server.messages_to(READER_ID))
        await OutboxSender(storage, bot, rate_per_second=25, poll_interval=0.05).run(until_idle=True)
    finally:
        await bot.session.close()
    (alert,) = running_bot.server.messages_to(READER_ID)[before:]
    assert "Оповещение: выборы акимов" in alert.plain_text and "акимов сёл" in alert.plain_text

    (listing,) = await running_bot.say("/alerts", user_id=READER_ID)
    assert "выборы акимов" in listing.plain_text and len(listing.buttons) == 2
    running_bot.server.press_button(READER_ID, listing.message_id, listing.button("акимы")["callback_data"])
    await running_bot.server.wait_until(
        lambda: len(running_bot.server.message(READER_ID, listing.message_id).buttons) == 1
    )
    assert [a.terms for a in await storage.personal.alerts_of(READER_ID)] == ["+выборы\x1f+акимов"]


async def test_the_daily_cap_sends_one_line_that_more_matched(
    tmp_path: Path, botapi: BotAPIServer, server: FeedServer
) -> None:
    async with polling_bot(tmp_path, botapi, alert_max_per_day=1) as running:
        url = server.add("/cap.xml", news_feed(server, "c", ["Начало"], "Лента"))
        await say(running, f"/add {url}")
        await say(running, "/alert тенге")
        moment = datetime.now(UTC)
        job = AlertJob(running.storage, running.settings, now=lambda: moment)
        await job.run_once()
        titles = ["Начало", "Тенге вырос", "Тенге упал", "Тенге стоит"]
        server.add("/cap.xml", news_feed(server, "c", titles, "Лента"))
        await running.ingest.poller.poll_all()
        assert await job.run_once() == 2  # one alert, then the line that more matched
        rows = await running.storage.db.fetchall("SELECT text FROM outbox ORDER BY id")
        assert len(rows) == 2 and "сколько можно за день" in rows[1]["text"]


@pytest.mark.parametrize("trick", ["redirect", "rebinding"])
async def test_a_readers_feed_behind_a_redirect_or_a_rebinding_name_to_loopback_is_refused(
    tmp_path: Path, trick: str
) -> None:
    async with FeedServer() as public, FeedServer() as internal:
        internal.add("/rss.xml", news_feed(internal, "i", ["Секрет внутренней сети"], "Внутренняя"))
        net = FakeInternet()
        if trick == "redirect":
            net.name("feeds.test", PUBLIC_ADDRESS)
            net.route(PUBLIC_ADDRESS, public.port)
            public.redirect("/rss.xml", f"http://127.0.0.1:{internal.port}/rss.xml", 302)
        else:
            # The name answers a public address once, then loopback: the checked address must be the one used.
            net.name("feeds.test", PUBLIC_ADDRESS, "127.0.0.1")
            net.route(PUBLIC_ADDRESS, public.port)
            public.redirect("/rss.xml", f"http://feeds.test:{internal.port}/rss.xml", 302)
        settings = make_settings(tmp_path, "http://127.0.0.1:9", allow_private_networks=False)
        storage = await Storage.open(settings.database_path)
        try:
            await storage.readers.ensure(
                READER_ID, language="ru", timezone="Asia/Almaty", digest_time="09:00"
            )
            fetcher = Fetcher(allow_private_networks=False, timeout=3.0, resolver=net.resolve, dial=net.dial)
            async with IngestPipeline.create(storage, settings, fetcher=fetcher) as ingest:
                with pytest.raises(AddSourceError) as refused:
                    await add_reader_feed(
                        storage, ingest.poller, READER_ID, f"http://feeds.test:{public.port}/rss.xml", 50
                    )
            assert refused.value.failure.reason is FailureReason.PRIVATE_ADDRESS
            assert await storage.sources.list() == []
        finally:
            await storage.close()
        assert internal.hits["/rss.xml"] == 0
        assert ("127.0.0.1", internal.port) not in net.dialled


async def test_adding_is_limited_per_hour_and_can_be_switched_off(
    tmp_path: Path, botapi: BotAPIServer, server: FeedServer
) -> None:
    async with polling_bot(tmp_path, botapi, reader_adds_per_hour=2) as running:
        missing = server.url("/missing.xml")
        assert "не добавил" in await say(running, f"/add {missing}")
        assert "не добавил" in await say(running, f"/add {missing}")
        assert "Слишком много попыток" in await say(running, f"/add {missing}")
        assert server.hits["/missing.xml"] == 2
        assert "Пришлите адрес" in await say(running, "/add")  # a usage answer is no attempt
    async with polling_bot(tmp_path / "off", botapi, readers_can_add_sources=False) as running:
        assert "нельзя" in await say(running, f"/add {missing}")
        assert server.hits["/missing.xml"] == 2


@BOTH_BACKENDS
async def test_news_languages_chosen_in_settings_apply_to_latest(
    running_bot: RunningBot, server: FeedServer
) -> None:
    items = [
        Item(
            "Парламент принял закон о бюджете",
            server.url("/l/1"),
            "Депутаты одобрили поправки в бюджет.",
            guid="l1",
        ),
        Item(
            "Parliament passes the budget law",
            server.url("/l/2"),
            "Members of parliament approved the amendments to the budget on Tuesday.",
            guid="l2",
        ),
    ]
    url = server.add("/lang.xml", rss(items, title="Два языка"))
    await say(running_bot, f"/add {url}")
    latest = await say(running_bot, "/latest")
    assert "Парламент" in latest and "Parliament" in latest  # the default hides nothing

    (card,) = await running_bot.say("/settings", user_id=READER_ID)
    chat = running_bot.server
    before = len(chat.messages_to(READER_ID))
    chat.press_button(READER_ID, card.message_id, card.button("Языки новостей")["callback_data"])
    (choice,) = (await chat.wait_for_messages(READER_ID, before + 1))[before:]
    assert "по умолчанию" in choice.plain_text
    for name in ("Русский", "Қазақша"):
        data = chat.message(READER_ID, choice.message_id).button(name)["callback_data"]
        chat.press_button(READER_ID, choice.message_id, data)
        await chat.wait_until(
            lambda name=name: (
                "▫️ " + name in [b["text"] for b in chat.message(READER_ID, choice.message_id).buttons]
            )
        )
    assert await running_bot.storage.personal.news_languages(READER_ID) == "en"
    latest = await say(running_bot, "/latest")
    assert "Parliament" in latest and "Парламент" not in latest


@BOTH_BACKENDS
async def test_alerts_keep_to_the_news_languages_the_reader_chose(
    running_bot: RunningBot, server: FeedServer
) -> None:
    first = [Item("Начало ленты", server.url("/t/0"), "Первая запись ленты о разном.", guid="t0")]
    url = server.add("/tesla.xml", rss(first, title="Лента Tesla"))
    await say(running_bot, f"/add {url}")
    await say(running_bot, "/alert Tesla")
    await running_bot.storage.personal.set_news_languages(READER_ID, "ru")
    storage, settings = running_bot.storage, running_bot.settings
    job = AlertJob(storage, settings, now=lambda: datetime.now(UTC))
    await job.run_once()
    items = [
        *first,
        Item(
            "Tesla открыла завод в Казахстане",
            server.url("/t/1"),
            "Компания Tesla начала выпуск машин.",
            guid="t1",
        ),
        Item(
            "Tesla opens a new plant in Texas",
            server.url("/t/2"),
            "The company Tesla has started building cars at its new plant near Austin this week.",
            guid="t2",
        ),
    ]
    server.add("/tesla.xml", rss(items, title="Лента Tesla"))
    async with IngestPipeline.create(storage, settings) as ingest:
        await ingest.poller.poll_all()
    assert await job.run_once() == 1
    (row,) = await storage.db.fetchall("SELECT text FROM outbox")
    assert "Казахстане" in row["text"]


async def test_own_feeds_are_limited_per_reader(
    tmp_path: Path, botapi: BotAPIServer, server: FeedServer
) -> None:
    first = server.add("/one.xml", news_feed(server, "one", ["Первая лента, новость"], "Первая"))
    second = server.add("/two.xml", news_feed(server, "two", ["Вторая лента, новость"], "Вторая"))
    async with polling_bot(tmp_path, botapi, reader_max_sources=1) as running:
        assert "Первая" in await say(running, f"/add {first}")
        assert "сколько можно" in await say(running, f"/add {second}")
        assert server.hits["/two.xml"] == 0  # refused before fetching
        assert [s.title for s in await running.storage.personal.feeds_of(READER_ID)] == ["Первая"]
        # Another reader's feed already known is refused the same way, not linked past the limit.
        assert "Вторая" in await say(running, f"/add {second}", chat_id=OTHER_ID)
        assert "сколько можно" in await say(running, f"/add {second}")
        assert len(await running.storage.personal.feeds_of(READER_ID)) == 1
