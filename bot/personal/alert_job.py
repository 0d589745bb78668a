"""The alert job: every new story matching all the words of a reader's alert reaches them once.

Every ``TICK_SECONDS`` the job reads the stories stored since its stored cursor, matches each
against every reader's alerts and filters at once (``ReaderTermIndex``), and puts one outbox message
per reader per story, in the same transaction as the row that says so (``alert_deliveries``): a
kill between two steps neither loses nor doubles an alert, since the cursor moves only afterwards
and a second attempt meets the row. ``ALERT_MAX_PER_DAY`` a local day, then one "more matched" line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from aiogram_i18n.cores import FluentRuntimeCore

from bot.config import Settings
from bot.digest.render import core_translator
from bot.digest.story_card import render_story, single_card
from bot.localtime import zone
from bot.personal.alert_cap import AlertDecision, decide_alert_at, local_day_window
from bot.personal.alerts import Alert, ReaderTermIndex, ReaderTerms
from bot.personal.news_languages import parse_news_languages
from bot.personal.selection import terms_of
from bot.personal.story_words import story_words_from_stems
from bot.telegram.html import escape
from bot.telegram.i18n import LazyCore
from bot.text.shorten import shorten
from storage import Storage
from storage.deliveries import OutgoingMessage
from storage.personal import ALERT_CURSOR, AlertToSend, NewStory, StoredAlert
from storage.readers import Reader
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

TICK_SECONDS = 20
STORIES_PER_TICK = 2000
ALERT_TERMS_SEPARATOR = "\x1f"


def alert_words(stored: str) -> str:
    """An alert's words for display: `выборы "две слова"`."""
    return " ".join(term.text for term in terms_of(stored.split(ALERT_TERMS_SEPARATOR)))


class AlertJob:
    """Queues alerts for stories stored since the last run."""

    def __init__(
        self,
        storage: Storage,
        settings: Settings,
        *,
        now: Callable[[], datetime] = utcnow,
        core: FluentRuntimeCore | None = None,
    ) -> None:
        self.storage = storage
        self.settings = settings
        self.now = now
        self._core = LazyCore(settings.default_language, core)

    async def run_once(self) -> int:
        """One scan of the new stories; the number of alert messages queued."""
        personal = self.storage.personal
        position = await personal.cursor(ALERT_CURSOR)
        if position is None:
            # First run: alerts are about news stored from now on, never the archive.
            await personal.set_cursor(ALERT_CURSOR, await personal.newest_article_id())
            return 0
        stories = await personal.stories_after(position, STORIES_PER_TICK)
        if not stories:
            return 0
        queued = 0
        stored_alerts = await personal.readers_with_alerts()
        if stored_alerts:
            queued = await self._match(stories, stored_alerts)
        await personal.set_cursor(ALERT_CURSOR, stories[-1].article_id)
        if queued:
            log.info("alerts queued: %d for %d new stories", queued, len(stories))
        return queued

    async def _match(self, stories: list[NewStory], stored_alerts: list[StoredAlert]) -> int:
        personal = self.storage.personal
        by_reader: dict[int, list[Alert]] = {}
        texts: dict[int, str] = {}
        for stored in stored_alerts:
            terms = tuple(terms_of(stored.terms.split(ALERT_TERMS_SEPARATOR)))
            if terms:
                by_reader.setdefault(stored.chat_id, []).append(Alert(stored.id, terms))
                texts[stored.id] = stored.terms
        filters = await personal.filters_of(by_reader)
        index = ReaderTermIndex.build(
            ReaderTerms(chat_id, tuple(terms_of(filters.get(chat_id, []))), tuple(alerts))
            for chat_id, alerts in by_reader.items()
        )
        personal_sources = await personal.personal_source_ids()
        disabled = {s.id for s in await self.storage.sources.list() if not s.enabled}
        readers: dict[int, Reader | None] = {}
        # Reader -> (own feeds, switched off sources, chosen news languages or None for all).
        receives: dict[int, tuple[set[int], set[int], tuple[str, ...] | None]] = {}
        now = self.now()
        queued = 0
        for story in stories:
            match = index.match(story_words_from_stems(story.title_stems, story.text_stems))
            for chat_id, alert_id in match.alerts.items():
                if chat_id not in readers:
                    readers[chat_id] = await self.storage.readers.get(chat_id)
                    choices = await self.storage.readers.source_choices(chat_id)
                    feeds, _, stored_languages = await personal.choices_of(chat_id)
                    receives[chat_id] = (
                        feeds,
                        {source for source, on in choices.items() if not on},
                        parse_news_languages(stored_languages),
                    )
                reader = readers[chat_id]
                if reader is None or reader.blocked:
                    continue
                own, switched_off, languages = receives[chat_id]
                if languages is not None and story.lang not in languages:
                    continue  # the reader reads the news in other languages
                source = story.source_id
                if source in personal_sources and source not in own:
                    continue  # another reader's own feed
                if source in disabled or source in switched_off:
                    continue
                if await self._queue(reader, story, alert_id, alert_words(texts[alert_id]), now):
                    queued += 1
        return queued

    async def _queue(self, reader: Reader, story: NewStory, alert_id: int, words: str, now: datetime) -> bool:
        personal = self.storage.personal
        if await personal.alerted(reader.chat_id, story.story_key):
            return False  # this story (or another source's telling of it) came already
        reader_zone = zone(reader.timezone)
        day_start, _ = local_day_window(now, reader_zone)
        decision = decide_alert_at(
            now,
            reader_zone,
            self.settings.alert_max_per_day,
            await personal.alert_moments(reader.chat_id, day_start),
        )
        if decision is AlertDecision.SKIP:
            return False
        translate = core_translator(await self._core.get(), reader.language)
        if decision is AlertDecision.SEND_MORE_LINE:
            text = translate("alert-more-matched", count=self.settings.alert_max_per_day)
            message = OutgoingMessage(escape(text))
            return await personal.queue_alert(
                AlertToSend(reader.chat_id, story.story_key, None, message), now
            )
        headlines = await self.storage.articles.headlines([story.article_id])
        article = headlines.get(story.article_id)
        if article is None:
            return False  # removed since it was stored
        card = single_card(article, reader.language, reader_zone)
        heading = escape(translate("alert-heading", words=shorten(words, 200)))
        message = OutgoingMessage(f"<b>{heading}</b>\n\n{render_story(card)}")
        return await personal.queue_alert(
            AlertToSend(reader.chat_id, story.story_key, alert_id, message), now
        )
