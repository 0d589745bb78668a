-- Channels, groups and supergroups the bot posts to. Each also has a readers row under the same chat
-- id, which holds what a private reader has (times, days, zone, language, sources, own feeds,
-- filters): the digest fan-out serves both alike. On that row, subscribed = 1 means digest mode and
-- blocked = 1 means the chat is inactive (the bot was removed, demoted or lost its rights).
CREATE TABLE chats (
    chat_id         INTEGER NOT NULL PRIMARY KEY REFERENCES readers (chat_id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('channel', 'group', 'supergroup')),
    title           TEXT NOT NULL DEFAULT '',
    username        TEXT,
    is_forum        INTEGER NOT NULL DEFAULT 0,
    mode            TEXT NOT NULL DEFAULT 'digest' CHECK (mode IN ('digest', 'instant')),
    -- The forum topic messages go to; NULL: the general topic (or a chat without topics).
    thread_id       INTEGER,
    -- The Telegram user who connected the chat: the one told when it goes inactive.
    connected_by    INTEGER,
    inactive_reason TEXT,
    -- Each trouble is told to the connecting administrator once: set when told, cleared on reconnect.
    inactive_told   INTEGER NOT NULL DEFAULT 0,
    topic_told      INTEGER NOT NULL DEFAULT 0,
    -- Instant mode posts the stories stored after this moment (the switch to instant).
    instant_since   TEXT,
    -- How many times the chat was connected: each connection's notices are told anew.
    connections     INTEGER NOT NULL DEFAULT 0,
    connected_at    TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX chats_mode ON chats (mode);
CREATE INDEX chats_connected_by ON chats (connected_by);

-- Users seen as administrators of a chat: the candidates `/chats` asks Telegram about.
CREATE TABLE chat_admins (
    chat_id  INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL,
    seen_at  TEXT NOT NULL,
    PRIMARY KEY (chat_id, user_id)
);
CREATE INDEX chat_admins_user ON chat_admins (user_id);

-- The forum topic of a message, and the id Telegram gave it once sent (the bot's own channel posts
-- are known by it and never ingested back).
ALTER TABLE outbox ADD COLUMN thread_id INTEGER;
ALTER TABLE outbox ADD COLUMN message_id INTEGER;
CREATE INDEX outbox_sent_message ON outbox (chat_id, message_id) WHERE message_id IS NOT NULL;
