"""``python -m bot import PATH...``: articles from files and folders, with progress and a summary line."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.config import Settings
from bot.ingest.importer import import_files
from bot.ingest.pipeline import IngestPipeline
from storage import Storage


async def run_import(
    settings: Settings, paths: list[Path], *, source_name: str | None, progress: bool
) -> int:
    """The command: import, print the summary line; the exit code of ``ImportReport.exit_code``."""
    storage = await Storage.open(settings.database_target)
    try:
        async with IngestPipeline.create(storage, settings, extract_pages=False) as pipeline:
            report = await import_files(
                pipeline.processor,
                paths,
                source_name=source_name,
                progress=progress and sys.stderr.isatty(),
            )
    finally:
        await storage.close()
    print(f"import: {report.line()}")
    return report.exit_code()
