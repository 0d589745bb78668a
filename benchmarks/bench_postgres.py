"""SQLite beside PostgreSQL in the same run: ingestion (articles/s), digest compose (ms per reader) and
the database size per 10,000 articles, each on both backends, with the ratio PostgreSQL / SQLite.

``python -m benchmarks.bench_postgres [--posts N] [--articles N] [--size-articles N]``

Ingestion polls local feeds of real Telegram news posts (../shared/data) with the real Poller, as
``bench_ingest`` does; compose seeds an archive and times ``DigestComposer`` as ``bench_delivery``
does; size stores real article texts through the repositories with their search rows and story
signatures, as the processor does. PostgreSQL is at BENCH_POSTGRES_URL (default the local server's
``postgres`` database): each part gets a fresh database, dropped after. Prints figures, never fails on
timing; without a PostgreSQL server it prints why and stops.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg

from benchmarks.bench_delivery import bench_compose, bench_now, seed_articles
from benchmarks.bench_ingest import CORPUS, build_feeds, serve
from benchmarks.bench_storage_size import load_pool
from bot.config import load_settings
from bot.ingest.pipeline import IngestPipeline
from storage import Storage
from storage.articles import NewArticle
from storage.stories import StoryRepository

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgresql")
MB = 1 << 20


@asynccontextmanager
async def database_url(backend: str) -> AsyncIterator[str]:
    """A fresh database's URL: a SQLite file in a temporary folder, or a new PostgreSQL database."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.db"
        return
    name = f"newsbot_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(ADMIN_URL)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{ADMIN_URL.rsplit('/', 1)[0]}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def bench_ingest(url: str, posts: list[dict[str, str]], feeds: int) -> tuple[int, float]:
    """Articles stored and seconds taken polling every feed once into the database at ``url``."""
    documents: dict[str, bytes] = {}
    runner, port = await serve(documents)
    base = f"http://127.0.0.1:{port}"
    documents.update(build_feeds(posts, feeds, base))
    try:
        settings = load_settings(_env_file=None, database_url=url, allow_private_networks=True)
        storage = await Storage.open(settings.database_target)
        try:
            for path in documents:
                await storage.sources.ensure("feed", base + path, base + path)
            started = time.perf_counter()
            async with IngestPipeline.create(storage, settings, extract_pages=False) as pipeline:
                reports = await pipeline.poller.poll_all()
            return sum(r.stored for r in reports), time.perf_counter() - started
        finally:
            await storage.close()
    finally:
        await runner.cleanup()


async def bench_digest(url: str, articles: int) -> tuple[float, float]:
    """Median and p95 ms to compose and render one reader's digest over ``articles`` stored."""
    storage = await Storage.open(url.removeprefix("sqlite:///") if url.startswith("sqlite") else url)
    try:
        now = bench_now()
        await seed_articles(storage, articles, now)
        median, p95, _ = await bench_compose(storage, now, 10)
        return median, p95
    finally:
        await storage.close()


async def used_bytes(storage: Storage) -> int:
    """Bytes the data takes: the SQLite file's pages, or PostgreSQL's tables with indexes and TOAST."""
    if storage.db.dialect == "postgresql":
        row = await storage.db.fetchone(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')"
        )
    else:
        await storage.db.write("PRAGMA wal_checkpoint(TRUNCATE)")
        row = await storage.db.fetchone(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
        )
    return int(row[0]) if row else 0


async def bench_size(url: str, count: int) -> tuple[float, float]:
    """MB per 10,000 articles stored through the repositories, and seconds per 1,000 stored."""
    pool = load_pool(2000)
    storage = await Storage.open(url.removeprefix("sqlite:///") if url.startswith("sqlite") else url)
    try:
        source = await storage.sources.ensure("feed", "https://news.example.kz/rss", "News")
        if storage.db.dialect == "postgresql":
            await storage.db.write("VACUUM ANALYZE")
        empty = await used_bytes(storage)
        start = datetime(2026, 6, 1, tzinfo=UTC)
        started = time.perf_counter()
        for n in range(count):
            item = pool[n % len(pool)]
            published = start + timedelta(seconds=17 * n)

            async def signature(
                conn: Any, article_id: int, item: Any = item, at: datetime = published
            ) -> None:
                await StoryRepository.record(conn, article_id, None, at, item.features, item.keys)

            await storage.articles.add(
                NewArticle(
                    source.id,
                    item.title,
                    f"{item.text}\n{n}",
                    item.summary,
                    "ru",
                    f"h{n}",
                    published,
                    url=f"https://news.example.kz/{n}",
                ),
                then=signature,
            )
        seconds = time.perf_counter() - started
        if storage.db.dialect == "postgresql":
            await storage.db.write("VACUUM ANALYZE")  # what autovacuum does soon after: a settled size
        grown = await used_bytes(storage) - empty
        return grown / MB * 10_000 / count, seconds / count * 1000
    finally:
        await storage.close()


async def on_both(part: Callable[[str], Awaitable[tuple[Any, ...]]]) -> dict[str, tuple[Any, ...]]:
    results = {}
    for backend in BACKENDS:
        async with database_url(backend) as url:
            results[backend] = await part(url)
    return results


def ratio(pg: float, sqlite: float) -> str:
    return f"{pg / sqlite:.2f}" if sqlite else "n/a"


async def postgres_answers() -> bool:
    """Whether the PostgreSQL server at ``ADMIN_URL`` answers; says why not when it does not."""
    try:
        conn = await asyncpg.connect(ADMIN_URL, timeout=5)
        await conn.close()
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        print(f"skipped: PostgreSQL does not answer at {ADMIN_URL} ({exc})")
        return False
    return True


async def run(args: argparse.Namespace) -> int:
    if not await postgres_answers():
        return 0

    if args.corpus.exists():
        with args.corpus.open(encoding="utf-8") as lines:
            posts = [json.loads(line) for _, line in zip(range(args.posts), lines, strict=False)]
        ingest = await on_both(lambda url: bench_ingest(url, posts, args.feeds))
        rates = {b: stored / seconds for b, (stored, seconds) in ingest.items()}
        for backend, (stored, seconds) in ingest.items():
            print(
                f"ingest {backend}: {stored} articles in {seconds:.2f} s = {rates[backend]:,.0f} articles/s"
            )
        print(f"ingest ratio postgresql / sqlite: {ratio(rates['postgresql'], rates['sqlite'])}")
    else:
        print(f"ingest: skipped, {args.corpus} is not available")

    compose = await on_both(lambda url: bench_digest(url, args.articles))
    for backend, (median, p95) in compose.items():
        print(
            f"compose {backend} ({args.articles} articles stored): median {median:.2f} ms/reader,"
            f" p95 {p95:.2f} ms"
        )
    print(
        f"compose ratio postgresql / sqlite (median): {ratio(compose['postgresql'][0], compose['sqlite'][0])}"
    )

    size = await on_both(lambda url: bench_size(url, args.size_articles))
    for backend, (mb, ms) in size.items():
        print(
            f"size {backend}: {mb:.1f} MB per 10,000 articles (measured on {args.size_articles});"
            f" storing took {ms:.1f} ms per article"
        )
    print(f"size ratio postgresql / sqlite: {ratio(size['postgresql'][0], size['sqlite'][0])}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--posts", type=int, default=1500)
    parser.add_argument("--feeds", type=int, default=6)
    parser.add_argument("--articles", type=int, default=20_000, help="archive size for the compose part")
    parser.add_argument("--size-articles", type=int, default=3000, help="articles stored for the size part")
    return asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
