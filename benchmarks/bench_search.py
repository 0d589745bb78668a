"""Search: time per query, and how often the post a query was taken from (any copy) comes first.

``python -m benchmarks.bench_search [--copies N] [--queries Q]``

Stores the real Russian news posts of ../shared/data/corpus/tg_news_posts_ru.jsonl (``--copies`` times,
each copy a distinct article) in SQLite, then asks ``ArticleRepository.search`` for queries made of
three words of a post's first line plus a stop word ("и"). The baseline, measured in the same run, is
one bm25 query for any of the words (what a plain full-text search returns). Prints figures, never
fails on timing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.text.stopwords import is_stop_word, search_terms
from bot.text.words import words
from storage import Storage
from storage.articles import NewArticle, fts_query

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "tg_news_posts_ru.jsonl"


async def fill(
    storage: Storage, posts: list[dict[str, str]], copies: int
) -> tuple[list[tuple[int, str]], dict[int, int]]:
    """Store the posts: (post number, first line) of each, and each article's post number."""
    source = await storage.sources.ensure("import", "import:bench", "Bench")
    firsts: list[tuple[int, str]] = []
    post_of: dict[int, int] = {}
    for copy in range(copies):
        for number, post in enumerate(posts):
            text = post["text"].strip()
            title = text.split("\n", 1)[0][:150]
            article_id = await storage.articles.add(
                NewArticle(
                    source_id=source.id,
                    title=title if copy == 0 else f"{title} ({copy})",
                    text=text,
                    summary=text[:300],
                    lang="ru",
                    content_hash=f"{copy}-{number}",
                    published_at=datetime.fromisoformat(post["date"]).astimezone(UTC),
                )
            )
            if article_id is None:
                continue
            post_of[article_id] = number
            if copy == 0:
                firsts.append((number, title))
    return firsts, post_of


async def baseline(storage: Storage, query: str) -> list[int]:
    """One bm25 query for any of the query's words."""
    match = fts_query(search_terms(query), any_word=True)
    rows = await storage.db.fetchtuples(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 3.0, 1.0)"
        " LIMIT 10",
        (match,),
    )
    return [int(r[0]) for r in rows]


async def run(copies: int, queries: int) -> None:
    posts = [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        storage = await Storage.open(Path(folder) / "bench.db")
        try:
            started = time.perf_counter()
            firsts, post_of = await fill(storage, posts, copies)
            print(
                f"stored {await storage.articles.count()} articles in {time.perf_counter() - started:.1f} s"
            )
            rng = random.Random(7)
            chosen = []
            for number, title in rng.sample(firsts, len(firsts)):
                meaningful = list(
                    dict.fromkeys(w for w in words(title) if not is_stop_word(w) and len(w) > 3)
                )
                if len(meaningful) >= 3:
                    chosen.append((number, " и ".join(rng.sample(meaningful, 3))))
                if len(chosen) == queries:
                    break
            searches: tuple[tuple[str, Callable[[str], Awaitable[list[int]]]], ...] = (
                ("baseline (bm25, any word)", lambda q: baseline(storage, q)),
                ("search (words matched, then bm25)", lambda q: _ids(storage, q)),
            )
            for name, search in searches:
                first = 0
                results: list[tuple[str, list[int]]] = []
                started = time.perf_counter()
                for number, query in chosen:
                    found = await search(query)
                    first += bool(found) and post_of.get(found[0]) == number
                    results.append((query, found))
                elapsed = time.perf_counter() - started
                per_query = elapsed / len(chosen) * 1000
                padding = await _one_word_hits(storage, results)
                print(
                    f"{name}: {per_query:.2f} ms a query, source post first in {first}/{len(chosen)},"
                    f" {padding / len(chosen):.1f} results a query with only one of the three words"
                )
                if name.startswith("baseline"):
                    base_ms = per_query
            print(f"ratio search / baseline time: {per_query / base_ms:.2f}")
        finally:
            await storage.close()


async def _one_word_hits(storage: Storage, results: list[tuple[str, list[int]]]) -> int:
    """Results that have only one of their query's words: the padding a reader has to skip."""
    count = 0
    for query, ids in results:
        terms = set(search_terms(query))
        for article_id in ids:
            article = await storage.articles.get(article_id)
            if article is not None and len(terms & set(search_terms(f"{article.title} {article.text}"))) <= 1:
                count += 1
    return count


async def _ids(storage: Storage, query: str) -> list[int]:
    return [a.id for a in (await storage.articles.search(query, 10)).articles]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is not available; nothing to measure")
        return 0
    asyncio.run(run(args.copies, args.queries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
