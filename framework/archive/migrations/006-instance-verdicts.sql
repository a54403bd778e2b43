-- A load instance's run (`tollgate run --instance i/n --run-id ID`) judges
-- only its own part of the load. Its verdict goes to instance_verdict, never
-- to verdict: a run's verdict column holds only what `tollgate gate --run-id
-- ID` records, so `tollgate verdict` cannot answer with one instance's pass
-- while another failed or never ran (a shard's verdict stays on its shards
-- row for the same reason). instance is 'i/n', NULL for any other run.

ALTER TABLE runs ADD COLUMN instance TEXT;
ALTER TABLE runs ADD COLUMN instance_verdict TEXT;
