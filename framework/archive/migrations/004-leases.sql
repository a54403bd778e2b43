-- Testbed leases (issue 9.5). A run that needs an exclusive resource (a
-- switch's ports, a POD) holds a row in `leases` while it uses it; runners on
-- other machines see the row and wait. A holder renews expires_at while it
-- lives, so a lease whose holder died (SIGKILL, a lost machine) expires and
-- the next run takes it over in one conditional upsert.
-- `lease_history` keeps who held what, when, and how it ended, for
-- `tollgate leases --history` and for checking that runs never overlapped.
-- Times are ISO-8601 UTC text (as in 001), taken from the database's clock.

CREATE TABLE leases (
  resource TEXT PRIMARY KEY,
  -- one per lease-holding run process: renewals and releases match on it
  token TEXT NOT NULL,
  run_id TEXT NOT NULL,
  host TEXT,
  pid INTEGER,
  shard TEXT,
  acquired_at TEXT NOT NULL,
  renewed_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE lease_history (
  token TEXT NOT NULL,
  resource TEXT NOT NULL,
  run_id TEXT NOT NULL,
  host TEXT,
  pid INTEGER,
  shard TEXT,
  requested_at TEXT NOT NULL,
  acquired_at TEXT,
  -- when it was released, or when it expired (its holder stopped renewing)
  ended_at TEXT,
  -- held | released | expired | lost | timeout | interrupted
  state TEXT NOT NULL,
  waited_ms DOUBLE PRECISION,
  -- the run whose expired lease this one took over
  took_over_from TEXT,
  PRIMARY KEY (token, resource)
);
CREATE INDEX lease_history_run ON lease_history (run_id);
CREATE INDEX lease_history_resource ON lease_history (resource, requested_at);
