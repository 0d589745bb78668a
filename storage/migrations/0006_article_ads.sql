-- Advertising posts (an erid or a "Реклама" label) are stored, but flagged: digests, /latest and
-- search leave them out.
ALTER TABLE articles ADD COLUMN is_ad INTEGER NOT NULL DEFAULT 0;
-- The digest queries filter on the flag too: the covering index holds it, so they stay off the rows.
DROP INDEX IF EXISTS articles_digest_window;
CREATE INDEX articles_digest_window ON articles (published_at, fetched_at, source_id, story_id, is_ad);
