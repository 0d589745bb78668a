"""Search against a reference: for any small archive and any query, results come by words matched
(more first), each has enough of the words, full matches are never left out, and switched-off
sources stay out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text.stopwords import search_terms
from storage import Storage
from storage.articles import NewArticle, words_needed
from tests.conftest import storage_on_own_loop

NOW = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
VOCABULARY = ["выборы", "выборах", "снег", "дороги", "парк", "Астана", "и", "в", "на", "election", "the"]
LIMIT = 5

texts = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=6).map(" ".join)
archives = st.lists(st.tuples(texts, texts, st.booleans()), min_size=1, max_size=12)
queries = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4).map(" ".join)


def reference_coverage(terms: list[str], title: str, text: str) -> int:
    return len(set(terms) & set(search_terms(f"{title} {text}")))


@settings(deadline=None, max_examples=60)
@given(archives, queries)
def test_search_agrees_with_a_reference(archive: list[tuple[str, str, bool]], query: str) -> None:
    check_search(archive, query, "sqlite")


# Fewer examples: each one is a new PostgreSQL database.
@settings(deadline=None, max_examples=15)
@given(archives, queries)
def test_postgres_search_agrees_with_a_reference(archive: list[tuple[str, str, bool]], query: str) -> None:
    check_search(archive, query, "postgresql")


def check_search(archive: list[tuple[str, str, bool]], query: str, backend: str) -> None:
    async def fill(storage: Storage) -> None:
        kept = await storage.sources.ensure("feed", "https://kept.example/rss", "Kept")
        off = await storage.sources.ensure("feed", "https://off.example/rss", "Off")
        await storage.readers.ensure(1, language="ru", timezone="Asia/Almaty", digest_time="09:00")
        await storage.readers.set_source_enabled(1, off.id, False)
        for number, (title, text, switched_off) in enumerate(archive):
            await storage.articles.add(
                NewArticle(
                    source_id=off.id if switched_off else kept.id,
                    title=title,
                    text=text,
                    summary=text,
                    lang="ru",
                    content_hash=f"h{number}",
                    published_at=NOW - timedelta(minutes=number),
                )
            )

    with storage_on_own_loop(fill, backend) as (loop, storage):
        found = loop.run_until_complete(storage.articles.search(query, LIMIT, chat_id=1))
        terms = search_terms(query)
        visible = [(t, x) for t, x, switched_off in archive if not switched_off]
        coverage = [reference_coverage(terms, a.title, a.text) for a in found.articles]
        full = sum(1 for t, x in visible if terms and reference_coverage(terms, t, x) == len(terms))

        assert all(a.source_title == "Kept" for a in found.articles)
        assert coverage == sorted(coverage, reverse=True)
        assert found.complete == (full > 0)
        if not terms:
            assert found.articles == []
            return
        needed = words_needed(len(terms), complete=found.complete)
        assert all(c >= needed for c in coverage)
        # Every article with all the words is shown, up to the limit.
        assert coverage.count(len(terms)) == min(full, LIMIT)
        # Nothing good enough is left out while there is room.
        good = sum(1 for t, x in visible if reference_coverage(terms, t, x) >= needed)
        assert len(found.articles) == min(good, LIMIT)


def test_reference_sees_word_forms() -> None:
    assert reference_coverage(search_terms("выборы на"), "О выборах", "и на") == 1
