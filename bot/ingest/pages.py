"""Article pages: the full text behind a feed entry that carries only a lead, via trafilatura."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from dataclasses import replace

import trafilatura

from bot.ingest.extraction import MAX_EXTRACT_BYTES, ExtractionPool, ExtractionTimeout
from bot.ingest.fetcher import Fetcher, FetchError
from bot.ingest.models import ArticleDraft

log = logging.getLogger(__name__)

PAGE_CONCURRENCY = 8
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)


def extract_main_text(page: bytes | str, url: str | None = None) -> str | None:
    """The article's own paragraphs, or None when trafilatura finds no article.

    favor_precision: a shorter text without navigation, ads, cookie banners, related links or
    comments is worth more than one that also catches a stray paragraph of the page's furniture.
    """
    try:
        text = trafilatura.extract(
            page,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=True,
        )
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        log.warning("page %s: extraction failed: %s", url, exc)
        return None
    if not text:
        return None
    paragraphs = [" ".join(line.split()) for line in text.split("\n")]
    return "\n\n".join(p for p in paragraphs if p) or None


def _decode(content: bytes, content_type: str) -> bytes | str:
    match = _CHARSET.search(content_type)
    if match:
        try:
            return content.decode(match.group(1), errors="replace")
        except (LookupError, UnicodeError):  # unknown, or a codec that is no text encoding ("idna")
            pass
    return content  # trafilatura detects the encoding of bytes itself


class PageExtractor:
    """Fills in the full text of lead-only drafts; a slow or broken page only costs its own entry.

    Extraction runs in ``pool``'s worker processes (time- and memory-bounded) when one is given,
    else in a thread; pages over ``max_bytes`` keep the feed's lead.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        *,
        concurrency: int = PAGE_CONCURRENCY,
        pool: ExtractionPool | None = None,
        max_bytes: int = MAX_EXTRACT_BYTES,
    ) -> None:
        self.fetcher = fetcher
        self.pool = pool
        self.max_bytes = max_bytes
        self._slots = asyncio.Semaphore(concurrency)

    async def _extract(self, page: bytes | str, url: str, source: str) -> str | None:
        if self.pool is None:
            return await asyncio.to_thread(extract_main_text, page, url)
        try:
            return await self.pool.extract(page, url)
        except ExtractionTimeout as exc:
            log.warning("source %s: page %s not extracted: %s", source, url, exc)
            return None

    async def complete(self, draft: ArticleDraft, source: str) -> ArticleDraft:
        """The draft with the page's text when that is longer than the feed's; else unchanged."""
        if not draft.lead_only or not draft.url:
            return draft
        async with self._slots:
            try:
                result = await self.fetcher.fetch(draft.url, accept=HTML_ACCEPT)
            except FetchError as exc:
                log.info("source %s: page %s not fetched: %s", source, draft.url, exc)
                return draft
            if "html" not in result.content_type.lower() and result.content_type:
                log.info("source %s: page %s is %s, not HTML", source, draft.url, result.content_type)
                return draft
            if len(result.content) > self.max_bytes:
                log.info(
                    "source %s: page %s is larger than %d MB: the feed's text is kept",
                    source,
                    draft.url,
                    self.max_bytes // (1024 * 1024),
                )
                return draft
            text = await self._extract(_decode(result.content, result.content_type), result.url, source)
        if not text or len(text) <= len(draft.text):
            return draft
        return replace(draft, text=text, lead_only=False)

    async def complete_all(self, drafts: Sequence[ArticleDraft], source: str) -> list[ArticleDraft]:
        """Every draft, lead-only ones completed concurrently; order is kept."""
        return list(await asyncio.gather(*(self.complete(d, source) for d in drafts)))
