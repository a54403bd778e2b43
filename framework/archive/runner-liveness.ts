import os from 'node:os';
import { isProcessAlive } from './process-alive.ts';
import type { SqlConnection } from './sql-connection.ts';

/**
 * Whether the process writing a run (or a shard, or a load instance) to
 * the archive is still there. On its own host its pid says so. From any
 * other host only the archive can tell: a running writer renews
 * `alive_until` (migration 007) every HEARTBEAT_EVERY_MS, on the
 * database's clock, and one that stopped renewing is dead once it passed.
 * A run killed on another machine (SIGKILL, a lost node, an evicted pod)
 * is then seen as incomplete within a minute, not never.
 */

/** How often a running writer renews its heartbeat; TOLLGATE_HEARTBEAT_MS changes it (tests). */
export function heartbeatEveryMs(): number {
  const set = Number(process.env.TOLLGATE_HEARTBEAT_MS);
  return Number.isFinite(set) && set > 0 ? set : 10_000;
}

/** How long one heartbeat keeps a writer alive: several missed beats, so a slow database or a busy machine is not a death. */
export function heartbeatLifeMs(): number {
  return 6 * heartbeatEveryMs();
}

/** The database's clock in ms since the epoch, as SQL: every runner judges expiry by the same clock. */
export function databaseNowSql(dialect: SqlConnection['dialect']): string {
  return dialect === 'postgres' ? 'CAST(extract(epoch from clock_timestamp()) * 1000 AS BIGINT)' : "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
}

export async function databaseNow(conn: SqlConnection): Promise<number> {
  const [row] = await conn.query<{ now: number | string }>(`SELECT ${databaseNowSql(conn.dialect)} AS now`);
  return Number(row!.now);
}

export interface WriterRow {
  host: string | null;
  pid: number | null;
  /** ms since the epoch on the database's clock; null for rows written before migration 007. */
  aliveUntil: number | null;
}

/** A `runs` or `shards` row's writer; the drivers give numbers as text (PostgreSQL's BIGINT) or omit the column. */
export function writerOf(row: { host?: unknown; pid?: unknown; alive_until?: unknown }): WriterRow {
  return { host: row.host == null ? null : String(row.host), pid: numberOrNull(row.pid), aliveUntil: numberOrNull(row.alive_until) };
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function isWriterDead(row: WriterRow, databaseNowMs: number): boolean {
  if (row.host === os.hostname() && row.pid !== null && !isProcessAlive(row.pid)) return true;
  return row.aliveUntil !== null && row.aliveUntil < databaseNowMs;
}
