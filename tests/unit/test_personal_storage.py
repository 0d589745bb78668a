"""Personal news storage on both backends: own feeds and their limit, filters, alerts, the stems the
alert job and filters read, phrase matching, queued alerts and ads kept out of the news."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.text.words import stemmed_text
from storage import Storage
from storage.articles import NewArticle
from storage.deliveries import OutgoingMessage
from storage.personal import AlertToSend

pytestmark = pytest.mark.asyncio

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)


async def _article(storage: Storage, source_id: int, n: int, title: str, text: str, **kw: object) -> int:
    added = await storage.articles.add(
        NewArticle(
            source_id=source_id,
            title=title,
            text=text,
            summary="Кратко.",
            lang=str(kw.pop("lang", "ru")),
            content_hash=f"hash-{n}",
            published_at=NOW - timedelta(minutes=n),
            url=f"https://news.example.kz/{n}",
            **kw,  # type: ignore[arg-type]
        )
    )
    assert added is not None
    return added


async def test_own_feeds_are_linked_up_to_the_limit_and_seen_only_by_their_reader(
    any_storage: Storage,
) -> None:
    storage = any_storage
    for chat in (1, 2):
        await storage.readers.ensure(chat, language="ru", timezone="Asia/Almaty", digest_time="09:00")
    shared = await storage.sources.ensure("feed", "https://news.example.kz/rss", "News")
    own = await storage.personal.add_personal_source("https://own.example.kz/rss", "Own")
    again = await storage.personal.add_personal_source("https://own.example.kz/rss", "Other title")
    assert again.id == own.id
    second = await storage.personal.add_personal_source("https://two.example.kz/rss", "Two")

    assert await storage.personal.follow(1, own.id, 1)
    assert not await storage.personal.follow(1, second.id, 1)  # at the limit
    assert await storage.personal.feed_ids_of(1) == {own.id}
    assert [s.id for s in await storage.personal.feeds_of(1)] == [own.id]
    assert await storage.personal.is_personal(own.id) and not await storage.personal.is_personal(shared.id)
    assert await storage.personal.personal_source_ids() == {own.id, second.id}
    assert [s.id for s in await storage.personal.shared_sources()] == [shared.id]

    await _article(storage, shared.id, 1, "Общая новость", "Для всех.")
    await _article(storage, own.id, 2, "Своя новость", "Только первому.")
    await _article(storage, shared.id, 3, "Реклама", "Купите.", is_ad=True)
    assert [a.title for a in await storage.articles.latest(10, chat_id=1)] == [
        "Общая новость",
        "Своя новость",
    ]
    assert [a.title for a in await storage.articles.latest(10, chat_id=2)] == ["Общая новость"]
    assert [a.title for a in await storage.articles.latest(10)] == ["Общая новость"]
    assert [a.title for a in (await storage.articles.search("новость", chat_id=2)).articles] == [
        "Общая новость"
    ]

    assert await storage.personal.unfollow(1, own.id)
    assert not await storage.personal.unfollow(1, own.id)
    assert await storage.personal.feed_ids_of(1) == set()


async def test_filters_alerts_and_add_attempts(any_storage: Storage) -> None:
    storage = any_storage
    await storage.readers.ensure(1, language="ru", timezone="Asia/Almaty", digest_time="09:00")
    await storage.personal.set_filter_terms(1, ["погода", "-спорт", "погода"])
    assert await storage.personal.filter_terms(1) == ["погода", "-спорт"]
    rows = await storage.personal.filter_rows(1)
    assert [term for _, term in rows] == ["погода", "-спорт"]
    assert await storage.personal.filters_of([1, 2]) == {1: ["погода", "-спорт"]}
    assert await storage.personal.remove_filter_term(1, rows[0][0]) == "погода"
    assert await storage.personal.remove_filter_term(1, rows[0][0]) is None
    feeds, terms, languages = await storage.personal.choices_of(1)
    assert (feeds, terms, languages) == (set(), ["-спорт"], "")
    await storage.personal.set_news_languages(1, "ru,kk")
    assert await storage.personal.news_languages(1) == "ru,kk"

    first = await storage.personal.add_alert(1, "выборы", 2)
    assert first is not None
    assert await storage.personal.add_alert(1, "выборы", 2) == first  # the same words
    second = await storage.personal.add_alert(1, "маслихат", 2)
    assert second is not None and second != first
    assert await storage.personal.add_alert(1, "погода", 2) is None  # over the limit
    assert [a.terms for a in await storage.personal.readers_with_alerts()] == ["выборы", "маслихат"]
    assert await storage.personal.remove_alert(1, first)
    assert [a.id for a in await storage.personal.alerts_of(1)] == [second]

    await storage.personal.record_add_attempt(1, NOW - timedelta(minutes=5), NOW - timedelta(hours=1))
    await storage.personal.record_add_attempt(1, NOW, NOW - timedelta(minutes=1))  # drops the first
    assert await storage.personal.add_attempts_since(1, NOW - timedelta(hours=1)) == 1

    assert await storage.personal.cursor("alerts") is None
    await storage.personal.set_cursor("alerts", 5)
    await storage.personal.set_cursor("alerts", 7)
    assert await storage.personal.cursor("alerts") == 7


async def test_stems_phrases_and_queued_alerts(any_storage: Storage) -> None:
    storage = any_storage
    await storage.readers.ensure(1, language="ru", timezone="Asia/Almaty", digest_time="09:00")
    source = await storage.sources.ensure("feed", "https://news.example.kz/rss", "News")
    texts = [
        ("Выборы в маслихат", "Прошли выборы депутатов."),
        ("Погода на завтра", "Ожидается снег и сильный ветер."),
        ("Сильный ветер в Астане", "Погода испортилась."),
    ]
    ids = [await _article(storage, source.id, n, t, b) for n, (t, b) in enumerate(texts)]
    assert await storage.personal.newest_article_id() == ids[-1]

    stories = await storage.personal.stories_after(ids[0], 10)
    assert [s.article_id for s in stories] == ids[1:]
    assert stories[0].title_stems == stemmed_text(texts[1][0])
    assert stories[0].text_stems == stemmed_text(texts[1][1])
    assert stories[0].story_key == ids[1] and stories[0].lang == "ru"
    stems = await storage.personal.stems_of(ids)
    assert stems[ids[2]] == (stemmed_text(texts[2][0]), stemmed_text(texts[2][1]))
    assert await storage.personal.languages_of(ids) == dict.fromkeys(ids, "ru")

    strong_wind = stemmed_text("сильный ветер").split()
    assert await storage.personal.matching_ids([strong_wind], ids[0], ids[-1]) == {ids[1], ids[2]}
    assert await storage.personal.matching_ids([strong_wind], ids[0], ids[1]) == {ids[1]}
    wind_strong = list(reversed(strong_wind))  # not consecutive in this order anywhere
    assert await storage.personal.matching_ids([wind_strong], ids[0], ids[-1]) == set()
    elections = stemmed_text("выборы").split()
    assert await storage.personal.matching_ids([elections, wind_strong], ids[0], ids[-1]) == {ids[0]}
    assert await storage.personal.matching_ids([], ids[0], ids[-1]) == set()

    alert = AlertToSend(1, ids[1], None, OutgoingMessage("<b>Ветер</b>"))
    assert await storage.personal.queue_alert(alert, NOW)
    assert not await storage.personal.queue_alert(alert, NOW)  # once per story
    assert await storage.personal.alerted(1, ids[1]) and not await storage.personal.alerted(1, ids[0])
    assert await storage.personal.alert_moments(1, NOW - timedelta(minutes=1)) == [NOW]
