"""The one place an article goes through, in order: clean, detect language, summarize, dedup, store."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import aiosqlite

from bot import metrics
from bot.config import Settings
from bot.ingest.models import ArticleDraft
from bot.ingest.stories import (
    STORY_WINDOW,
    band_keys,
    decode_features,
    encode_features,
    minhash,
    same_story,
    similarity,
    story_features,
)
from bot.ingest.urls import canonical_url
from bot.text.ads import is_advertisement
from bot.text.clean import clean_article_text, clean_title, strip_attributions
from bot.text.language import detect_language
from bot.text.shorten import shorten
from bot.text.summarizer import summarize
from bot.text.words import words
from storage import Storage
from storage.articles import NewArticle
from storage.stories import StoryRepository
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

TITLE_FROM_TEXT_CHARS = 120


class Outcome(Enum):
    STORED = "stored"
    DUPLICATE = "duplicate"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class ProcessResult:
    outcome: Outcome
    article_id: int | None = None


def content_fingerprint(text: str) -> str:
    """Hash of the text's lowercased words: the same text reformatted or re-punctuated is the same.

    Agency attribution clauses do not count: the same report relayed by two feeds, one with
    ", передает МИА «Казинформ»" and one without, is one text (and old fingerprints stay valid). A text
    with no words (emoji, symbols only) is hashed as written, spaces collapsed: two different emoji posts
    are two articles.
    """
    found = words(strip_attributions(text))
    basis = " ".join(found) if found else "\x00" + " ".join(text.split())
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()


def title_from_text(text: str) -> str:
    """A title for a text that came without one: its first line, shortened at a word."""
    return shorten(text.strip().split("\n", 1)[0], TITLE_FROM_TEXT_CHARS)


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    title: str
    text: str
    summary: str
    lang: str
    content_hash: str
    is_ad: bool = False


def prepare(title: str, text: str, max_chars: int, links: Sequence[str] = ()) -> PreparedArticle | None:
    """Clean and summarize; None when nothing readable is left.

    The stored text keeps every sentence as published; the summarizer cleans its own copy
    (``bot.text.clean.clean_for_summary``).  ``links`` are the post's link targets, read for an ad's
    ``erid`` with the raw text.
    """
    body = clean_article_text(text)
    heading = clean_title(title)
    if not body and not heading:
        return None
    body = body or heading
    heading = heading or title_from_text(body)
    lang = detect_language(f"{heading}\n{body}")
    summary = summarize(body, heading, max_chars=max_chars, lang=lang)
    is_ad = is_advertisement(f"{title}\n{text}", links)
    return PreparedArticle(heading, body, summary, lang, content_fingerprint(body), is_ad)


class ArticleProcessor:
    """Turns drafts from any source into stored articles, each stored once."""

    def __init__(self, storage: Storage, settings: Settings) -> None:
        self.storage = storage
        self.settings = settings
        self.stories = StoryRepository(storage.db)
        # Matching and storing one article at a time: two tellings of a story processed at once
        # would otherwise each miss the other and start two stories.
        self._story_lock = asyncio.Lock()

    async def _find_story(self, features: frozenset[str], keys: list[int], published: datetime) -> int | None:
        """The story id of the most similar recent article, if one is similar enough."""
        best: tuple[float, int] | None = None
        candidates = await self.stories.candidates(keys, published - STORY_WINDOW, published + STORY_WINDOW)
        for candidate in candidates:
            other = decode_features(candidate.features)
            if not same_story(features, other):
                continue
            score = similarity(features, other)
            if best is None or score > best[0]:
                best = (score, candidate.story_id)
        return best[1] if best else None

    @staticmethod
    def keys(draft: ArticleDraft) -> tuple[str | None, str | None]:
        """(canonical URL, GUID) of a draft: what identifies it before its text is read."""
        guid = draft.guid.strip()[:1000] if draft.guid and draft.guid.strip() else None
        return canonical_url(draft.url), guid

    async def unknown(self, drafts: list[ArticleDraft], source_id: int) -> list[ArticleDraft]:
        """The drafts whose URL and GUID are not stored yet, in order (a few queries for all of them)."""
        keys = [self.keys(d) for d in drafts]
        urls, guids = await self.storage.articles.known_keys(
            source_id=source_id,
            urls=list({u for u, _ in keys if u}),
            guids=list({g for _, g in keys if g}),
        )
        return [d for d, (u, g) in zip(drafts, keys, strict=True) if u not in urls and g not in guids]

    async def process(self, draft: ArticleDraft, source_id: int) -> ProcessResult:
        """Clean, summarize and store one draft unless it duplicates a stored article.

        A stored article joins the story of a near-duplicate from the last 48 hours (any source), or
        starts its own story (story_id = its id).
        """
        url, guid = self.keys(draft)
        # Feeds repeat their entries on every poll: known URLs and GUIDs skip the costly steps.
        known = await self.storage.articles.find_by_keys(source_id=source_id, url=url, guid=guid)
        if known is not None:
            return ProcessResult(Outcome.DUPLICATE, known)
        prepared = prepare(draft.title, draft.text, self.settings.summary_max_chars, draft.links)
        if prepared is None:
            return ProcessResult(Outcome.EMPTY)
        existing = await self.storage.articles.find_duplicate(
            source_id=source_id, url=url, guid=guid, content_hash=prepared.content_hash
        )
        if existing is not None:
            return ProcessResult(Outcome.DUPLICATE, existing)
        published = draft.published or utcnow()
        features = story_features(prepared.title, prepared.text)
        keys = band_keys(minhash(features)) if features else []
        async with self._story_lock:
            return await self._store(draft, source_id, prepared, url, guid, published, features, keys)

    async def _store(
        self,
        draft: ArticleDraft,
        source_id: int,
        prepared: PreparedArticle,
        url: str | None,
        guid: str | None,
        published: datetime,
        features: frozenset[str],
        keys: list[int],
    ) -> ProcessResult:
        story_id = await self._find_story(features, keys, published)
        signature = encode_features(features)

        async def record_story(conn: aiosqlite.Connection, article_id: int) -> None:
            await StoryRepository.record(conn, article_id, story_id, published, signature, keys)

        article_id = await self.storage.articles.add(
            NewArticle(
                source_id=source_id,
                title=prepared.title,
                text=prepared.text,
                summary=prepared.summary,
                lang=prepared.lang,
                content_hash=prepared.content_hash,
                published_at=published,
                url=url,
                guid=guid,
                story_id=story_id,
                is_ad=prepared.is_ad,
            ),
            then=record_story,
        )
        if article_id is None:
            return ProcessResult(Outcome.DUPLICATE)
        if story_id is not None:
            log.debug("article %d (%s) joins story %d", article_id, draft.source_name, story_id)
        metrics.ARTICLES_STORED.inc()
        return ProcessResult(Outcome.STORED, article_id)
