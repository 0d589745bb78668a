-- Several processes polling one PostgreSQL database claim due sources for a while (a lease): a claim
-- that was not finished (a process that died) lapses at claimed_until and another process takes it.
ALTER TABLE sources ADD COLUMN claimed_by TEXT;
ALTER TABLE sources ADD COLUMN claimed_until TEXT;
