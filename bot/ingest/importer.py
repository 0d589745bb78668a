"""``python -m bot import PATH...``: files and folders of articles into the database."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from bot.ingest.files import BadFileError, FileProblem, collect_files, read_article_file
from bot.ingest.models import ArticleDraft
from bot.ingest.processor import ArticleProcessor, Outcome
from bot.ingest.urls import site_name
from storage import StorageUnavailable

log = logging.getLogger(__name__)

DEFAULT_SOURCE = "import"


@dataclass(slots=True)
class ImportReport:
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    # Articles read but not stored because the database refused writes; the import stopped there.
    not_stored: int = 0
    stopped: str | None = None

    def line(self) -> str:
        line = f"stored {self.stored}, duplicates {self.duplicates}, failed {self.failed}"
        if self.stopped is None:
            return line
        return (
            f"{line}, not stored {self.not_stored}: stopped, the database refuses writes ({self.stopped});"
            " free space or wait, then run the same command again: stored articles are skipped"
        )

    def exit_code(self) -> int:
        """2 when the import stopped with articles not stored, 1 when nothing could be read, else 0."""
        if self.stopped is not None:
            return 2
        return 1 if self.failed and not (self.stored or self.duplicates) else 0


async def import_files(
    processor: ArticleProcessor,
    paths: list[Path],
    *,
    source_name: str | None = None,
    progress: bool = False,
) -> ImportReport:
    """Store every article found under ``paths``; bad files and records are reported and skipped.

    ``processor`` is the process's one (the pipeline's). When the database refuses writes (full,
    locked past patience) the import stops and counts what it did not store: running it again
    resumes, since stored articles are recognized and skipped.
    """
    storage = processor.storage
    report = ImportReport()
    files, missing = collect_files(paths)
    for path in missing:
        log.error("%s: no such file or folder", path)
        report.failed += 1
    source_ids: dict[str, int] = {}
    bar = tqdm(total=len(files), unit="file", disable=not progress, file=sys.stderr, dynamic_ncols=True)
    try:
        for index, path in enumerate(files):
            try:
                items = read_article_file(path, source_name)
                for item in items:
                    if isinstance(item, FileProblem):
                        log.error("%s:%d: skipped: %s", path, item.line, item.reason)
                        report.failed += 1
                        continue
                    # Files that name no source are credited to the article's site, if it has a link.
                    named = item.source_name or site_name(item.url) or DEFAULT_SOURCE
                    name = named.strip()[:200] or DEFAULT_SOURCE
                    try:
                        if name not in source_ids:
                            source = await storage.sources.ensure("import", f"import:{name}", name)
                            source_ids[name] = source.id
                        result = await processor.process(item, source_ids[name])
                    except StorageUnavailable as exc:
                        report.stopped = str(exc)
                        report.not_stored = 1 + _count_articles(items) + _count_in_files(files[index + 1 :])
                        log.error("%s: import stopped: %s", path, exc)
                        return report
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


def _count_articles(items: Iterator[ArticleDraft | FileProblem]) -> int:
    return sum(1 for item in items if isinstance(item, ArticleDraft))


def _count_in_files(files: list[Path]) -> int:
    """How many articles these files hold (read, not stored): what a stopped import left."""
    count = 0
    for path in files:
        try:
            count += _count_articles(read_article_file(path, None))
        except Exception:
            continue
    return count
