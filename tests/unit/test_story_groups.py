"""Cross-source story grouping: the pure matcher, and story ids as the processor stores them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.ingest.models import ArticleDraft
from bot.ingest.processor import ArticleProcessor, Outcome
from bot.ingest.stories import BANDS, band_keys, minhash, same_story, similarity, story_features
from storage import Storage

NOW = datetime(2024, 12, 3, 9, 0, tzinfo=UTC)

RIA = (
    "Президент Южной Кореи Юн Сок Ёль объявил о введении военного положения в стране",
    "Президент Южной Кореи Юн Сок Ёль в экстренном обращении к нации объявил о введении в стране "
    "военного положения, обвинив оппозицию в антигосударственной деятельности, передает агентство Рёнхап.",
)
BBC = (
    "В Южной Корее введено военное положение",
    "Юн Сок Ёль, президент Южной Кореи, ввел военное положение. В телеобращении он обвинил "
    "оппозиционную Демократическую партию в антигосударственной деятельности.",
)
OTHER = (
    "Банк России сохранил ключевую ставку на уровне 21%",
    "Совет директоров Центробанка принял решение сохранить ключевую ставку на уровне 21% годовых. "
    "Инфляционное давление остается высоким, отметили в регуляторе.",
)


def test_retellings_of_one_event_match_and_different_events_do_not() -> None:
    ria, bbc, other = (story_features(*pair) for pair in (RIA, BBC, OTHER))
    assert same_story(ria, bbc)
    assert not same_story(ria, other)
    assert similarity(ria, bbc) > 2 * similarity(ria, other)


def test_features_ignore_urls_stop_words_and_word_forms() -> None:
    a = story_features("Выборы", "Выборы в парламент прошли https://t.me/x/1 и это сообщил ЦИК")
    b = story_features("Выборах", "о выборах в парламенте")
    assert "https" not in " ".join(a) and "сообщ" not in a
    assert {"выбор", "парламент"} <= a & b


def test_lsh_bands_make_near_duplicates_candidates() -> None:
    ria, bbc, other = (story_features(*pair) for pair in (RIA, BBC, OTHER))
    keys = [set(band_keys(minhash(f))) for f in (ria, bbc, other)]
    assert len(keys[0]) == BANDS
    assert keys[0] & keys[1]
    assert not keys[0] & keys[2]
    assert minhash(ria) == minhash(frozenset(sorted(ria)))  # stable: signatures are stored


def test_tiny_texts_never_match() -> None:
    assert not same_story(frozenset({"путин"}), frozenset({"путин"}))


@pytest.fixture
async def storage(any_storage: Storage) -> AsyncIterator[Storage]:
    """On SQLite and on PostgreSQL."""
    yield any_storage


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")


async def test_processor_groups_across_sources_within_the_window(
    storage: Storage, settings: Settings
) -> None:
    ria_source = (await storage.sources.ensure("feed", "http://ria.test/rss", "РИА")).id
    bbc_source = (await storage.sources.ensure("feed", "http://bbc.test/rss", "BBC")).id
    processor = ArticleProcessor(storage, settings)

    first = await processor.process(ArticleDraft(*RIA, url="http://ria.test/1", published=NOW), ria_source)
    other = await processor.process(ArticleDraft(*OTHER, url="http://ria.test/2", published=NOW), ria_source)
    second = await processor.process(
        ArticleDraft(*BBC, url="http://bbc.test/1", published=NOW + timedelta(hours=3)), bbc_source
    )
    late = await processor.process(
        ArticleDraft(
            BBC[0], BBC[1] + " Спустя три дня.", url="http://bbc.test/2", published=NOW + timedelta(days=3)
        ),
        bbc_source,
    )
    assert {r.outcome for r in (first, other, second, late)} == {Outcome.STORED}
    stories = {}
    for result in (first, other, second, late):
        assert result.article_id is not None
        article = await storage.articles.get(result.article_id)
        assert article is not None
        stories[result.article_id] = article.story_id
    assert stories[first.article_id] == first.article_id  # a story's first article names it
    assert stories[second.article_id] == first.article_id  # same event, other source: same story
    assert stories[other.article_id] == other.article_id
    assert stories[late.article_id] == late.article_id  # outside the 48 h window: a new story
