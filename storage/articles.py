"""Stored articles and the full-text search over them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.text.stopwords import search_readings
from storage.backend import INTEGRITY_ERRORS, Backend
from storage.search_vector import search_query, search_vector
from storage.timestamps import from_db, to_db, utcnow
from storage.word_match import WordMatch, fts_filter, match_in_python

# Work that must be stored together with a new article: given the open transaction and the new id.
AfterInsert = Callable[[Any, int], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article ready to store: cleaned, summarized, with its dedup keys computed."""

    source_id: int
    title: str
    text: str
    summary: str
    lang: str
    content_hash: str
    published_at: datetime
    url: str | None = None
    guid: str | None = None
    story_id: int | None = None
    # an advertising post: stored, but never shown as news
    is_ad: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    id: int
    source_id: int
    source_title: str
    guid: str | None
    url: str | None
    title: str
    text: str
    summary: str
    lang: str
    published_at: datetime
    fetched_at: datetime
    story_id: int | None
    is_ad: bool = False

    @classmethod
    def from_row(cls, row: Any) -> Article:
        return cls(
            id=row["id"],
            source_id=row["source_id"],
            source_title=row["source_title"],
            guid=row["guid"],
            url=row["url"],
            title=row["title"],
            text=row["text"],
            summary=row["summary"],
            lang=row["lang"],
            published_at=from_db(row["published_at"]),
            fetched_at=from_db(row["fetched_at"]),
            story_id=row["story_id"],
            is_ad=bool(row["is_ad"]),
        )


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Found articles, best first; ``complete`` when they have every meaningful word of the query."""

    articles: list[Article]
    complete: bool


@dataclass(frozen=True, slots=True)
class ArticleHeadline:
    """What a story card shows (a digest item): an article without its full text."""

    id: int
    source_title: str
    url: str | None
    title: str
    summary: str
    published_at: datetime


# A reader's own feeds reach only the readers who added them (no chat given: nobody's own feeds).
_NOT_OTHERS_FEED = (
    "(a.source_id NOT IN (SELECT id FROM sources WHERE personal = 1)"
    " OR a.source_id IN (SELECT source_id FROM reader_feeds WHERE chat_id = :chat))"
)
_NO_PERSONAL_FEED = "a.source_id NOT IN (SELECT id FROM sources WHERE personal = 1)"


def _source_is_on(chat_id: int | None) -> str:
    """Articles shown as news: not advertising, of sources on for everyone and, when a chat is given
    (as :chat), on for that reader and not another reader's own feed."""
    everyone = "a.is_ad = 0 AND a.source_id NOT IN (SELECT id FROM sources WHERE enabled = 0)"
    if chat_id is None:
        return f"{everyone} AND {_NO_PERSONAL_FEED}"
    return (
        f"{everyone} AND a.source_id NOT IN"
        " (SELECT source_id FROM reader_sources WHERE chat_id = :chat AND enabled = 0)"
        f" AND {_NOT_OTHERS_FEED}"
    )


def _hours_before(db: Backend, until: str, column: str) -> str:
    """SQL for the hours from ``column`` (stored moment text) to the ``until`` parameter."""
    if db.dialect == "postgresql":
        return (
            # the parameter is text where it is compared with text columns: cast it as text first
            f"CAST(EXTRACT(EPOCH FROM (CAST(CAST({until} AS text) AS timestamptz)"
            f" - CAST({column} AS timestamptz))) AS double precision) / 3600.0"
        )
    return f"(julianday({until}) - julianday({column})) * 24.0"


# Articles matching any query word that the ranking looks at, for queries of several words.
SEARCH_CANDIDATES = 300

_SELECT = "SELECT a.*, s.title AS source_title FROM articles a JOIN sources s ON s.id = a.source_id"
_SELECT_HEADLINE = (
    "SELECT a.id, s.title, a.url, a.title, a.summary, a.published_at"
    " FROM articles a JOIN sources s ON s.id = a.source_id"
)


def fts_query(words: Sequence[str | Sequence[str]], *, any_word: bool = False) -> str | None:
    """An FTS5 MATCH expression for these query stems, every term quoted so no input is syntax.

    A term is a stem or the stems one word may have (its readings), any of which will do.
    """
    groups = []
    for word in words:
        readings = [word] if isinstance(word, str) else list(word)
        quoted = ['"' + r.replace('"', '""') + '"' for r in dict.fromkeys(r for r in readings if r)]
        if quoted:
            joined = " OR ".join(quoted)
            groups.append(joined if len(quoted) == 1 or any_word else f"({joined})")
    unique = list(dict.fromkeys(groups))
    if not unique:
        return None
    return (" OR " if any_word else " AND ").join(unique)


def _covered(terms: Sequence[Sequence[str]], stems: set[str]) -> int:
    """How many of the terms (each any of its readings) are among ``stems``."""
    return sum(1 for readings in terms if not stems.isdisjoint(readings))


def words_needed(terms: int, *, complete: bool) -> int:
    """How many of a query's ``terms`` a result must have to be shown.

    When some article has them all (``complete``), a result may miss one word of three or more; when
    none does, the closest results must have at least half of them.
    """
    if complete:
        return terms if terms < 3 else terms - 1
    return (terms + 1) // 2


class ArticleRepository:
    def __init__(self, db: Backend) -> None:
        self.db = db

    async def add(self, article: NewArticle, then: AfterInsert | None = None) -> int | None:
        """Store an article; None when it is a duplicate (same URL, same GUID in its source, same text).

        ``then`` runs with the new id in the same transaction: what belongs to the article (its story
        signature) is stored with it or not at all.
        """
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "INSERT INTO articles (source_id, guid, url, title, text, summary, lang, content_hash,"
                " published_at, fetched_at, story_id, is_ad) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING id",
                (
                    article.source_id,
                    article.guid,
                    article.url,
                    article.title,
                    article.text,
                    article.summary,
                    article.lang,
                    article.content_hash,
                    to_db(article.published_at),
                    to_db(utcnow()),
                    article.story_id,
                    int(article.is_ad),
                ),
            )
            row = await cursor.fetchone()
            if row is None:
                return None
            article_id = int(row[0])
            if self.db.dialect == "postgresql":  # SQLite's index is kept by a trigger
                await self._index_postgres(conn, article_id, article.title, article.text, article.lang)
            if then is not None:
                await then(conn, article_id)
            return article_id

    @staticmethod
    async def _index_postgres(conn: Any, article_id: int, title: str, text: str, lang: str) -> None:
        await conn.execute(
            "INSERT INTO articles_search (article_id, words) VALUES (?, CAST(? AS tsvector))"
            " ON CONFLICT (article_id) DO UPDATE SET words = excluded.words",
            (article_id, search_vector(title, text, lang)),
        )

    async def build_missing_search_rows(self, batch: int = 500) -> int:
        """PostgreSQL: write the search row of every article that has none (articles copied in from
        SQLite, or whose stems an upgrade of the stemmer changed); the count written. SQLite's index
        is kept by triggers: 0."""
        if self.db.dialect != "postgresql":
            return 0
        built = 0
        after = 0
        while True:
            # Walk up the ids, so that each batch looks past the rows the last one wrote.
            rows = await self.db.fetchtuples(
                "SELECT a.id, a.title, a.text, a.lang FROM articles a WHERE a.id > ? AND NOT EXISTS"
                " (SELECT 1 FROM articles_search s WHERE s.article_id = a.id) ORDER BY a.id LIMIT ?",
                (after, batch),
            )
            if not rows:
                return built
            async with self.db.transaction() as conn:
                await conn.executemany(
                    "INSERT INTO articles_search (article_id, words) VALUES (?, CAST(? AS tsvector))"
                    " ON CONFLICT (article_id) DO NOTHING",
                    [
                        (article_id, search_vector(title, text, lang))
                        for article_id, title, text, lang in rows
                    ],
                )
            built += len(rows)
            after = int(rows[-1][0])

    async def find_duplicate(
        self, *, source_id: int, url: str | None, guid: str | None, content_hash: str
    ) -> int | None:
        """The id of an already stored article with one of these keys, if any."""
        keys = ["content_hash = :hash", *self._key_conditions(url, guid)]
        row = await self.db.fetchone(
            f"SELECT id FROM articles WHERE {' OR '.join(keys)} LIMIT 1",
            {"hash": content_hash, "url": url, "guid": guid, "source": source_id},
        )
        return int(row["id"]) if row else None

    @staticmethod
    def _key_conditions(url: str | None, guid: str | None) -> list[str]:
        """Conditions for the keys given (PostgreSQL cannot type a parameter only tested for NULL)."""
        keys = []
        if url is not None:
            keys.append("url = :url")
        if guid is not None:
            keys.append("(source_id = :source AND guid = :guid)")
        return keys

    async def find_by_keys(self, *, source_id: int, url: str | None, guid: str | None) -> int | None:
        """The id of a stored article with this URL or this GUID in its source: a check before the
        expensive cleaning and summarizing, for feeds that repeat their entries on every poll."""
        if url is None and guid is None:
            return None
        row = await self.db.fetchone(
            f"SELECT id FROM articles WHERE {' OR '.join(self._key_conditions(url, guid))} LIMIT 1",
            {"url": url, "guid": guid, "source": source_id},
        )
        return int(row["id"]) if row else None

    async def known_keys(
        self, *, source_id: int, urls: list[str], guids: list[str]
    ) -> tuple[set[str], set[str]]:
        """Which of these URLs (any source) and GUIDs (this source) are stored: one query per 400 keys,
        for a poll that looks at a thousand entries."""
        found_urls: set[str] = set()
        found_guids: set[str] = set()
        for start in range(0, len(urls), 400):
            chunk = urls[start : start + 400]
            marks = ",".join("?" * len(chunk))
            rows = await self.db.fetchtuples(f"SELECT url FROM articles WHERE url IN ({marks})", tuple(chunk))
            found_urls.update(str(r[0]) for r in rows)
        for start in range(0, len(guids), 400):
            chunk = guids[start : start + 400]
            marks = ",".join("?" * len(chunk))
            rows = await self.db.fetchtuples(
                f"SELECT guid FROM articles WHERE source_id = ? AND guid IN ({marks})", (source_id, *chunk)
            )
            found_guids.update(str(r[0]) for r in rows)
        return found_urls, found_guids

    async def count_by_source(self) -> dict[int, int]:
        """Stored articles per source id."""
        rows = await self.db.fetchall("SELECT source_id, count(*) FROM articles GROUP BY source_id")
        return {int(r[0]): int(r[1]) for r in rows}

    async def update_content(
        self,
        article_id: int,
        *,
        title: str,
        text: str,
        summary: str,
        lang: str,
        content_hash: str,
        is_ad: bool = False,
    ) -> bool:
        """Replace an article's text (an edited channel post); False when the new text duplicates another."""
        try:
            async with self.db.transaction() as conn:
                cursor = await conn.execute(
                    "UPDATE articles SET title = ?, text = ?, summary = ?, lang = ?, content_hash = ?,"
                    " is_ad = ? WHERE id = ?",
                    (title, text, summary, lang, content_hash, int(is_ad), article_id),
                )
                if cursor.rowcount > 0 and self.db.dialect == "postgresql":
                    await self._index_postgres(conn, article_id, title, text, lang)
        except INTEGRITY_ERRORS:
            return False
        return bool(cursor.rowcount > 0)

    async def set_summary(
        self, article_id: int, summary: str, lang: str, *, is_ad: bool | None = None
    ) -> None:
        """A new summary and language (and ad flag, when given) for a stored article; the search
        index follows a changed language, since its stems do."""
        sql = "UPDATE articles SET summary = ?, lang = ? WHERE id = ?"
        params: tuple[object, ...] = (summary, lang, article_id)
        if is_ad is not None:
            sql = "UPDATE articles SET summary = ?, lang = ?, is_ad = ? WHERE id = ?"
            params = (summary, lang, int(is_ad), article_id)
        if self.db.dialect != "postgresql":  # a trigger re-indexes on a changed language
            await self.db.write(sql, params)
            return
        async with self.db.transaction() as conn:
            cursor = await conn.execute("SELECT title, text, lang FROM articles WHERE id = ?", (article_id,))
            row = await cursor.fetchone()
            await conn.execute(sql, params)
            if row is not None and row[2] != lang:
                await self._index_postgres(conn, article_id, row[0], row[1], lang)

    async def get(self, article_id: int) -> Article | None:
        row = await self.db.fetchone(f"{_SELECT} WHERE a.id = ?", (article_id,))
        return Article.from_row(row) if row else None

    async def get_by_guid(self, source_id: int, guid: str) -> Article | None:
        row = await self.db.fetchone(f"{_SELECT} WHERE a.source_id = ? AND a.guid = ?", (source_id, guid))
        return Article.from_row(row) if row else None

    async def latest(self, limit: int, *, chat_id: int | None = None) -> list[Article]:
        """The newest articles by publication time; with ``chat_id``, from the sources that reader
        keeps on."""
        rows = await self.db.fetchall(
            f"{_SELECT} WHERE {_source_is_on(chat_id)} ORDER BY a.published_at DESC, a.id DESC LIMIT :limit",
            {"chat": chat_id, "limit": limit},
        )
        return [Article.from_row(r) for r in rows]

    async def search(self, query: str, limit: int = 10, *, chat_id: int | None = None) -> SearchResult:
        """The best matches for the query's meaningful words in any form (stop words are ignored).

        Articles with more of the words come first, bm25 (title weighing three times the body) within
        that; ``words_needed`` says how many words a result must have. The result is marked complete
        when some article has every word. With ``chat_id``, only from the sources that reader keeps on.
        """
        terms = search_readings(query)
        if not terms:
            return SearchResult([], complete=False)
        ranks = await self._ranked_ids(terms, limit, chat_id)
        complete = bool(ranks)
        needed = words_needed(len(terms), complete=complete)
        # Partial matches are wanted only when they can be shown: below a full page of full matches.
        if needed < len(terms) and len(ranks) < limit:
            # Candidates with any of the words: the ones bm25 likes best, for the coverage count.
            any_word = await self._ranked_ids(terms, SEARCH_CANDIDATES, chat_id, any_word=True)
            for article_id, rank in any_word.items():
                ranks.setdefault(article_id, rank)
        coverage = await self._coverage(terms, list(ranks))
        chosen = sorted((i for i in ranks if coverage[i] >= needed), key=lambda i: (-coverage[i], ranks[i]))
        chosen = chosen[:limit]
        if not chosen:
            return SearchResult([], complete=False)
        marks = ", ".join("?" * len(chosen))
        rows = await self.db.fetchall(f"{_SELECT} WHERE a.id IN ({marks})", tuple(chosen))
        by_id = {int(r["id"]): Article.from_row(r) for r in rows}
        return SearchResult([by_id[i] for i in chosen if i in by_id], complete=complete)

    async def _ranked_ids(
        self, terms: list[tuple[str, ...]], limit: int, chat_id: int | None, *, any_word: bool = False
    ) -> dict[int, float]:
        """Article id to rank (lower is better) of the best ``limit`` matches, best first: bm25 on
        SQLite, ts_rank negated on PostgreSQL, the title weighing three times the body on both."""
        if self.db.dialect == "postgresql":
            match = search_query(terms, any_word=any_word)
            sql = (
                "SELECT s.article_id, -ts_rank('{0.333333, 0, 0, 1}', s.words, CAST(:match AS tsquery))"
                " AS rank FROM articles_search s JOIN articles a ON a.id = s.article_id"
                f" WHERE s.words @@ CAST(:match AS tsquery) AND {_source_is_on(chat_id)}"
                " ORDER BY rank, s.article_id LIMIT :limit"
            )
        else:
            match = fts_query(terms, any_word=any_word)
            sql = (
                "SELECT articles_fts.rowid, bm25(articles_fts, 3.0, 1.0) AS rank FROM articles_fts"
                " JOIN articles a ON a.id = articles_fts.rowid"
                f" WHERE articles_fts MATCH :match AND {_source_is_on(chat_id)} ORDER BY rank LIMIT :limit"
            )
        if match is None:
            return {}
        rows = await self.db.fetchtuples(sql, {"match": match, "chat": chat_id, "limit": limit})
        return {int(row[0]): float(row[1]) for row in rows}

    async def _coverage(self, terms: list[tuple[str, ...]], article_ids: list[int]) -> dict[int, int]:
        """How many of the terms each article has in its title or body, read from the index's own
        stemmed text (one read for all, cheaper than a MATCH per term over common words)."""
        coverage = dict.fromkeys(article_ids, 0)
        if not article_ids:
            return coverage
        marks = ", ".join("?" * len(article_ids))
        if self.db.dialect == "postgresql":
            rows = await self.db.fetchtuples(
                f"SELECT article_id, tsvector_to_array(words) FROM articles_search"
                f" WHERE article_id IN ({marks})",
                tuple(article_ids),
            )
            for article_id, stems in rows:
                coverage[int(article_id)] = _covered(terms, set(stems))
            return coverage
        rows = await self.db.fetchtuples(
            f"SELECT rowid, title, body FROM articles_fts WHERE rowid IN ({marks})", tuple(article_ids)
        )
        for rowid, title, body in rows:
            coverage[int(rowid)] = _covered(terms, set(f"{title} {body}".split()))
        return coverage

    async def count(self) -> int:
        row = await self.db.fetchone("SELECT count(*) FROM articles")
        return int(row[0]) if row else 0

    async def iter_ids(self) -> list[int]:
        rows = await self.db.fetchall("SELECT id FROM articles ORDER BY id")
        return [int(r[0]) for r in rows]

    async def digest_candidates(
        self,
        chat_id: int,
        *,
        published_after: datetime,
        fetched_after: datetime | None,
        until: datetime,
        keep: WordMatch | None = None,
    ) -> list[tuple[int, int, int | None, float, str]]:
        """(id, source id, story id, age in hours at ``until``, language) of the articles a reader's
        digest may use; with ``keep``, only those the reader's word filter keeps.

        Published in the window, stored since the reader's last digest, from sources that are on
        both for everyone and for this reader. Only indexed columns are read, so this stays cheap
        with a large archive.
        """
        parameters: dict[str, object] = {
            "after": to_db(published_after),
            "until": to_db(until),
            "seen": to_db(fetched_after) if fetched_after else "",
            "chat": chat_id,
        }
        filtered = ""
        if keep is not None and self.db.dialect != "postgresql" and (keep.includes or keep.excludes):
            # The filter runs inside the index over the window's ids only (the lowest is read from
            # the published_at index: "id + 0" keeps SQLite from walking the table for min(id)).
            parameters["match"] = fts_filter(keep.includes, keep.excludes)
            filtered = (
                f" AND id {'IN' if keep.includes else 'NOT IN'} (SELECT rowid FROM articles_fts"
                " WHERE articles_fts MATCH :match AND rowid >= (SELECT min(id + 0) FROM articles"
                " WHERE published_at > :after AND published_at <= :until))"
            )
        rows = await self.db.fetchtuples(
            f"SELECT id, source_id, story_id, {_hours_before(self.db, ':until', 'published_at')}, lang"
            " FROM articles WHERE published_at > :after AND published_at <= :until AND fetched_at > :seen"
            " AND is_ad = 0"
            " AND source_id NOT IN"
            " (SELECT source_id FROM reader_sources WHERE chat_id = :chat AND enabled = 0)"
            " AND source_id NOT IN (SELECT id FROM sources WHERE enabled = 0)"
            f" AND {_NOT_OTHERS_FEED.replace('a.source_id', 'source_id')}{filtered}",
            parameters,
        )
        if keep is not None and not filtered and rows and (keep.includes or keep.excludes):
            # PostgreSQL: the same stems, matched in Python.
            ids = [row[0] for row in rows]
            matched, dropped = await match_in_python(
                self.db, [keep.includes, keep.excludes], min(ids), max(ids)
            )
            rows = [r for r in rows if r[0] not in dropped and (not keep.includes or r[0] in matched)]
        return rows

    async def digest_pool(
        self, *, published_after: datetime, until: datetime
    ) -> list[tuple[int, int, int | None, float, str]]:
        """Like ``digest_candidates`` for every reader at once, with each article's stored-at text.

        A fan-out loads this once per tick and filters it per reader in memory.
        """
        rows = await self.db.fetchtuples(
            "SELECT id, source_id, story_id,"
            f" {_hours_before(self.db, ':until', 'published_at')}, fetched_at FROM articles"
            " WHERE published_at > :after AND published_at <= :until AND is_ad = 0"
            " AND source_id NOT IN (SELECT id FROM sources WHERE enabled = 0)",
            {"after": to_db(published_after), "until": to_db(until)},
        )
        return rows

    async def headlines(self, article_ids: list[int]) -> dict[int, ArticleHeadline]:
        """Headlines by article id (missing ones are left out); the full texts are not read."""
        if not article_ids:
            return {}
        marks = ", ".join("?" * len(article_ids))
        rows = await self.db.fetchtuples(f"{_SELECT_HEADLINE} WHERE a.id IN ({marks})", tuple(article_ids))
        return {
            row[0]: ArticleHeadline(row[0], row[1], row[2], row[3], row[4], from_db(row[5])) for row in rows
        }
