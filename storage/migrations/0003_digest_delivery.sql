-- Digest composition reads only these columns for one day's window: a covering index keeps the
-- per-reader query off the article rows (the text columns are large).
CREATE INDEX articles_digest_window ON articles (published_at, fetched_at, source_id, story_id);

-- Due readers are looked up zone by zone, digest time up to the zone's local time now.
CREATE INDEX readers_due ON readers (timezone, digest_time, chat_id) WHERE subscribed = 1 AND blocked = 0;

-- A blocked chat's pending messages are dropped in one statement.
CREATE INDEX outbox_chat ON outbox (chat_id, status);
-- Finishing a delivery checks for its pending messages.
CREATE INDEX outbox_delivery ON outbox (delivery_id, status);
