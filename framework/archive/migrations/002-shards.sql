-- Shards of one run (issue 9): `tollgate run --shard i/n --run-id ID` on
-- many machines writes its tests under the one run id; these tables say
-- which shard ran, where, how far it got, and which attempt counts.

-- The partition every shard of a run uses. The first shard to plan pins
-- its weights here; later shards (and a shard run again days later) read
-- them back, so all of them cut the plan the same way even when history
-- changed in between.
CREATE TABLE shard_plans (
  run_id TEXT PRIMARY KEY,
  total INTEGER NOT NULL,
  -- 'durations' (median passed durations from history) or 'counts'
  basis TEXT NOT NULL,
  -- JSON {group key: weight}
  weights TEXT NOT NULL,
  history_runs INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

-- One row per shard attempt; a shard run again gets the next attempt and
-- replaces the earlier one's tests, which stay listed here.
CREATE TABLE shards (
  run_id TEXT NOT NULL,
  shard_index INTEGER NOT NULL,
  total INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  host TEXT,
  pid INTEGER,
  -- running | complete | interrupted | incomplete
  status TEXT NOT NULL,
  start_time TEXT NOT NULL,
  end_time TEXT,
  duration DOUBLE PRECISION,
  planned_tests INTEGER NOT NULL,
  planned_weight DOUBLE PRECISION,
  -- sha256 of the whole partition (every test id with its shard): equal on every shard that planned alike
  plan_hash TEXT,
  run_dir TEXT,
  -- the first seq of the errors, metrics and artifacts rows this attempt writes
  seq_base INTEGER NOT NULL,
  verdict_status TEXT,
  verdict TEXT,
  PRIMARY KEY (run_id, shard_index, attempt)
);

-- Each shard attempt's tests with their outcome: the tests table holds the
-- latest attempt's, these keep every attempt's.
CREATE TABLE shard_tests (
  run_id TEXT NOT NULL,
  shard_index INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  test_id TEXT NOT NULL,
  outcome TEXT,
  duration DOUBLE PRECISION,
  attempts INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, shard_index, attempt, test_id)
);
