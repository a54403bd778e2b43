-- The archive's first schema. Shared by SQLite and PostgreSQL: only types
-- and syntax both accept (TEXT, INTEGER, DOUBLE PRECISION, composite keys
-- instead of auto-increment). Times are ISO-8601 UTC text, which sorts.
-- JSON values (verdict, tags, title path, errors) are stored as text.

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  gate TEXT,
  environment TEXT NOT NULL,
  subject TEXT,
  start_time TEXT NOT NULL,
  end_time TEXT,
  duration DOUBLE PRECISION,
  host TEXT,
  pid INTEGER,
  tollgate_version TEXT,
  config_hash TEXT,
  config_file TEXT,
  root_dir TEXT,
  shard TEXT,
  workers INTEGER,
  -- running | complete | incomplete | interrupted
  status TEXT NOT NULL,
  verdict_status TEXT,
  verdict TEXT
);
CREATE INDEX runs_line ON runs (gate, environment, start_time);
CREATE INDEX runs_subject ON runs (gate, subject, start_time);
CREATE INDEX runs_status ON runs (status);

CREATE TABLE tests (
  run_id TEXT NOT NULL,
  test_id TEXT NOT NULL,
  title TEXT,
  title_path TEXT,
  suite TEXT,
  kind TEXT,
  runner TEXT,
  file TEXT,
  line INTEGER,
  tags TEXT,
  expected_status TEXT,
  -- passed | flaky | failed | skipped | interrupted; NULL while it has none
  outcome TEXT,
  duration DOUBLE PRECISION,
  attempts INTEGER NOT NULL DEFAULT 0,
  error_message TEXT,
  error_signature TEXT,
  PRIMARY KEY (run_id, test_id)
);
CREATE INDEX tests_by_test ON tests (test_id);

CREATE TABLE attempts (
  run_id TEXT NOT NULL,
  test_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  worker_index INTEGER,
  start_time TEXT,
  end_time TEXT,
  status TEXT NOT NULL,
  duration DOUBLE PRECISION,
  annotations TEXT,
  PRIMARY KEY (run_id, test_id, attempt)
);

CREATE TABLE steps (
  run_id TEXT NOT NULL,
  test_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  step_id TEXT NOT NULL,
  parent_step_id TEXT,
  title TEXT NOT NULL,
  category TEXT,
  location TEXT,
  start_time TEXT,
  duration DOUBLE PRECISION,
  error TEXT,
  PRIMARY KEY (run_id, test_id, attempt, step_id)
);

-- Errors of tests (test_id set) and errors outside them (source: load, reporter, suite, ...).
CREATE TABLE errors (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  test_id TEXT,
  attempt INTEGER,
  source TEXT NOT NULL,
  file TEXT,
  suite TEXT,
  message TEXT NOT NULL,
  signature TEXT NOT NULL,
  error TEXT NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX errors_signature ON errors (signature);

CREATE TABLE metrics (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  time TEXT NOT NULL,
  name TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  unit TEXT,
  tags TEXT,
  test_id TEXT,
  attempt INTEGER,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX metrics_name ON metrics (run_id, name);

-- Attachments: bodies live in the blob store under their sha256 (hash);
-- small inline text bodies stay in the row (body).
CREATE TABLE artifacts (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  test_id TEXT,
  attempt INTEGER,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  hash TEXT,
  size INTEGER,
  path TEXT,
  body TEXT,
  PRIMARY KEY (run_id, seq)
);
CREATE INDEX artifacts_hash ON artifacts (hash);
