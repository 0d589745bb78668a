"""Choose one reader's digest: new stories from the sources they keep on and their own feeds, filtered,
grouped and ranked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from bot.digest.ranking import FRESHNESS_HALF_LIFE_HOURS, Candidate, RankedStory, rank_stories
from bot.digest.schedule import reader_schedule
from bot.localtime import zone
from bot.personal.filters import WordFilter
from bot.personal.selection import ArticleFacts, ReaderChoice, choose, load_choice
from storage import Storage
from storage.articles import ArticleHeadline
from storage.readers import Reader
from storage.timestamps import to_db

# A daily digest never reaches further back than this, however long ago the last one was (a weekly
# one reaches back a week: see ``Schedule.lookback``).
DIGEST_WINDOW = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class DigestItem:
    article: ArticleHeadline
    # How many other sources told the same story ("+2 sources"), and their first reports (named).
    more_sources: int = 0
    also: tuple[ArticleHeadline, ...] = ()


@dataclass(frozen=True, slots=True)
class Digest:
    """A reader's digest at one moment: what to show and for which local day."""

    chat_id: int
    language: str
    timezone: str
    local_date: date
    composed_at: datetime
    items: list[DigestItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.items


class CandidatePool:
    """One tick's candidate articles, loaded once and filtered per reader in memory.

    A fan-out composes thousands of digests for the same moment; this turns a query per reader into
    one query per tick, and fetches each shown article once.
    """

    def __init__(self, rows: list[tuple[int, int, int | None, float, str]], until: datetime) -> None:
        self.rows = rows
        self.until = until
        self.articles: dict[int, ArticleHeadline] = {}
        # Readers served by the same tick yesterday share their "since" mark, so rankings repeat.
        self.rankings: dict[tuple[object, ...], list[RankedStory]] = {}
        # Readers' own feeds (kept out of every other reader's digest) and the candidates' words.
        self.personal_sources: frozenset[int] = frozenset()
        self.facts: ArticleFacts | None = None

    def for_reader(self, fetched_after: datetime | None, excluded_sources: set[int]) -> list[Candidate]:
        """The candidates stored after ``fetched_after`` from sources the reader did not switch off."""
        seen = to_db(fetched_after) if fetched_after else ""
        return [
            Candidate(article_id, source_id, story_id, age)
            for article_id, source_id, story_id, age, fetched in self.rows
            if fetched > seen and source_id not in excluded_sources
        ]


class DigestComposer:
    """Composes digests from storage; ranking and rendering stay pure (see ``ranking`` and ``render``)."""

    def __init__(self, storage: Storage, max_items: int) -> None:
        self.storage = storage
        self.max_items = max_items

    async def load_pool(self, now: datetime, window: timedelta = DIGEST_WINDOW) -> CandidatePool:
        """The candidates of every reader's digest composed at ``now`` reaching ``window`` back."""
        rows = await self.storage.articles.digest_pool(published_after=now - window, until=now)
        pool = CandidatePool(rows, now)
        pool.personal_sources = frozenset(await self.storage.personal.personal_source_ids())
        pool.facts = ArticleFacts(self.storage, [row[0] for row in rows], window=(now - window, now))
        return pool

    async def compose(
        self,
        reader: Reader,
        now: datetime,
        pool: CandidatePool | None = None,
        *,
        window: timedelta | None = None,
    ) -> Digest:
        """Stories published within ``window`` and stored since the reader's last digest, best first:
        from the shared sources they keep on and their own feeds, after their word filter, ranked
        within their news languages (``bot.personal.selection``).

        Without ``window`` it is the reach of a digest of the reader's schedule due now (a day, or
        up to a week for a weekly one). With a ``pool`` loaded for the same ``now`` and window the
        candidates come from memory.
        """
        if window is None:
            window = reader_schedule(reader).lookback(now.astimezone(zone(reader.timezone)))
        # A weekly digest weighs a day's age as a daily one weighs a few hours'.
        half_life = FRESHNESS_HALF_LIFE_HOURS * max(1.0, window / DIGEST_WINDOW)
        choice = await load_choice(self.storage, reader.chat_id, reader.language)
        if pool is None:
            # The word filter runs in the candidates' query, inside the search index: one query,
            # and only the stories it keeps come back.
            rows = await self.storage.articles.digest_candidates(
                reader.chat_id,
                published_after=now - window,
                fetched_after=reader.last_digest_at,
                until=now,
                keep=None if choice.word_filter.empty else choice.word_filter.match(),
            )
            candidates = [Candidate(*row[:4]) for row in rows]
            articles: dict[int, ArticleHeadline] = {}
            facts = ArticleFacts(self.storage)
            facts.languages.update((row[0], row[4]) for row in rows)
            kept = replace(choice, word_filter=WordFilter())
            ranked = await self._choose(facts, kept, candidates, half_life)
        else:
            choices = await self.storage.readers.source_choices(reader.chat_id)
            excluded = frozenset(source for source, on in choices.items() if not on)
            excluded |= pool.personal_sources - choice.own_feeds
            key = (
                to_db(reader.last_digest_at) if reader.last_digest_at else "",
                excluded,
                choice.key,
                half_life,
            )
            cached = pool.rankings.get(key)
            if cached is None:
                facts = pool.facts if pool.facts is not None else ArticleFacts(self.storage)
                cached = pool.rankings[key] = await self._choose(
                    facts, choice, pool.for_reader(reader.last_digest_at, set(excluded)), half_life
                )
            ranked = cached
            articles = pool.articles
        wanted = [i for story in ranked for i in (story.article_id, *story.also_article_ids)]
        missing = [article_id for article_id in wanted if article_id not in articles]
        if missing:
            articles.update(await self.storage.articles.headlines(missing))
        items = [
            DigestItem(
                articles[story.article_id],
                story.more_sources,
                tuple(articles[i] for i in story.also_article_ids if i in articles),
            )
            for story in ranked
            if story.article_id in articles  # removed between the two queries
        ]
        return Digest(
            chat_id=reader.chat_id,
            language=reader.language,
            timezone=reader.timezone,
            local_date=now.astimezone(zone(reader.timezone)).date(),
            composed_at=now,
            items=items,
        )

    async def _choose(
        self, facts: ArticleFacts, choice: ReaderChoice, candidates: list[Candidate], half_life: float
    ) -> list[RankedStory]:
        """The reader's filter, then ranking within their news languages."""
        ranked, _ = await choose(
            facts,
            choice,
            candidates,
            lambda c: c.article_id,
            lambda tier, room: rank_stories(tier, room, half_life),
            self.max_items,
            lambda c: c.story_id,
        )
        return ranked
