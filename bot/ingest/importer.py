"""``python -m bot import PATH...``: files and folders of articles into the database."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from bot.config import Settings
from bot.ingest.files import BadFileError, FileProblem, collect_files, read_article_file
from bot.ingest.processor import ArticleProcessor, Outcome
from bot.ingest.urls import site_name
from storage import Storage

log = logging.getLogger(__name__)

DEFAULT_SOURCE = "import"


@dataclass(slots=True)
class ImportReport:
    stored: int = 0
    duplicates: int = 0
    failed: int = 0

    def line(self) -> str:
        return f"stored {self.stored}, duplicates {self.duplicates}, failed {self.failed}"


async def import_files(
    storage: Storage,
    settings: Settings,
    paths: list[Path],
    *,
    source_name: str | None = None,
    progress: bool = False,
) -> ImportReport:
    """Store every article found under ``paths``; bad files and records are reported and skipped."""
    report = ImportReport()
    processor = ArticleProcessor(storage, settings)
    files, missing = collect_files(paths)
    for path in missing:
        log.error("%s: no such file or folder", path)
        report.failed += 1
    source_ids: dict[str, int] = {}
    bar = tqdm(total=len(files), unit="file", disable=not progress, file=sys.stderr, dynamic_ncols=True)
    try:
        for path in files:
            try:
                for item in read_article_file(path, source_name):
                    if isinstance(item, FileProblem):
                        log.error("%s:%d: skipped: %s", path, item.line, item.reason)
                        report.failed += 1
                        continue
                    # Files that name no source are credited to the article's site, if it has a link.
                    named = item.source_name or site_name(item.url) or DEFAULT_SOURCE
                    name = named.strip()[:200] or DEFAULT_SOURCE
                    if name not in source_ids:
                        source_ids[name] = (await storage.sources.ensure("import", f"import:{name}", name)).id
                    result = await processor.process(item, source_ids[name])
                    if result.outcome is Outcome.STORED:
                        report.stored += 1
                    elif result.outcome is Outcome.DUPLICATE:
                        report.duplicates += 1
                    else:
                        log.error("%s: skipped an article with no text", path)
                        report.failed += 1
            except BadFileError as exc:
                log.error("%s: skipped: %s", path, exc)
                report.failed += 1
            except Exception:  # a bug must cost one file, not the rest of the import
                log.exception("%s: skipped after an unexpected error", path)
                report.failed += 1
            bar.update(1)
            bar.set_postfix(stored=report.stored, dup=report.duplicates, failed=report.failed, refresh=False)
    finally:
        bar.close()
    return report


async def import_paths(
    settings: Settings, paths: list[Path], *, source_name: str | None, progress: bool
) -> int:
    """The command: import, print the summary line; exit code 1 when nothing could be read at all."""
    storage = await Storage.open(settings.database_target)
    try:
        report = await import_files(
            storage, settings, paths, source_name=source_name, progress=progress and sys.stderr.isatty()
        )
    finally:
        await storage.close()
    print(f"import: {report.line()}")
    return 1 if report.failed and not (report.stored or report.duplicates) else 0
