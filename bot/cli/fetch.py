"""``python -m bot fetch``: poll every feed source once and print what each gave."""

from __future__ import annotations

from bot.config import Settings
from bot.ingest.pipeline import IngestPipeline
from bot.ingest.poller import summary_line
from bot.ingest.sources import add_configured_feeds
from storage import Storage


async def run_fetch(settings: Settings) -> int:
    """``python -m bot fetch``: add FEEDS, poll every feed once, print each source's result and a total.

    Exit status 1 when every source failed, else 0.
    """
    storage = await Storage.open(settings.database_target)
    try:
        await add_configured_feeds(storage, settings)
        async with IngestPipeline.create(storage, settings) as pipeline:
            reports = await pipeline.poller.poll_all()
    finally:
        await storage.close()
    for report in sorted(reports, key=lambda r: r.source_id):
        print(report.line())
    print(summary_line(reports))
    return 1 if reports and all(r.error for r in reports) else 0
