"""The search index rebuilt for Kazakh stems on upgrade, on SQLite and PostgreSQL.

``python -m benchmarks.bench_reindex [--articles 100000] [--kazakh-share 0.2] [--backend both]``

Stores ``--articles`` articles, a ``--kazakh-share`` of them Kazakh (five sentences of
../shared/data/corpus/kk_sentences.jsonl each) and the rest Russian news posts
(../shared/data/corpus/tg_news_posts_ru.jsonl), with their search rows. Then the database is put
back to before the Kazakh stems migration (its record removed) and opened again, as the upgraded bot
does: the migration finds the articles whose stems change (Kazakh ones, or with a Kazakh-only
letter) and indexes them again (in SQL through stemmed() on SQLite; on PostgreSQL their rows go and
the repository writes them as the storage opens). Prints the time of that open and how many
articles were indexed again, then checks a Kazakh word form finds them. Prints figures, never fails
on timing.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.bench_postgres import database_url
from storage import Storage
from storage.timestamps import to_db

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus"
KAZAKH = DATA / "kk_sentences.jsonl"
RUSSIAN = DATA / "tg_news_posts_ru.jsonl"
SEED = 20261201
_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def _texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [text for line in lines if (text := json.loads(line).get("text", "").strip())]


def make_articles(count: int, kazakh_share: float) -> list[tuple[str, str, str]]:
    """(title, text, language) of ``count`` articles."""
    rng = random.Random(SEED)
    sentences, posts = _texts(KAZAKH), _texts(RUSSIAN)
    articles = []
    for _ in range(count):
        if rng.random() < kazakh_share:
            chosen = rng.sample(sentences, 5)
            articles.append((chosen[0], " ".join(chosen[1:]), "kk"))
        else:
            title, _, text = rng.choice(posts).partition("\n")
            articles.append((title, text, "ru"))
    return articles


async def seed(url: str, articles: list[tuple[str, str, str]]) -> None:
    storage = await Storage.open(url)
    try:
        source = await storage.sources.ensure("feed", "https://news.example.kz/rss", "News")
        now = datetime.now(UTC)
        rows = [
            (
                source.id,
                title,
                text,
                text[:200],
                lang,
                hashlib.sha1(f"{n}".encode()).hexdigest(),
                to_db(now - timedelta(minutes=n)),
                to_db(now),
            )
            for n, (title, text, lang) in enumerate(articles)
        ]
        for start in range(0, len(rows), 5000):
            async with storage.db.transaction() as conn:
                await conn.executemany(
                    "INSERT INTO articles (source_id, title, text, summary, lang, content_hash,"
                    " published_at, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    rows[start : start + 5000],
                )
        await storage.articles.build_missing_search_rows()  # PostgreSQL's rows; SQLite's triggers did it
        await storage.db.write("DELETE FROM schema_migrations WHERE version = 12")
    finally:
        await storage.close()


async def bench(backend: str, articles: list[tuple[str, str, str]]) -> None:
    changed = sum(1 for title, text, lang in articles if lang == "kk" or _KAZAKH_LETTERS & set(title + text))
    async with database_url(backend) as url:
        started = time.perf_counter()
        try:
            await seed(url, articles)
        except OSError as exc:
            print(f"{backend}: skipped: {exc}")
            return
        seeded = time.perf_counter() - started
        started = time.perf_counter()
        storage = await Storage.open(url)
        took = time.perf_counter() - started
        try:
            found = await storage.articles.search("сайлауда", limit=5)
            print(
                f"{backend}: {len(articles)} articles stored with their index in {seeded:.1f} s; the upgrade"
                f" re-indexed {changed} ({changed / len(articles):.0%}: Kazakh, or with a Kazakh-only letter)"
                f" on opening in {took:.1f} s ({took * 1000 / max(changed, 1):.2f} ms per article);"
                f" a Kazakh word form then finds {len(found.articles)} of 5 wanted"
            )
        finally:
            await storage.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--kazakh-share", type=float, default=0.2)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    if not (KAZAKH.exists() and RUSSIAN.exists()):
        print(f"skipped: {DATA} is not available")
        return 0
    articles = make_articles(args.articles, args.kazakh_share)
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for backend in backends:
        asyncio.run(bench(backend, articles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
