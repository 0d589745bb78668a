-- Readers' own feeds: one source row per feed URL, marked personal, shared by every reader who added it.
-- A personal source's articles reach only the readers in reader_feeds (and never the shared lists).
ALTER TABLE sources ADD COLUMN personal INTEGER NOT NULL DEFAULT 0;

CREATE TABLE reader_feeds (
    chat_id    INTEGER NOT NULL REFERENCES readers (chat_id) ON DELETE CASCADE,
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (chat_id, source_id)
);
CREATE INDEX reader_feeds_source ON reader_feeds (source_id);

-- Each /add (and each OPML import) a reader tries: the per-hour limit counts these.
CREATE TABLE reader_add_attempts (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL REFERENCES readers (chat_id) ON DELETE CASCADE,
    attempted_at TEXT NOT NULL
);
CREATE INDEX reader_add_attempts_chat ON reader_add_attempts (chat_id, attempted_at);

-- Word filters: a reader's terms as Term.source ("+выборы", "-\"две слова\""), in the order added.
CREATE TABLE reader_filters (
    id       INTEGER PRIMARY KEY,
    chat_id  INTEGER NOT NULL REFERENCES readers (chat_id) ON DELETE CASCADE,
    term     TEXT NOT NULL,
    UNIQUE (chat_id, term)
);

-- Alerts: every term (Term.source values joined by U+001F) must match a new story.
CREATE TABLE reader_alerts (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL REFERENCES readers (chat_id) ON DELETE CASCADE,
    terms       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (chat_id, terms)
);

-- One row per reader per story alerted (or per "more matched" line): written with its outbox
-- message in one transaction, so a kill neither loses nor doubles an alert.
CREATE TABLE alert_deliveries (
    chat_id     INTEGER NOT NULL REFERENCES readers (chat_id) ON DELETE CASCADE,
    story_key   INTEGER NOT NULL,
    alert_id    INTEGER,
    more_line   INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (chat_id, story_key)
);
CREATE INDEX alert_deliveries_recent ON alert_deliveries (chat_id, created_at);

-- How far the alert job has scanned: the highest article id it has looked at.
CREATE TABLE job_cursors (
    name        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL
);

-- The languages of the news a reader chose ("ru,en"); empty: the default (interface language first).
ALTER TABLE readers ADD COLUMN news_languages TEXT NOT NULL DEFAULT '';

-- A digest ranks within the reader's news languages: the per-reader candidate query reads each
-- article's language with the rest from this covering index (it replaces the one without it), and
-- a fan-out reads a day's languages from the second one; never from the rows, whose text is large.
DROP INDEX articles_digest_window;
CREATE INDEX articles_digest_window ON articles (published_at, fetched_at, source_id, story_id, lang);
CREATE INDEX articles_window_languages ON articles (published_at, lang);
