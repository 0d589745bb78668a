"""The ingest pipeline: built once per process and handed to every path that stores articles.

One HTTP client (``Fetcher``), one page extractor with its worker processes, one ``ArticleProcessor``
(whose lock keeps one story per event) and one ``Poller``. The runner builds it and passes it to the
polling job, the admin commands and the channel-post handler; the importer and ``fetch`` build their
own for their one process. A lock guards only what shares its instance: nothing here is built twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from typing import Self

from bot.config import Settings
from bot.ingest.extraction import ExtractionPool
from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import PageExtractor
from bot.ingest.poller import Poller
from bot.ingest.processor import ArticleProcessor
from storage import Storage


@dataclass(slots=True)
class IngestPipeline:
    """Everything that turns outside input into stored articles, shared by the whole process."""

    storage: Storage
    settings: Settings
    fetcher: Fetcher
    processor: ArticleProcessor
    pages: PageExtractor | None
    poller: Poller
    extraction: ExtractionPool | None

    @classmethod
    def create(
        cls,
        storage: Storage,
        settings: Settings,
        *,
        extract_pages: bool = True,
        fetcher: Fetcher | None = None,
        extraction: ExtractionPool | None = None,
    ) -> IngestPipeline:
        """Build the pipeline; ``aclose`` (or ``async with``) releases the client and the workers."""
        fetcher = fetcher or Fetcher(allow_private_networks=settings.allow_private_networks)
        processor = ArticleProcessor(storage, settings)
        if extract_pages and extraction is None:
            extraction = ExtractionPool()
        pages = PageExtractor(fetcher, pool=extraction) if extract_pages else None
        poller = Poller(storage, settings, fetcher=fetcher, processor=processor, pages=pages)
        return cls(storage, settings, fetcher, processor, pages, poller, extraction)

    async def aclose(self) -> None:
        """Stop the polls under way, close the HTTP client, end the extraction workers."""
        await self.poller.stop()
        await self.fetcher.aclose()
        if self.extraction is not None:
            await self.extraction.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
