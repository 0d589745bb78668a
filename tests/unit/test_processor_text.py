"""Through the processor into SQLite: the stored text as published, the summary from a cleaned copy,
advertising posts stored flagged and never shown as news."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.resummarize import run_resummarize
from bot.config import Settings, load_settings
from bot.ingest.channel_posts import ChannelPost, store_channel_post
from bot.ingest.models import ArticleDraft
from bot.ingest.processor import ArticleProcessor, Outcome
from bot.ingest.sources import approve_channel
from storage import Storage

NOW = datetime.now(UTC).replace(microsecond=0)
CLAIM = (
    "МОСКВА, 12 мая — РИА Новости. Министр финансов заявил о росте доходов бюджета на пять процентов, "
    "передает РИА «Новости».\n\nДоходы выросли за счет налогов на добычу полезных ископаемых."
)


@pytest.fixture
async def storage(tmp_path: Path) -> AsyncIterator[Storage]:
    opened = await Storage.open(tmp_path / "db.sqlite")
    # The channel the posts below come from is an approved source.
    await approve_channel(opened, -100, "Канал", "chan")
    yield opened
    await opened.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")


async def test_stored_text_keeps_the_attribution_the_summary_drops_it(
    storage: Storage, settings: Settings
) -> None:
    source = (await storage.sources.ensure("feed", "http://ria.test/rss", "РИА")).id
    result = await ArticleProcessor(storage, settings).process(
        ArticleDraft("Доходы бюджета выросли", CLAIM, url="http://ria.test/1", published=NOW), source
    )
    assert result.outcome is Outcome.STORED and result.article_id is not None
    article = await storage.articles.get(result.article_id)
    assert article is not None
    assert article.text.startswith("Министр финансов заявил")  # the dateline goes
    assert "на пять процентов, передает РИА «Новости»." in article.text  # the attribution stays
    assert "передает" not in article.summary
    assert article.summary.startswith("Министр финансов заявил о росте доходов бюджета на пять процентов.")
    # the same report relayed without the attribution is the same text, not a second article
    again = await ArticleProcessor(storage, settings).process(
        ArticleDraft("Доходы бюджета выросли", CLAIM.replace(", передает РИА «Новости»", "")), source
    )
    assert again.outcome is Outcome.DUPLICATE


async def test_resummarize_works_on_the_stored_full_text(storage: Storage, settings: Settings) -> None:
    source = (await storage.sources.ensure("feed", "http://ria.test/rss", "РИА")).id
    stored = await ArticleProcessor(storage, settings).process(
        ArticleDraft("Доходы бюджета выросли", CLAIM, url="http://ria.test/1", published=NOW), source
    )
    assert stored.article_id is not None
    await storage.articles.set_summary(stored.article_id, "старая сводка", "ru")
    await run_resummarize(settings)
    article = await storage.articles.get(stored.article_id)
    assert article is not None
    assert article.summary.startswith("Министр финансов заявил о росте доходов бюджета")
    assert "передает" in article.text and "передает" not in article.summary


async def test_resummarize_flags_ads_the_stored_text_shows(storage: Storage, settings: Settings) -> None:
    source = (await storage.sources.ensure("feed", "http://bank.test/rss", "Банк")).id
    stored = await ArticleProcessor(storage, settings).process(
        ArticleDraft("Вклад", "Откройте вклад под 20% годовых в нашем банке.\n\nerid: 2VtzqxAbCdE"), source
    )
    assert stored.article_id is not None
    # Stored before the ad rules knew this mark: not flagged.
    await storage.db.write("UPDATE articles SET is_ad = 0 WHERE id = ?", (stored.article_id,))
    await run_resummarize(settings)
    article = await storage.articles.get(stored.article_id)
    assert article is not None and article.is_ad


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Откройте вклад под 20% годовых в нашем банке.\n\nerid: 2VtzqxAbCdE", ()),
        ("Откройте вклад под 20% [на сайте](https://bank.test/?utm_source=tg&erid=2VtzqxAbCdE).", ()),
        ("Откройте вклад под 20% годовых на сайте банка.", ("https://bank.test/?erid=2VtzqxAbCdE",)),
        ("Откройте вклад под 20% годовых в нашем банке.\n\nРеклама. ООО «Банк». ИНН 7700000000", ()),
    ],
)
async def test_an_ad_post_is_stored_flagged_and_kept_out_of_news(
    storage: Storage, settings: Settings, text: str, links: tuple[str, ...]
) -> None:
    news = ChannelPost(-100, "Канал", "chan", 1, "Мост открыли\n\nВласти открыли новый мост через реку.", NOW)
    ad = ChannelPost(-100, "Канал", "chan", 2, f"Вклад для вас\n\n{text}", NOW + timedelta(minutes=1), links)
    await store_channel_post(ArticleProcessor(storage, settings), news)
    result = await store_channel_post(ArticleProcessor(storage, settings), ad)
    assert result.outcome is Outcome.STORED and result.article_id is not None
    stored = await storage.articles.get(result.article_id)
    assert stored is not None and stored.is_ad
    assert [a.title for a in await storage.articles.latest(10)] == ["Мост открыли"]
    assert (await storage.articles.search("вклад")).articles == []
    window = {"published_after": NOW - timedelta(days=1), "until": NOW + timedelta(hours=1)}
    pool = await storage.articles.digest_pool(**window)
    candidates = await storage.articles.digest_candidates(1, fetched_after=None, **window)
    assert result.article_id not in {row[0] for row in pool}
    assert result.article_id not in {row[0] for row in candidates}
    assert len(pool) == len(candidates) == 1


async def test_a_news_post_about_advertising_is_news(storage: Storage, settings: Settings) -> None:
    post = ChannelPost(
        -100, "Канал", "chan", 3, "Закон о рекламе\n\nРеклама в соцсетях подорожает с мая, решила Дума.", NOW
    )
    result = await store_channel_post(ArticleProcessor(storage, settings), post)
    assert result.article_id is not None
    stored = await storage.articles.get(result.article_id)
    assert stored is not None and not stored.is_ad


async def test_ads_take_no_place_among_search_results(storage: Storage, settings: Settings) -> None:
    for n in range(3):
        text = f"Вклад\n\nВклад {n}: лучший вклад, вклад под 20%, вклад без риска.\n\nerid: 2Vtzqx{n}"
        await store_channel_post(
            ArticleProcessor(storage, settings), ChannelPost(-100, "Канал", "chan", 10 + n, text, NOW)
        )
    news = "Банки снизили ставки\n\nБанки снизили ставки по вкладам на два пункта за месяц."
    await store_channel_post(
        ArticleProcessor(storage, settings), ChannelPost(-100, "Канал", "chan", 20, news, NOW)
    )
    found = await storage.articles.search("вклад", limit=1)
    assert [a.title for a in found.articles] == ["Банки снизили ставки"]
