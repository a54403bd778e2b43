import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GeneratorVerdictInput } from '../model/generator-verdict.ts';
import { loadMigrations } from './migrations.ts';
import { archiveUrl, type OpenArchiveOptions } from './open-archive.ts';
import { redactUrl } from './redact-url.ts';
import type { SqlConnection } from './sql-connection.ts';

/** One distributed load: the run id its instances share, its test and its name. */
export interface LoadKey {
  runId: string;
  testId: string;
  load: string;
}

/** One series of one interval of one instance, as stored in load_intervals. */
export interface LoadIntervalRow {
  instance: number;
  seq: number;
  /** Epoch milliseconds. */
  start: number;
  end: number;
  metric: string;
  tags: Record<string, string>;
  kind: 'trend' | 'rate' | 'counter';
  unit?: string;
  /** trend and rate: samples in the interval. */
  samples: number;
  /** rate: non-zero samples; counter: the sum. */
  total: number;
  /** trend: the interval's HDR histogram, encodeIntoCompressedBase64. */
  histogram?: string;
}

export interface RegisteredInstance {
  instance: number;
  instances: number;
  host: string | null;
  pid: number | null;
  finishedAt: number | null;
}

export interface AbortFlag {
  reason: string;
  /** The instance that set it. */
  by: number;
  at: number;
}

export interface RendezvousOptions {
  instance: number;
  instances: number;
  /** The load's thresholds as configured (JSON-able), kept for the gate. */
  thresholds?: unknown;
  /** How long to wait for every instance to register. */
  timeoutMs: number;
  /** The common start is this far after the last instance registered, so every instance sees it in time. */
  leadMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
}

/** Not every instance arrived in time, or they disagree on how many there are. */
export class RendezvousError extends Error {
  override name = 'RendezvousError';
}

/**
 * The archive's side of a distributed load (issue 9, item 4): registration
 * and a barrier with a common start time, per-interval metrics from every
 * instance, an abort flag every instance polls, and who has finished.
 * PostgreSQL when the instances are on several machines; a shared SQLite
 * file works for processes on one machine.
 *
 * Call order for one instance: rendezvous() → writeInterval()* with
 * intervalsAfter() and abortFlag() each interval → finish() → waitFinished().
 */
export class LoadCoordination {
  constructor(private readonly conn: SqlConnection, readonly key: LoadKey) {}

  /** Opens the project's archive (TOLLGATE_ARCHIVE, else the embedded SQLite file) and applies pending migrations. */
  static async open(options: OpenArchiveOptions, key: LoadKey): Promise<LoadCoordination> {
    return new LoadCoordination(await openLoadConnection(options), key);
  }

  get location(): string {
    return this.conn.location;
  }

  /**
   * Registers this instance, waits until all `instances` have registered,
   * and returns the common start (epoch ms): the first instance to see all
   * of them stores now + leadMs; every other one reads that same value.
   */
  async rendezvous(options: RendezvousOptions): Promise<number> {
    const { runId, testId, load } = this.key;
    const thresholds = options.thresholds === undefined ? null : JSON.stringify(options.thresholds);
    await this.conn.batch([
      {
        sql: `INSERT INTO load_instances (run_id, test_id, load_name, instance, instances, host, pid, thresholds, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (run_id, test_id, load_name, instance) DO UPDATE SET instances = excluded.instances, host = excluded.host, pid = excluded.pid,
          thresholds = excluded.thresholds, registered_at = excluded.registered_at, finished_at = NULL`,
        params: [runId, testId, load, options.instance, options.instances, os.hostname(), process.pid, thresholds, Date.now()],
      },
    ]);
    const began = Date.now();
    for (;;) {
      const control = await this.control();
      if (control && control.instances !== options.instances) {
        throw new RendezvousError(`${this.describe()}: this runner is instance ${options.instance}/${options.instances}, but the load already started with ${control.instances} instance(s). Start every instance with the same --instance i/N.`);
      }
      if (control) return control.startAt;
      const registered = await this.registered();
      const disagree = registered.filter((r) => r.instances !== options.instances);
      if (disagree.length) {
        throw new RendezvousError(
          `${this.describe()}: this runner is instance ${options.instance}/${options.instances}, but ${disagree.map((r) => `instance ${r.instance}/${r.instances} (${where(r)})`).join(', ')} ` +
            `expects another total. Start every instance with the same --instance i/N.`,
        );
      }
      if (registered.length >= options.instances) {
        await this.conn.batch([
          {
            sql: `INSERT INTO load_control (run_id, test_id, load_name, instances, thresholds, start_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, test_id, load_name) DO NOTHING`,
            params: [runId, testId, load, options.instances, thresholds, Date.now() + (options.leadMs ?? 500)],
          },
        ]);
        continue;
      }
      if (Date.now() - began >= options.timeoutMs) {
        const here = registered.map((r) => `${r.instance}/${r.instances} (${where(r)})`).join(', ') || 'none';
        const missing = Array.from({ length: options.instances }, (_, i) => i + 1).filter((i) => !registered.some((r) => r.instance === i));
        throw new RendezvousError(
          `${this.describe()}: only ${registered.length} of ${options.instances} instances arrived within ${Math.round(options.timeoutMs / 1000)} s (registered: ${here}; missing: ${missing.join(', ')}). ` +
            `Start the missing ones with \`tollgate run --instance i/${options.instances} --run-id ${runId}\` against the same archive (${this.conn.location}), ` +
            'or give the load more time with TOLLGATE_INSTANCE_TIMEOUT.',
        );
      }
      if (options.signal?.aborted) throw new RendezvousError(`${this.describe()}: stopped while waiting for the other instances`);
      await sleep(options.pollMs ?? 100);
    }
  }

  async registered(): Promise<RegisteredInstance[]> {
    const rows = await this.conn.query<{ instance: number; instances: number; host: string | null; pid: number | null; finished_at: string | number | null }>(
      `SELECT instance, instances, host, pid, finished_at FROM load_instances WHERE run_id = ? AND test_id = ? AND load_name = ? ORDER BY instance`,
      [this.key.runId, this.key.testId, this.key.load],
    );
    return rows.map((r) => ({ instance: Number(r.instance), instances: Number(r.instances), host: r.host, pid: r.pid === null ? null : Number(r.pid), finishedAt: r.finished_at === null ? null : Number(r.finished_at) }));
  }

  /** Writes one interval of one instance, all its series in one transaction (readers never see half an interval). */
  async writeInterval(rows: LoadIntervalRow[]): Promise<void> {
    const { runId, testId, load } = this.key;
    await this.conn.batch(
      rows.map((r) => ({
        sql: `INSERT INTO load_intervals (run_id, test_id, load_name, instance, seq, interval_start, interval_end, metric, tags, kind, unit, samples, total, histogram)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        params: [runId, testId, load, r.instance, r.seq, Math.round(r.start), Math.round(r.end), r.metric, tagsText(r.tags), r.kind, r.unit ?? null, r.samples, r.total, r.histogram ?? null],
      })),
    );
  }

  /** The intervals not seen yet: `seen` maps an instance to the last seq read from it, and is advanced. */
  async intervalsAfter(seen: Map<number, number>, instances: number): Promise<LoadIntervalRow[]> {
    const found: LoadIntervalRow[] = [];
    for (let instance = 1; instance <= instances; instance++) {
      const after = seen.get(instance) ?? -1;
      const rows = await this.conn.query<IntervalRecord>(
        `SELECT instance, seq, interval_start, interval_end, metric, tags, kind, unit, samples, total, histogram FROM load_intervals
         WHERE run_id = ? AND test_id = ? AND load_name = ? AND instance = ? AND seq > ? ORDER BY seq`,
        [this.key.runId, this.key.testId, this.key.load, instance, after],
      );
      for (const row of rows) found.push(intervalOf(row));
      if (rows.length) seen.set(instance, Number(rows[rows.length - 1]!.seq));
    }
    return found;
  }

  /** Sets the abort flag unless another instance set it first; returns the flag that holds. */
  async abort(instance: number, reason: string): Promise<AbortFlag> {
    await this.conn.batch([
      {
        sql: `UPDATE load_control SET abort_reason = ?, aborted_by = ?, aborted_at = ? WHERE run_id = ? AND test_id = ? AND load_name = ? AND abort_reason IS NULL`,
        params: [reason, instance, Date.now(), this.key.runId, this.key.testId, this.key.load],
      },
    ]);
    return (await this.abortFlag()) ?? { reason, by: instance, at: Date.now() };
  }

  async abortFlag(): Promise<AbortFlag | undefined> {
    const control = await this.control();
    return control?.abort;
  }

  /** This instance finished; `generator`: its load generator's health, judged with the merged thresholds. */
  async finish(instance: number, generator?: GeneratorVerdictInput): Promise<void> {
    await this.conn.batch([
      {
        sql: `UPDATE load_instances SET finished_at = ?, generator = ? WHERE run_id = ? AND test_id = ? AND load_name = ? AND instance = ?`,
        params: [Date.now(), generator ? JSON.stringify({ problems: generator.problems, starved: generator.starved === true, summary: generator.summary }) : null, this.key.runId, this.key.testId, this.key.load, instance],
      },
    ]);
  }

  /** The generator health each finished instance stored. */
  async generators(): Promise<Map<number, GeneratorVerdictInput>> {
    return generatorsOf(this.conn, this.key);
  }

  /** Waits until every instance has finished; returns those that did not within `timeoutMs`. */
  async waitFinished(instances: number, timeoutMs: number, pollMs = 100): Promise<number[]> {
    const began = Date.now();
    for (;;) {
      const finished = new Set((await this.registered()).filter((r) => r.finishedAt !== null).map((r) => r.instance));
      const missing = Array.from({ length: instances }, (_, i) => i + 1).filter((i) => !finished.has(i));
      if (!missing.length || Date.now() - began >= timeoutMs) return missing;
      await sleep(pollMs);
    }
  }

  close(): Promise<void> {
    return this.conn.close();
  }

  private async control(): Promise<{ startAt: number; instances: number; abort?: AbortFlag } | undefined> {
    const [row] = await this.conn.query<{ start_at: string | number; instances: number; abort_reason: string | null; aborted_by: number | null; aborted_at: string | number | null }>(
      `SELECT start_at, instances, abort_reason, aborted_by, aborted_at FROM load_control WHERE run_id = ? AND test_id = ? AND load_name = ?`,
      [this.key.runId, this.key.testId, this.key.load],
    );
    if (!row) return undefined;
    return {
      startAt: Number(row.start_at),
      instances: Number(row.instances),
      ...(row.abort_reason !== null ? { abort: { reason: row.abort_reason, by: Number(row.aborted_by), at: Number(row.aborted_at) } } : {}),
    };
  }

  private describe(): string {
    return `distributed load "${this.key.load}" of ${this.key.testId} (run ${this.key.runId})`;
  }
}

interface IntervalRecord {
  instance: number;
  seq: number;
  interval_start: string | number;
  interval_end: string | number;
  metric: string;
  tags: string;
  kind: LoadIntervalRow['kind'];
  unit: string | null;
  samples: string | number;
  total: number;
  histogram: string | null;
}

function intervalOf(row: IntervalRecord): LoadIntervalRow {
  return {
    instance: Number(row.instance),
    seq: Number(row.seq),
    start: Number(row.interval_start),
    end: Number(row.interval_end),
    metric: row.metric,
    tags: JSON.parse(row.tags) as Record<string, string>,
    kind: row.kind,
    ...(row.unit !== null ? { unit: row.unit } : {}),
    samples: Number(row.samples),
    total: Number(row.total),
    ...(row.histogram !== null ? { histogram: row.histogram } : {}),
  };
}

/** Tags as stored: keys sorted, so the same series is always the same text. */
function tagsText(tags: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.keys(tags).sort().map((k) => [k, tags[k]])));
}

function where(r: RegisteredInstance): string {
  return `${r.host ?? '?'} pid ${r.pid ?? '?'}`;
}

async function generatorsOf(conn: SqlConnection, key: LoadKey): Promise<Map<number, GeneratorVerdictInput>> {
  const rows = await conn.query<{ instance: number; generator: string | null }>(
    `SELECT instance, generator FROM load_instances WHERE run_id = ? AND test_id = ? AND load_name = ? AND generator IS NOT NULL`,
    [key.runId, key.testId, key.load],
  );
  return new Map(rows.map((r) => [Number(r.instance), JSON.parse(r.generator!) as GeneratorVerdictInput]));
}

/** Every stored distributed load of a run, with its thresholds as configured and its instances' generator health: what the gate evaluates. */
export async function distributedLoads(conn: SqlConnection, runId: string): Promise<{ key: LoadKey; instances: number; thresholds: unknown; abort?: AbortFlag; generators: Map<number, GeneratorVerdictInput> }[]> {
  const rows = await conn.query<{ test_id: string; load_name: string; instances: number; thresholds: string | null; abort_reason: string | null; aborted_by: number | null; aborted_at: string | number | null }>(
    `SELECT test_id, load_name, instances, thresholds, abort_reason, aborted_by, aborted_at FROM load_control WHERE run_id = ? ORDER BY test_id, load_name`,
    [runId],
  );
  return Promise.all(
    rows.map(async (r) => {
      const key = { runId, testId: r.test_id, load: r.load_name };
      return {
        key,
        instances: Number(r.instances),
        thresholds: r.thresholds === null ? undefined : JSON.parse(r.thresholds),
        ...(r.abort_reason !== null ? { abort: { reason: r.abort_reason, by: Number(r.aborted_by), at: Number(r.aborted_at) } } : {}),
        generators: await generatorsOf(conn, key),
      };
    }),
  );
}

/**
 * A connection to the project's archive with the schema up to date. The
 * run's archive sink has usually migrated it already; a script that runs
 * a distributed load outside `tollgate run` may be first.
 */
export async function openLoadConnection(options: OpenArchiveOptions): Promise<SqlConnection> {
  const url = archiveUrl(options);
  let conn: SqlConnection;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { PostgresConnection } = await import('./postgres-connection.ts');
    try {
      conn = await PostgresConnection.open(url);
    } catch (error) {
      throw new Error(`distributed load: cannot reach the PostgreSQL archive ${redactUrl(url)} (TOLLGATE_ARCHIVE): ${(error as Error).message}. Every instance needs the same reachable archive.`);
    }
  } else {
    const { SqliteConnection } = await import('./sqlite-connection.ts');
    conn = new SqliteConnection(path.resolve(options.rootDir, url.replace(/^sqlite:/, '')));
  }
  try {
    await conn.migrate(loadMigrations());
  } catch (error) {
    await conn.close().catch(() => {});
    throw error;
  }
  return conn;
}
