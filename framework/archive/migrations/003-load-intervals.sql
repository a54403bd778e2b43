-- Distributed load (issue 9, item 4): n runner processes put one load on a
-- system, each at rate/n. They meet here: each registers (load_instances),
-- the first to see all n registered sets a common start (load_control),
-- every instance writes its per-interval metrics (load_intervals: HDR
-- histograms encoded with encodeIntoCompressedBase64 for trends, counts for
-- rates and counters), and thresholds are evaluated on the merge of all of
-- them. An abortOnFail threshold that fails on the merge sets abort_reason,
-- which every instance polls each interval.
-- A load is keyed by the run id all instances share (--run-id), its test
-- and its name. Times are epoch milliseconds (BIGINT: both backends accept it).

CREATE TABLE load_control (
  run_id TEXT NOT NULL,
  test_id TEXT NOT NULL,
  load_name TEXT NOT NULL,
  instances INTEGER NOT NULL,
  -- The thresholds as configured (JSON), so the gate can evaluate them again from this table alone.
  thresholds TEXT,
  start_at BIGINT NOT NULL,
  abort_reason TEXT,
  aborted_by INTEGER,
  aborted_at BIGINT,
  PRIMARY KEY (run_id, test_id, load_name)
);

CREATE TABLE load_instances (
  run_id TEXT NOT NULL,
  test_id TEXT NOT NULL,
  load_name TEXT NOT NULL,
  instance INTEGER NOT NULL,
  instances INTEGER NOT NULL,
  host TEXT,
  pid INTEGER,
  thresholds TEXT,
  registered_at BIGINT NOT NULL,
  finished_at BIGINT,
  PRIMARY KEY (run_id, test_id, load_name, instance)
);

CREATE TABLE load_intervals (
  run_id TEXT NOT NULL,
  test_id TEXT NOT NULL,
  load_name TEXT NOT NULL,
  instance INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  interval_start BIGINT NOT NULL,
  interval_end BIGINT NOT NULL,
  metric TEXT NOT NULL,
  -- JSON object of the series' tags, keys sorted.
  tags TEXT NOT NULL,
  -- trend | rate | counter
  kind TEXT NOT NULL,
  unit TEXT,
  -- trend: samples; rate: samples; counter: 0
  samples BIGINT NOT NULL,
  -- rate: non-zero samples; counter: the sum; trend: 0
  total DOUBLE PRECISION NOT NULL,
  -- trend: the interval's HDR histogram (µs), compressed base64
  histogram TEXT,
  PRIMARY KEY (run_id, test_id, load_name, instance, seq, metric, tags)
);
