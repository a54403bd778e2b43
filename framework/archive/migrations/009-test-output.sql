-- What a report rebuilt from the archive (`tollgate report --run-id`) lacked:
-- what the tests printed, and the test cases as declared (timeout, retries,
-- static annotations, location column, leases).
--
-- logs: one row per log event of a test attempt (or of the run, test_id
-- NULL), in the run's seq order, up to 64 KiB of text per attempt; past
-- that, one row says how much more events.ndjson holds. A soak's output
-- cannot grow the archive without bound this way.
-- tests.test_case: the TestCase as JSON; NULL on rows written before this
-- migration, which are rebuilt from their columns as before.

CREATE TABLE logs (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  test_id TEXT,
  attempt INTEGER,
  stream TEXT NOT NULL,
  time TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);

ALTER TABLE tests ADD COLUMN test_case TEXT;
