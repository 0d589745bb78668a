"""End-to-end ingestion throughput: local feed server -> fetched, parsed, cleaned, summarized,
deduplicated, story-grouped and indexed rows in SQLite.

``python -m benchmarks.bench_ingest [--posts N] [--feeds K]``

Feeds are built from ../shared/data/corpus/tg_news_posts_ru.jsonl (real Russian news posts), served by
aiohttp on 127.0.0.1, polled by the real Poller with page extraction off. The baseline measured in the
same run is feedparser alone on the same documents (parse-only throughput): the ratio says how much of
the pipeline's time goes beyond parsing. Then the same poller under a concurrent import: an import
of ``--import-articles`` articles in another process (as ``python -m bot import`` runs beside the bot)
while a feed of ``--storm-entries`` unique entries is polled; it prints entries stored / entries
served (target 1.0: nothing lost to "database is locked"). Prints figures, never fails on timing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

from aiohttp import web

from bot.config import load_settings
from bot.ingest.feed_parser import parse_feed
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.poller import SourceReport
from storage import Storage

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "tg_news_posts_ru.jsonl"
TARGET = 200.0


def build_feeds(posts: list[dict[str, str]], feeds: int, base: str) -> dict[str, bytes]:
    """RSS 2.0 documents, posts dealt round-robin over ``feeds`` feeds."""
    items: list[list[str]] = [[] for _ in range(feeds)]
    for i, post in enumerate(posts):
        text = post["text"].strip()
        title = text.split("\n", 1)[0][:150]
        date = format_datetime(datetime.fromisoformat(post["date"]).astimezone(UTC))
        items[i % feeds].append(
            f"<item><title>{escape(title)}</title><link>{base}/post/{i}</link>"
            f'<guid isPermaLink="false">post-{i}</guid><pubDate>{date}</pubDate>'
            f"<description>{escape(text)}</description></item>"
        )
    return {
        f"/feed{k}.xml": (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Лента {k}</title><link>{base}/</link><description>bench</description>"
            + "".join(entries)
            + "</channel></rss>"
        ).encode()
        for k, entries in enumerate(items)
    }


async def serve(documents: dict[str, bytes]) -> tuple[web.AppRunner, int]:
    async def handler(request: web.Request) -> web.Response:
        body = documents.get(request.path)
        if body is None:
            return web.Response(status=404)
        return web.Response(body=body, content_type="application/rss+xml", charset="utf-8")

    app = web.Application()
    app.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, int(port)


async def poll_until_nothing_owed(pipeline: IngestPipeline) -> list[SourceReport]:
    """Poll every feed until none has entries owed (one poll takes at most MAX_ENTRIES_PER_POLL each)."""
    totals: dict[int, SourceReport] = {}
    while True:
        reports = await pipeline.poller.poll_all()
        for report in reports:
            total = totals.setdefault(report.source_id, report)
            if total is not report:
                total.stored += report.stored
                total.error = report.error
        if not any(r.deferred for r in reports):
            return list(totals.values())


def storm_feed(entries: int, base: str) -> bytes:
    now = format_datetime(datetime.now(UTC))
    items = "".join(
        f"<item><title>Лента {i}: событие номер {i}</title><link>{base}/storm/{i}</link>"
        f'<guid isPermaLink="false">storm-{i}</guid><pubDate>{now}</pubDate>'
        f"<description>Событие {i} произошло в городе {i % 17}. Подробности {i * 3}.</description></item>"
        for i in range(entries)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Storm</title>'
        f"<link>{base}/</link><description>storm</description>{items}</channel></rss>"
    ).encode()


async def run_under_import(entries: int, imported: int) -> None:
    """Entries stored / entries served while another process imports ``imported`` articles."""
    documents: dict[str, bytes] = {}
    runner, port = await serve(documents)
    base = f"http://127.0.0.1:{port}"
    documents["/storm.xml"] = storm_feed(entries, base)
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/storm.db"
        settings = load_settings(_env_file=None, database_url=database_url, allow_private_networks=True)
        source = Path(folder) / "import.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for i in range(imported):
                text = f"Комиссия номер {i} собралась на заседание. Обсудили вопрос {i * 7} и бюджет {i}."
                row = {"title": f"Архив {i}", "text": text, "url": f"https://archive.example/{i}"}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        storage = await Storage.open(settings.database_path)
        await storage.sources.ensure("feed", base + "/storm.xml", base + "/storm.xml")
        importer = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "import",
            str(source),
            env={**os.environ, "DATABASE_URL": database_url},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        started = time.perf_counter()
        try:
            async with IngestPipeline.create(storage, settings, extract_pages=False) as pipeline:
                polls = 0
                while importer.returncode is None:
                    await pipeline.poller.poll_all()
                    polls += 1
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(importer.wait(), 0.2)
                output, _ = await importer.communicate()
                await storage.db.write("UPDATE sources SET next_fetch_at = NULL")
                await pipeline.poller.poll_all()  # the feed answers 304 unless entries are owed
            seconds = time.perf_counter() - started
            stored = await storage.db.fetchone("SELECT count(*) FROM articles WHERE guid LIKE 'storm-%'")
        finally:
            await storage.close()
    await runner.cleanup()
    count = stored[0] if stored else 0
    summary = output.decode().strip().splitlines()[-1] if output else "no output"
    print(
        f"under a concurrent import ({summary}; exit {importer.returncode};"
        f" {polls} polls in {seconds:.1f} s): entries stored / entries served ="
        f" {count} / {entries} = {count / entries:.3f} (target 1.0)"
    )


async def run(posts: list[dict[str, str]], feeds: int) -> None:
    documents_for_port: dict[str, bytes] = {}
    runner, port = await serve(documents_for_port)
    base = f"http://127.0.0.1:{port}"
    documents_for_port.update(build_feeds(posts, feeds, base))
    entries = len(posts)

    started = time.perf_counter()
    parsed = sum(len(parse_feed(doc, url=base).entries) for doc in documents_for_port.values())
    parse_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            _env_file=None, database_url=f"sqlite:///{folder}/bench.db", allow_private_networks=True
        )
        storage = await Storage.open(settings.database_target)
        try:
            for path in documents_for_port:
                await storage.sources.ensure("feed", base + path, base + path)
            started = time.perf_counter()
            async with IngestPipeline.create(storage, settings, extract_pages=False) as pipeline:
                reports = await poll_until_nothing_owed(pipeline)
            seconds = time.perf_counter() - started
            stored = sum(r.stored for r in reports)
            grouped = await storage.db.fetchone(
                "SELECT count(*) FROM articles WHERE story_id IS NOT NULL AND story_id != id"
            )
            indexed = await storage.db.fetchone("SELECT count(*) FROM articles_fts")
            errors = [r.error for r in reports if r.error]
        finally:
            await storage.close()
    await runner.cleanup()

    rate = stored / seconds if seconds else 0.0
    parse_rate = parsed / parse_seconds if parse_seconds else 0.0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(
        f"entries served: {entries} in {feeds} feeds; parsed {parsed}; stored {stored} "
        f"(rest: same text or empty); joined an existing story: {grouped[0] if grouped else 0}; "
        f"indexed rows: {indexed[0] if indexed else 0}; source errors: {len(errors)}"
    )
    print(f"baseline (feedparser only): {parse_rate:,.0f} entries/s ({parse_seconds:.2f} s)")
    print(
        f"end to end (fetch -> stored rows): {rate:,.0f} articles/s ({seconds:.2f} s); "
        f"target >= {TARGET:.0f}: {'met' if rate >= TARGET else 'NOT met'}"
    )
    print(f"ratio end-to-end / parse-only: {rate / parse_rate:.3f}" if parse_rate else "ratio: n/a")
    print(f"peak memory (maxrss): {peak_mb:,.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--feeds", type=int, default=6)
    parser.add_argument("--storm-entries", type=int, default=300)
    parser.add_argument("--import-articles", type=int, default=3000)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is not available")
    else:
        with args.corpus.open(encoding="utf-8") as lines:
            posts = [json.loads(line) for _, line in zip(range(args.posts), lines, strict=False)]
        asyncio.run(run(posts, args.feeds))
    asyncio.run(run_under_import(args.storm_entries, args.import_articles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
