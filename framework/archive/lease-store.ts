import { loadMigrations } from './migrations.ts';
import { openSqlConnection, type OpenArchiveOptions } from './open-archive.ts';
import type { SqlConnection, Statement } from './sql-connection.ts';

/** Who holds (or asks for) a lease: one run process, on one machine, maybe one shard of a run. */
export interface LeaseHolder {
  runId: string;
  host: string;
  pid: number;
  shard: string | null;
}

/** A lease as the `leases` table holds it. Times are ISO-8601 UTC from the database's clock. */
export interface Lease extends LeaseHolder {
  resource: string;
  token: string;
  acquiredAt: string;
  renewedAt: string;
  expiresAt: string;
}

export type LeaseHistoryState = 'held' | 'released' | 'expired' | 'lost' | 'timeout' | 'interrupted';

/** One request for a lease, from `lease_history`. */
export interface LeaseHistoryEntry extends LeaseHolder {
  resource: string;
  token: string;
  requestedAt: string;
  acquiredAt: string | null;
  endedAt: string | null;
  state: LeaseHistoryState;
  waitedMs: number | null;
  tookOverFrom: string | null;
}

export type AcquireResult =
  | { acquired: true; lease: Lease; tookOver?: Lease }
  | { acquired: false; holder: Lease };

interface LeaseRow {
  resource: string;
  token: string;
  run_id: string;
  host: string | null;
  pid: number | null;
  shard: string | null;
  acquired_at: string;
  renewed_at: string;
  expires_at: string;
}

interface HistoryRow {
  token: string;
  resource: string;
  run_id: string;
  host: string | null;
  pid: number | null;
  shard: string | null;
  requested_at: string;
  acquired_at: string | null;
  ended_at: string | null;
  state: LeaseHistoryState;
  waited_ms: number | null;
  took_over_from: string | null;
}

const LEASE_COLUMNS = 'resource, token, run_id, host, pid, shard, acquired_at, renewed_at, expires_at';

/**
 * Exclusive testbed leases in the archive's database (migration 004), the
 * same statements on SQLite (one machine) and PostgreSQL (many).
 *
 * Taking a lease is one conditional upsert: insert the row, or take over
 * the row of the holder that was seen expired, and nobody else's; RETURNING
 * says whether it happened. Expiry needs one clock for all runners, so every
 * time is the database's: the offset of the local clock to it is measured
 * once when the store opens.
 *
 * Order of calls: open → tryAcquire (until acquired) → renew every ttl/3 →
 * release → close.
 */
export class LeaseStore {
  private constructor(
    private readonly conn: SqlConnection,
    /** Database clock minus local clock, in ms. */
    private readonly clockOffset: number,
  ) {}

  get location(): string {
    return this.conn.location;
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.conn.dialect;
  }

  /** Opens its own connection to the project's archive (TOLLGATE_ARCHIVE or .tollgate/archive.db) and migrates it. */
  static async open(options: OpenArchiveOptions): Promise<LeaseStore> {
    const conn = await openSqlConnection(options);
    try {
      await conn.migrate(loadMigrations());
      return new LeaseStore(conn, await measureClockOffset(conn));
    } catch (error) {
      await conn.close().catch(() => {});
      throw error;
    }
  }

  /** Now, on the database's clock, in ms since the epoch. */
  now(): number {
    return Date.now() + this.clockOffset;
  }

  /**
   * Takes `resource` for `token` for ttlMs, unless another holder's lease
   * is still alive: then that holder is returned. A lease whose holder
   * stopped renewing is taken over, and its history row marked expired.
   */
  async tryAcquire(resource: string, token: string, holder: LeaseHolder, ttlMs: number): Promise<AcquireResult> {
    const current = await this.get(resource);
    const now = this.now();
    if (current && current.token !== token && Date.parse(current.expiresAt) > now) return { acquired: false, holder: current };
    const at = iso(now);
    const rows = await this.conn.query<{ token: string }>(
      `INSERT INTO leases (${LEASE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (resource) DO UPDATE SET token = excluded.token, run_id = excluded.run_id, host = excluded.host, pid = excluded.pid,
         shard = excluded.shard, acquired_at = excluded.acquired_at, renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
       WHERE leases.token = ? AND leases.expires_at <= ?
       RETURNING token`,
      // Only the holder seen above may be replaced: one that came in between wins, and we see it on the next try.
      [resource, token, holder.runId, holder.host, holder.pid, holder.shard, at, at, iso(now + ttlMs), current?.token ?? '', at],
    );
    if (rows[0]?.token !== token) {
      const winner = await this.get(resource);
      if (winner) return { acquired: false, holder: winner };
      return this.tryAcquire(resource, token, holder, ttlMs);
    }
    const lease: Lease = { resource, token, ...holder, acquiredAt: at, renewedAt: at, expiresAt: iso(now + ttlMs) };
    const tookOver = current && current.token !== token ? current : undefined;
    if (tookOver) {
      await this.conn.batch([{
        sql: `UPDATE lease_history SET state = 'expired', ended_at = ? WHERE token = ? AND resource = ? AND state = 'held'`,
        params: [tookOver.expiresAt, tookOver.token, resource],
      }]);
    }
    return tookOver ? { acquired: true, lease, tookOver } : { acquired: true, lease };
  }

  /** Pushes expires_at of the token's leases ttlMs ahead; returns the resources it still holds (a lease taken over is missing). */
  async renew(token: string, resources: string[], ttlMs: number): Promise<string[]> {
    if (!resources.length) return [];
    const now = this.now();
    const rows = await this.conn.query<{ resource: string }>(
      `UPDATE leases SET renewed_at = ?, expires_at = ? WHERE token = ? AND resource IN (${resources.map(() => '?').join(', ')}) RETURNING resource`,
      [iso(now), iso(now + ttlMs), token, ...resources],
    );
    return rows.map((r) => r.resource);
  }

  /** Gives the token's leases back; resources someone else holds by now are left alone. */
  async release(token: string, resources: string[], state: 'released' | 'interrupted' = 'released'): Promise<void> {
    await this.conn.batch(this.releaseStatements(token, resources, state));
  }

  /**
   * The same, committed before it returns, where the database allows it
   * (SQLite): for process exit, when no promise will be awaited. Returns
   * false on PostgreSQL, where the lease then expires after its TTL.
   */
  releaseSync(token: string, resources: string[]): boolean {
    if (!this.conn.batchSync) return false;
    this.conn.batchSync(this.releaseStatements(token, resources, 'interrupted'));
    return true;
  }

  /** Writes one request's history row: when it was asked for, got, how long it waited, whose expired lease it took. */
  async record(entry: LeaseHistoryEntry): Promise<void> {
    await this.conn.batch([{
      sql: `INSERT INTO lease_history (token, resource, run_id, host, pid, shard, requested_at, acquired_at, ended_at, state, waited_ms, took_over_from)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (token, resource) DO UPDATE SET acquired_at = excluded.acquired_at, ended_at = excluded.ended_at,
              state = excluded.state, waited_ms = excluded.waited_ms, took_over_from = excluded.took_over_from`,
      params: [entry.token, entry.resource, entry.runId, entry.host, entry.pid, entry.shard, entry.requestedAt, entry.acquiredAt, entry.endedAt,
        entry.state, entry.waitedMs, entry.tookOverFrom],
    }]);
  }

  /** Marks the token's held history rows lost: a renewal found another holder. */
  async markLost(token: string, resource: string): Promise<void> {
    await this.conn.batch([{
      sql: `UPDATE lease_history SET state = 'lost', ended_at = ? WHERE token = ? AND resource = ? AND state = 'held'`,
      params: [iso(this.now()), token, resource],
    }]);
  }

  async get(resource: string): Promise<Lease | undefined> {
    const [row] = await this.conn.query<LeaseRow>(`SELECT ${LEASE_COLUMNS} FROM leases WHERE resource = ?`, [resource]);
    return row ? toLease(row) : undefined;
  }

  /** Every lease row, by resource; rows whose expires_at has passed belong to dead holders and are free to take. */
  async list(): Promise<Lease[]> {
    return (await this.conn.query<LeaseRow>(`SELECT ${LEASE_COLUMNS} FROM leases ORDER BY resource`)).map(toLease);
  }

  /** Lease history, newest request first. */
  async history(filter: { runId?: string; resource?: string; limit?: number } = {}): Promise<LeaseHistoryEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.runId !== undefined) (where.push('run_id = ?'), params.push(filter.runId));
    if (filter.resource !== undefined) (where.push('resource = ?'), params.push(filter.resource));
    params.push(filter.limit ?? 50);
    const rows = await this.conn.query<HistoryRow>(
      `SELECT * FROM lease_history ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY requested_at DESC, resource LIMIT ?`,
      params,
    );
    return rows.map(toHistory);
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  private releaseStatements(token: string, resources: string[], state: 'released' | 'interrupted'): Statement[] {
    const at = iso(this.now());
    return resources.flatMap((resource) => [
      { sql: `DELETE FROM leases WHERE token = ? AND resource = ?`, params: [token, resource] },
      { sql: `UPDATE lease_history SET state = ?, ended_at = ? WHERE token = ? AND resource = ? AND state = 'held'`, params: [state, at, token, resource] },
    ]);
  }
}

/** One round trip to the database's clock; half the round trip is the uncertainty, a few ms on a LAN. */
async function measureClockOffset(conn: SqlConnection): Promise<number> {
  // SQLite lives on this machine: its clock is ours.
  if (conn.dialect === 'sqlite') return 0;
  const before = Date.now();
  const [row] = await conn.query<{ now: string | number }>(`SELECT extract(epoch from clock_timestamp()) * 1000 AS now`);
  const after = Date.now();
  return Number(row!.now) - (before + after) / 2;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function toLease(row: LeaseRow): Lease {
  return {
    resource: row.resource,
    token: row.token,
    runId: row.run_id,
    host: row.host ?? '',
    pid: Number(row.pid ?? 0),
    shard: row.shard,
    acquiredAt: row.acquired_at,
    renewedAt: row.renewed_at,
    expiresAt: row.expires_at,
  };
}

function toHistory(row: HistoryRow): LeaseHistoryEntry {
  return {
    resource: row.resource,
    token: row.token,
    runId: row.run_id,
    host: row.host ?? '',
    pid: Number(row.pid ?? 0),
    shard: row.shard,
    requestedAt: row.requested_at,
    acquiredAt: row.acquired_at,
    endedAt: row.ended_at,
    state: row.state,
    waitedMs: row.waited_ms === null ? null : Number(row.waited_ms),
    tookOverFrom: row.took_over_from,
  };
}
