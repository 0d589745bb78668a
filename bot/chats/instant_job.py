"""Instant mode: each new story goes to the chats in instant mode once, within a minute of being stored.

Every ``TICK_SECONDS`` the job reads the articles stored since its stored cursor (as the alert job
does) and, for each active chat in instant mode, takes the stories it receives: stored after the chat
switched to instant (their story's first report too: a new source of an older story is not news),
not advertising, from a source the chat keeps on (a shared one not switched off, or one of its own
feeds), in its news languages, kept by its word filter; of a story's reports only the first the chat
receives. Each goes out as one story card through the outbox, in the transaction that records the
(chat, story) delivery: the cursor moves only afterwards, so a kill loses nothing and the unique key
doubles nothing. At most ``INSTANT_MAX_PER_HOUR`` a chat per clock hour; the stories over it are held
and, when the next hour opens, go out together as one message of linked headlines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from aiogram_i18n.cores import FluentRuntimeCore

from bot.config import Settings
from bot.digest.render import Translate, core_translator
from bot.digest.story_card import TITLE_MAX_CHARS, TITLE_MAX_ESCAPED, escape_within, render_story, single_card
from bot.localtime import zone
from bot.personal.filters import WordFilter
from bot.personal.news_languages import parse_news_languages
from bot.personal.selection import terms_of
from bot.personal.story_words import StoryWords, story_words_from_stems
from bot.telegram.html import MESSAGE_LIMIT, escape, link, telegram_length
from bot.telegram.i18n import LazyCore
from storage import Storage
from storage.articles import ArticleHeadline
from storage.chats import ChatKind, ChatRecord
from storage.deliveries import OutgoingMessage
from storage.instant import InstantRepository
from storage.personal import NewStory
from storage.readers import Reader
from storage.timestamps import utcnow

log = logging.getLogger(__name__)

TICK_SECONDS = 20
STORIES_PER_TICK = 2000
INSTANT_CURSOR = "instant"
# Room kept in the headlines message for its heading and the "and N more" line.
HEADLINES_RESERVE = 300


@dataclass(frozen=True, slots=True)
class ChatChoice:
    """What one chat receives, loaded once per tick."""

    chat: ChatRecord
    reader: Reader
    stored_after: int  # articles with higher ids were stored after the switch to instant
    own_feeds: frozenset[int]
    switched_off: frozenset[int]
    languages: tuple[str, ...] | None  # None: every language
    word_filter: WordFilter


class InstantJob:
    """Posts new stories to chats in instant mode, and the held ones' headlines each new hour."""

    def __init__(
        self,
        storage: Storage,
        settings: Settings,
        *,
        now: Callable[[], datetime] = utcnow,
        core: FluentRuntimeCore | None = None,
        on_queued: Callable[[], None] | None = None,
    ) -> None:
        self.storage = storage
        self.settings = settings
        self.now = now
        self._instant: InstantRepository | None = None
        self._core = LazyCore(settings.default_language, core)
        self._on_queued = on_queued
        # (chat, its instant_since) -> the last article id stored before it: fixed once known.
        self._switched: dict[tuple[int, datetime | None], int] = {}
        self._headlines_hour: datetime | None = None

    @property
    def instant(self) -> InstantRepository:
        if self._instant is None:
            self._instant = InstantRepository(self.storage.db)
        return self._instant

    async def run_once(self) -> int:
        """One tick: the held headlines of a new hour, then the stories stored since the last tick;
        the number of messages queued."""
        personal = self.storage.personal
        now = self.now()
        hour = now.replace(minute=0, second=0, microsecond=0)
        chats = await self.storage.chats.instant_chats()
        position = await personal.cursor(INSTANT_CURSOR)
        if position is None:
            # First run: from the earliest switch to instant of the chats there are, else from now on.
            position = await personal.newest_article_id()
            for chat in chats:
                position = min(position, await self._stored_after(chat))
            await personal.set_cursor(INSTANT_CURSOR, position)
        queued = 0
        if self._headlines_hour != hour:  # once an hour: the stories held in earlier hours
            queued += await self._headlines(chats, hour, now)
            self._headlines_hour = hour
        stories = await personal.stories_after(position, STORIES_PER_TICK)
        if stories:
            if chats:
                queued += await self._post(chats, stories, hour, now)
            await personal.set_cursor(INSTANT_CURSOR, stories[-1].article_id)
        if queued:
            log.info("instant posts queued: %d for %d new articles", queued, len(stories))
            if self._on_queued is not None:
                self._on_queued()
        return queued

    async def _stored_after(self, chat: ChatRecord) -> int:
        key = (chat.chat_id, chat.instant_since)
        if key not in self._switched:
            since = chat.instant_since or chat.connected_at
            self._switched[key] = await self.instant.last_stored_before(since)
        return self._switched[key]

    async def _choice(self, chat: ChatRecord, disabled: set[int]) -> ChatChoice | None:
        reader = await self.storage.readers.get(chat.chat_id)
        if reader is None or reader.blocked:
            return None
        feeds, terms, languages = await self.storage.personal.choices_of(chat.chat_id)
        choices = await self.storage.readers.source_choices(chat.chat_id)
        return ChatChoice(
            chat=chat,
            reader=reader,
            stored_after=await self._stored_after(chat),
            own_feeds=frozenset(feeds),
            switched_off=frozenset({s for s, on in choices.items() if not on} | disabled),
            languages=parse_news_languages(languages),
            word_filter=WordFilter.of(terms_of(terms)),
        )

    async def _post(
        self, chats: Sequence[ChatRecord], stories: list[NewStory], hour: datetime, now: datetime
    ) -> int:
        ads = await self.instant.ads_among([s.article_id for s in stories])
        stories = [s for s in stories if s.article_id not in ads]
        if not stories:
            return 0
        personal_sources = await self.storage.personal.personal_source_ids()
        disabled = {s.id for s in await self.storage.sources.list() if not s.enabled}
        words: dict[int, StoryWords] = {}
        queued = 0
        for chat in chats:
            choice = await self._choice(chat, disabled)
            if choice is None:
                continue
            picked: dict[int, NewStory] = {}  # story key -> its first report this chat receives
            for story in stories:
                if story.story_key in picked or not _receives(choice, story, personal_sources):
                    continue
                if not choice.word_filter.empty:
                    found = words.get(story.article_id)
                    if found is None:
                        found = words[story.article_id] = story_words_from_stems(
                            story.title_stems, story.text_stems
                        )
                    if not choice.word_filter.keeps(found):
                        continue
                picked[story.story_key] = story
            if picked:
                queued += await self._queue(choice, list(picked.values()), hour, now)
        return queued

    async def _queue(self, choice: ChatChoice, stories: list[NewStory], hour: datetime, now: datetime) -> int:
        chat_id = choice.chat.chat_id
        done = await self.instant.handled(chat_id, [s.story_key for s in stories])
        stories = [s for s in stories if s.story_key not in done]
        if not stories:
            return 0
        headlines = await self.storage.articles.headlines([s.article_id for s in stories])
        posted = await self.instant.posted_since(chat_id, hour)
        queued = 0
        for story in stories:
            article = headlines.get(story.article_id)
            if article is None:
                continue  # removed since it was stored
            message = None
            if posted < self.settings.instant_max_per_hour:
                message = OutgoingMessage(self._card(choice, article))
            stored = await self.instant.queue_story(chat_id, story.story_key, article.id, message, now)
            if stored and message is not None:
                posted += 1
                queued += 1
        return queued

    def _card(self, choice: ChatChoice, article: ArticleHeadline) -> str:
        reader = choice.reader
        card = single_card(article, reader.language, zone(reader.timezone))
        return render_story(card, read_command=choice.chat.kind != ChatKind.CHANNEL)

    async def _headlines(self, chats: Sequence[ChatRecord], hour: datetime, now: datetime) -> int:
        """For each chat with stories held in an earlier hour: one message of their linked headlines."""
        queued = 0
        for chat in chats:
            chat_id = chat.chat_id
            held = await self.instant.held_before(chat_id, hour)
            if not held:
                continue
            reader = await self.storage.readers.get(chat_id)
            message = None
            if reader is not None and not reader.blocked:
                articles = await self.storage.articles.headlines([h.article_id for h in held])
                translate = core_translator(await self._core.get(), reader.language)
                shown = [articles[h.article_id] for h in held if h.article_id in articles]
                text = headlines_message(translate, shown)
                message = OutgoingMessage(text) if text else None
            if await self.instant.queue_headlines(chat_id, hour, held, message, now) and message is not None:
                queued += 1
        return queued


def _receives(choice: ChatChoice, story: NewStory, personal_sources: set[int]) -> bool:
    """Whether the chat takes this report: new since the switch, from its sources, in its languages."""
    if story.article_id <= choice.stored_after or story.story_key <= choice.stored_after:
        return False
    source = story.source_id
    if source in personal_sources and source not in choice.own_feeds:
        return False  # another reader's own feed
    if source in choice.switched_off:
        return False
    return choice.languages is None or story.lang in choice.languages


def headlines_message(
    translate: Translate, articles: Sequence[ArticleHeadline], limit: int = MESSAGE_LIMIT
) -> str:
    """ "N more stories last hour" and their headlines, each linked to its report, within ``limit``;
    the ones that do not fit are counted on the last line. Empty when there are none."""
    if not articles:
        return ""
    heading = f"<b>{escape(translate('instant-more-heading', count=len(articles)))}</b>"
    lines: list[str] = []
    used = telegram_length(heading) + HEADLINES_RESERVE
    for article in articles:
        title = escape_within(article.title, TITLE_MAX_CHARS, TITLE_MAX_ESCAPED)
        line = f"• {link(article.url, title, escaped=True)}"
        size = telegram_length(line) + 1
        if used + size > limit:
            break
        lines.append(line)
        used += size
    left = len(articles) - len(lines)
    if left:
        lines.append(escape(translate("instant-more-left", count=left)))
    return "\n".join([heading, *lines])
