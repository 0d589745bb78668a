-- Sources of articles: feeds, channels, imported collections.
CREATE TABLE sources (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('feed', 'channel', 'import')),
    url             TEXT NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1,
    etag            TEXT,
    last_modified   TEXT,
    last_fetched_at TEXT,
    last_error      TEXT,
    error_count     INTEGER NOT NULL DEFAULT 0,
    next_fetch_at   TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    guid          TEXT,
    url           TEXT,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    summary       TEXT NOT NULL,
    lang          TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    published_at  TEXT NOT NULL,
    fetched_at    TEXT NOT NULL,
    -- articles about the same event share a story id (the id of the story's first article)
    story_id      INTEGER,
    UNIQUE (source_id, guid)
);
CREATE UNIQUE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_published ON articles (published_at);
CREATE INDEX articles_story ON articles (story_id);

-- Full-text index over stemmed words (see bot.text.words.stemmed_text, registered as stemmed()).
CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, stemmed(new.title), stemmed(new.text));
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, stemmed(new.title), stemmed(new.text));
END;

CREATE TABLE readers (
    chat_id         INTEGER PRIMARY KEY,
    language        TEXT NOT NULL,
    timezone        TEXT NOT NULL,
    digest_time     TEXT NOT NULL,
    subscribed      INTEGER NOT NULL DEFAULT 0,
    blocked         INTEGER NOT NULL DEFAULT 0,
    last_digest_at  TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX readers_subscribed ON readers (subscribed, blocked);

-- A reader's choice per source; no row means the source is on.
CREATE TABLE reader_sources (
    chat_id    INTEGER NOT NULL REFERENCES readers (chat_id) ON DELETE CASCADE,
    source_id  INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    enabled    INTEGER NOT NULL,
    PRIMARY KEY (chat_id, source_id)
);

-- One row per digest per reader per local day: the guarantee against doubles.
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL REFERENCES readers (chat_id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    local_date  TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    created_at  TEXT NOT NULL,
    finished_at TEXT,
    UNIQUE (chat_id, kind, local_date)
);

-- Messages waiting to be sent, in order per chat; survives restarts.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    delivery_id     INTEGER REFERENCES deliveries (id) ON DELETE CASCADE,
    chat_id         INTEGER NOT NULL,
    seq             INTEGER NOT NULL DEFAULT 0,
    text            TEXT NOT NULL,
    reply_markup    TEXT,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_pending ON outbox (status, id);
