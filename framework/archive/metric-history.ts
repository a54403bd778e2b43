import fs from 'node:fs';
import path from 'node:path';
import { archiveUrl, type OpenArchiveOptions } from './open-archive.ts';
import { PostgresConnection } from './postgres-connection.ts';
import type { SqlConnection } from './sql-connection.ts';
import { SqliteConnection } from './sqlite-connection.ts';

/**
 * A metric series of one test across its earlier passing runs on one
 * environment: what a performance baseline is made of (issue 5, item 4).
 * Only complete runs count, and only those where the test passed, so a
 * run that regressed never becomes the next run's baseline.
 */
export interface MetricHistoryQuery {
  testId: string;
  /** The metric event's name: 'latency.p99'. */
  metric: string;
  environment: string;
  /** Only samples whose tags include all of these. */
  tags?: Record<string, string>;
  /** The newest this many passing runs. Default 5. */
  runs?: number;
  /** Leave this run out (the one being judged). */
  excludeRunId?: string;
}

export interface MetricHistoryRun {
  runId: string;
  startTime: string;
  /** The samples, in the order they were emitted. */
  values: number[];
  unit: string | null;
}

/** Newest run first. Runs where the test passed but emitted no such metric are left out. */
export async function queryMetricHistory(conn: SqlConnection, query: MetricHistoryQuery): Promise<MetricHistoryRun[]> {
  const wanted = query.runs ?? 5;
  // Ask for a few more runs than wanted: some passing runs may lack the metric (a renamed load, a skipped step).
  const runRows = await conn.query<{ id: string; start_time: string }>(
    `SELECT r.id, r.start_time FROM tests t JOIN runs r ON r.id = t.run_id
     WHERE t.test_id = ? AND t.outcome = 'passed' AND r.environment = ? AND r.status = 'complete' AND r.id <> ?
     ORDER BY r.start_time DESC, r.id DESC LIMIT ?`,
    [query.testId, query.environment, query.excludeRunId ?? '', wanted * 3],
  );
  const runs: MetricHistoryRun[] = [];
  for (const row of runRows) {
    if (runs.length >= wanted) break;
    const samples = await conn.query<{ value: number; unit: string | null; tags: string | null }>(
      `SELECT value, unit, tags FROM metrics WHERE run_id = ? AND name = ? AND test_id = ? ORDER BY seq`,
      [row.id, query.metric, query.testId],
    );
    const matching = samples.filter((s) => tagsInclude(s.tags, query.tags));
    if (!matching.length) continue;
    runs.push({ runId: row.id, startTime: row.start_time, values: matching.map((s) => Number(s.value)), unit: matching[0]!.unit });
  }
  return runs;
}

/**
 * Opens the project's archive read-only in spirit (no migration, no sweep:
 * a test worker asks while its own run is being written) and answers the
 * query. No archive yet means no history.
 */
export async function metricHistory(options: OpenArchiveOptions & MetricHistoryQuery): Promise<MetricHistoryRun[]> {
  const url = archiveUrl(options);
  let conn: SqlConnection;
  if (/^postgres(ql)?:\/\//.test(url)) conn = await PostgresConnection.open(url);
  else {
    const file = path.resolve(options.rootDir, url.replace(/^sqlite:/, ''));
    if (!fs.existsSync(file)) return [];
    conn = new SqliteConnection(file);
  }
  try {
    return await queryMetricHistory(conn, options);
  } catch (error) {
    // An archive from before the metrics table, or an empty file: no history, said by the caller.
    if (/no such table|does not exist/i.test((error as Error).message)) return [];
    throw error;
  } finally {
    await conn.close();
  }
}

function tagsInclude(stored: string | null, wanted: Record<string, string> | undefined): boolean {
  if (!wanted || !Object.keys(wanted).length) return true;
  let tags: Record<string, string> = {};
  try {
    tags = stored ? (JSON.parse(stored) as Record<string, string>) : {};
  } catch {
    return false;
  }
  return Object.entries(wanted).every(([key, value]) => tags[key] === value);
}
