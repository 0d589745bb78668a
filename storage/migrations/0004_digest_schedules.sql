-- Digest schedules: one to six local times a day, on chosen weekdays, and the moment a schedule was
-- last set (its slots up to then are never sent: the first digest is the first slot after it).
CREATE TABLE digest_times (
    chat_id     INTEGER NOT NULL REFERENCES readers (chat_id) ON DELETE CASCADE,
    local_time  TEXT NOT NULL,  -- HH:MM on the reader's wall clock
    PRIMARY KEY (chat_id, local_time)
) WITHOUT ROWID;
-- Each tick asks for the readers whose time falls in the minutes it covers.
CREATE INDEX digest_times_due ON digest_times (local_time, chat_id);

-- Existing readers keep their one time; their schedule counts as set long ago (catch-up applies).
INSERT INTO digest_times (chat_id, local_time) SELECT chat_id, digest_time FROM readers;

-- Weekdays as bits, Monday = 1, ..., Sunday = 64; 127 is every day.
ALTER TABLE readers ADD COLUMN digest_days INTEGER NOT NULL DEFAULT 127;
-- UTC moment of the last subscribe or change of times, days or zone; NULL: before this migration.
ALTER TABLE readers ADD COLUMN schedule_changed_at TEXT;

-- A digest delivery is now keyed by its slot, "YYYY-MM-DDTHH:MM" local (the column keeps its name):
-- the days already served keep their mark, so no digest goes out twice on the day of the upgrade.
UPDATE deliveries SET local_date = local_date || 'T' || (
    SELECT r.digest_time FROM readers r WHERE r.chat_id = deliveries.chat_id
) WHERE kind = 'digest' AND length(local_date) = 10;

DROP INDEX readers_due;
ALTER TABLE readers DROP COLUMN digest_time;
