-- A run, shard attempt or load instance that is running renews alive_until
-- (ms since the epoch, on the database's clock) every few seconds
-- (runner-liveness.ts). Once it has passed, the writer is dead wherever it
-- ran: the gate, `tollgate verdict` and the next open of the archive mark
-- it incomplete instead of waiting for a process that will never report.
-- NULL on rows written before this migration: only their pid is checked.

ALTER TABLE runs ADD COLUMN alive_until BIGINT;
ALTER TABLE shards ADD COLUMN alive_until BIGINT;
