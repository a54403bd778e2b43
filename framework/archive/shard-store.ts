import os from 'node:os';
import type { RunState, TestResult, AttemptResult } from '../model/run-state.ts';
import { createRunState } from '../model/run-state.ts';
import type { TestError, TestOutcome } from '../model/results.ts';
import type { SuiteKind, TestCase } from '../model/test-case.ts';
import type { Verdict } from '../model/verdict.ts';
import { loadMigrations } from './migrations.ts';
import { openSqlConnection, type OpenArchiveOptions } from './open-archive.ts';
import { slotOfSeq } from './shard-rows.ts';
import type { SqlConnection } from './sql-connection.ts';
import { databaseNow, isWriterDead, writerOf } from './runner-liveness.ts';

export type ShardStatus = 'running' | 'complete' | 'interrupted' | 'incomplete';

/** One attempt of one shard, as its row in `shards` says. */
export interface ShardAttempt {
  runId: string;
  index: number;
  total: number;
  attempt: number;
  host: string | null;
  pid: number | null;
  status: ShardStatus;
  startTime: string;
  endTime: string | null;
  /** Milliseconds. */
  duration: number | null;
  plannedTests: number;
  /** The shard's share of the partition's weight (milliseconds of history, or a test count). */
  plannedWeight: number | null;
  planHash: string | null;
  runDir: string | null;
  verdictStatus: string | null;
  /** Heartbeat deadline on the database's clock (runner-liveness.ts); null before migration 007. */
  aliveUntil: number | null;
}

/** The run's row as its shards recorded it: what the gate names and signs the verdict with. */
export interface ShardedRunRecord {
  gate: string | null;
  environment: string;
  subject: string | null;
  startTime: string;
  /** The config the shards ran with, its sha256 and their project folder. */
  configFile: string | null;
  configHash: string | null;
  rootDir: string | null;
}

/** The partition of a run, pinned by its first shard. */
export interface PinnedShardPlan {
  total: number;
  basis: 'durations' | 'counts';
  weights: Record<string, number>;
  historyRuns: number;
}

/** Passed durations per test from the archive, the basis of a balanced partition. */
export interface DurationHistory {
  /** Test id → median of its newest passed durations, in milliseconds. */
  durations: Map<string, number>;
  /** How many runs they came from. */
  runs: number;
}

/** How many of a test's newest passed durations its median is taken over. */
const RECENT = 5;
/** The newest passed results read from history at most. */
const HISTORY_ROWS = 50_000;

/**
 * The shard tables of the archive (migration 002): where `tollgate run
 * --shard i/n --run-id ID` pins its partition and registers its attempt,
 * and where `tollgate gate --run-id ID` finds every shard and rebuilds the
 * run's results to judge them once. Works on SQLite and PostgreSQL alike.
 */
export class ShardStore {
  private constructor(private readonly conn: SqlConnection) {}

  static async open(options: OpenArchiveOptions): Promise<ShardStore> {
    const conn = await openSqlConnection(options);
    try {
      await conn.migrate(loadMigrations());
    } catch (error) {
      await conn.close().catch(() => {});
      throw error;
    }
    return new ShardStore(conn);
  }

  get location(): string {
    return this.conn.location;
  }

  /** The connection, for the gate's other readers of the same run (distributed loads, load instances). */
  get sql(): SqlConnection {
    return this.conn;
  }

  /**
   * The median of each test's newest passed durations, from every run but
   * `excludeRunId`: the shards of a run must not read each other's results,
   * or a shard that starts late would plan on history its peers never saw.
   */
  async durationHistory(excludeRunId: string | null): Promise<DurationHistory> {
    const rows = await this.conn.query<{ run_id: string; test_id: string; duration: number | string }>(
      `SELECT t.run_id, t.test_id, t.duration FROM tests t JOIN runs r ON r.id = t.run_id
       WHERE r.id <> ? AND t.outcome = 'passed' AND t.duration IS NOT NULL
       ORDER BY r.start_time DESC, r.id DESC LIMIT ?`,
      [excludeRunId ?? '', HISTORY_ROWS],
    );
    const samples = new Map<string, number[]>();
    const runs = new Set<string>();
    for (const row of rows) {
      const list = samples.get(row.test_id) ?? [];
      if (list.length >= RECENT) continue;
      list.push(Number(row.duration));
      samples.set(row.test_id, list);
      runs.add(row.run_id);
    }
    return { durations: new Map([...samples].map(([id, list]) => [id, median(list)])), runs: runs.size };
  }

  async pinnedPlan(runId: string): Promise<PinnedShardPlan | null> {
    const rows = await this.conn.query<{ total: number; basis: 'durations' | 'counts'; weights: string; history_runs: number }>(
      'SELECT total, basis, weights, history_runs FROM shard_plans WHERE run_id = ?',
      [runId],
    );
    const row = rows[0];
    return row ? { total: Number(row.total), basis: row.basis, weights: JSON.parse(row.weights) as Record<string, number>, historyRuns: Number(row.history_runs) } : null;
  }

  /** Pins `plan` unless another shard pinned one first; returns the one that holds. */
  async pinPlan(runId: string, plan: PinnedShardPlan): Promise<PinnedShardPlan> {
    await this.conn.batch([{
      sql: `INSERT INTO shard_plans (run_id, total, basis, weights, history_runs, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING`,
      params: [runId, plan.total, plan.basis, JSON.stringify(plan.weights), plan.historyRuns, new Date().toISOString()],
    }]);
    return (await this.pinnedPlan(runId))!;
  }

  /** Registers the next attempt of a shard; the run's ingest fills in the rest when it begins. */
  async registerAttempt(shard: { runId: string; index: number; total: number; plannedTests: number; plannedWeight: number; planHash: string; seqBase: (attempt: number) => number }): Promise<number> {
    const [row] = await this.conn.query<{ n: number | string | null }>('SELECT MAX(attempt) AS n FROM shards WHERE run_id = ? AND shard_index = ?', [shard.runId, shard.index]);
    const attempt = Number(row?.n ?? 0) + 1;
    await this.conn.batch([{
      sql: `INSERT INTO shards (run_id, shard_index, total, attempt, host, pid, status, start_time, planned_tests, planned_weight, plan_hash, seq_base)
        VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)`,
      params: [shard.runId, shard.index, shard.total, attempt, os.hostname(), process.pid, new Date().toISOString(), shard.plannedTests, shard.plannedWeight, shard.planHash, shard.seqBase(attempt)],
    }]);
    return attempt;
  }

  /** Every attempt of every shard of a run, by index then attempt. */
  async attempts(runId: string): Promise<ShardAttempt[]> {
    const rows = await this.conn.query<Record<string, unknown>>('SELECT * FROM shards WHERE run_id = ? ORDER BY shard_index, attempt', [runId]);
    return rows.map((row) => ({
      runId: String(row.run_id),
      index: Number(row.shard_index),
      total: Number(row.total),
      attempt: Number(row.attempt),
      // host, pid and the heartbeat's aliveUntil: who writes the attempt (runner-liveness.ts).
      ...writerOf(row),
      status: row.status as ShardStatus,
      startTime: String(row.start_time),
      endTime: (row.end_time as string | null) ?? null,
      duration: row.duration === null ? null : Number(row.duration),
      plannedTests: Number(row.planned_tests),
      plannedWeight: row.planned_weight === null ? null : Number(row.planned_weight),
      planHash: (row.plan_hash as string | null) ?? null,
      runDir: (row.run_dir as string | null) ?? null,
      verdictStatus: (row.verdict_status as string | null) ?? null,
    }));
  }

  /** Shard attempts whose writer is gone without run.end (its pid on this machine, its heartbeat on any): they crashed. */
  async sweepDeadShards(runId: string): Promise<number> {
    const now = await databaseNow(this.conn);
    const dead = (await this.attempts(runId)).filter((a) => a.status === 'running' && isWriterDead(a, now));
    if (dead.length) {
      await this.conn.batch(dead.map((a) => ({
        sql: `UPDATE shards SET status = 'incomplete' WHERE run_id = ? AND shard_index = ? AND attempt = ? AND status = 'running'`,
        params: [runId, a.index, a.attempt],
      })));
    }
    return dead.length;
  }

  /** The run's row: what the gate needs to name the verdict. */
  async run(runId: string): Promise<ShardedRunRecord | null> {
    const rows = await this.conn.query<{ gate: string | null; environment: string; subject: string | null; start_time: string; config_file: string | null; config_hash: string | null; root_dir: string | null }>(
      'SELECT gate, environment, subject, start_time, config_file, config_hash, root_dir FROM runs WHERE id = ?',
      [runId],
    );
    const row = rows[0];
    return row
      ? { gate: row.gate, environment: row.environment, subject: row.subject, startTime: row.start_time, configFile: row.config_file ?? null, configHash: row.config_hash ?? null, rootDir: row.root_dir ?? null }
      : null;
  }

  /**
   * The run's results rebuilt from the archive, as the gate reads them:
   * tests with their outcome and tries, and the errors outside tests of the
   * shard attempts that count (`current`: index → attempt). Tests only an
   * earlier, replaced attempt knew are left out.
   */
  async runState(runId: string, total: number, current: Map<number, number>): Promise<RunState> {
    const state = createRunState();
    const isCurrent = (index: number, attempt: number) => current.get(index) === attempt;
    const owners = await this.conn.query<{ test_id: string; shard_index: number; attempt: number }>('SELECT test_id, shard_index, attempt FROM shard_tests WHERE run_id = ?', [runId]);
    const currentTests = new Set<string>();
    const replacedTests = new Set<string>();
    for (const o of owners) (isCurrent(Number(o.shard_index), Number(o.attempt)) ? currentTests : replacedTests).add(o.test_id);

    const tests = await this.conn.query<Record<string, unknown>>('SELECT * FROM tests WHERE run_id = ? ORDER BY test_id', [runId]);
    for (const row of tests) {
      const id = String(row.test_id);
      if (replacedTests.has(id) && !currentTests.has(id)) continue;
      const result: TestResult = { test: testCaseOf(row), attempts: [] };
      if (row.outcome) result.outcome = row.outcome as TestOutcome;
      state.tests.set(id, result);
    }
    const attempts = await this.conn.query<Record<string, unknown>>('SELECT * FROM attempts WHERE run_id = ? ORDER BY test_id, attempt', [runId]);
    for (const row of attempts) {
      state.tests.get(String(row.test_id))?.attempts.push(attemptOf(row));
    }
    const errors = await this.conn.query<{ seq: number | string; test_id: string | null; attempt: number | null; source: string; file: string | null; suite: string | null; error: string }>(
      'SELECT seq, test_id, attempt, source, file, suite, error FROM errors WHERE run_id = ? ORDER BY seq',
      [runId],
    );
    for (const row of errors) {
      const error = JSON.parse(row.error) as TestError;
      if (row.test_id !== null) {
        const tried = state.tests.get(row.test_id)?.attempts.find((a) => a.attempt === Number(row.attempt));
        tried?.errors.push(error);
        continue;
      }
      const from = slotOfSeq(Number(row.seq), total);
      if (!isCurrent(from.index, from.attempt)) continue;
      if (row.source === 'suite' && row.suite) state.suiteErrors.set(row.suite, error);
      else state.errors.push({ source: row.source, error, file: row.file ?? undefined, suite: row.suite ?? undefined });
    }
    return state;
  }

  /** The one verdict of a sharded run, where `tollgate verdict` and `runs` read it. */
  async recordVerdict(runId: string, verdict: Verdict, run: { status: 'complete' | 'incomplete' | 'interrupted'; endTime: string | null; duration: number | null }): Promise<void> {
    await this.conn.batch([{
      sql: 'UPDATE runs SET verdict = ?, verdict_status = ?, status = ?, end_time = ?, duration = ? WHERE id = ?',
      params: [JSON.stringify(verdict), verdict.status, run.status, run.endTime, run.duration, runId],
    }]);
  }

  /** The gate's signed verdict of the run, kept with the verdict recordVerdict wrote. */
  async recordAttestation(runId: string, envelope: string): Promise<void> {
    await this.conn.batch([{ sql: 'UPDATE runs SET attestation = ? WHERE id = ?', params: [envelope, runId] }]);
  }

  close(): Promise<void> {
    return this.conn.close();
  }
}

function testCaseOf(row: Record<string, unknown>): TestCase {
  const id = String(row.test_id);
  return {
    id,
    title: (row.title as string | null) ?? id,
    titlePath: row.title_path ? (JSON.parse(String(row.title_path)) as string[]) : [id],
    suite: (row.suite as string | null) ?? '',
    kind: ((row.kind as string | null) ?? 'unit') as SuiteKind,
    runner: (row.runner as string | null) ?? 'native',
    location: { file: (row.file as string | null) ?? '', line: row.line === null ? 0 : Number(row.line), column: 0 },
    tags: row.tags ? (JSON.parse(String(row.tags)) as string[]) : [],
    timeout: 0,
    retries: 0,
    annotations: [],
    expectedStatus: ((row.expected_status as string | null) ?? 'passed') as TestCase['expectedStatus'],
  };
}

function attemptOf(row: Record<string, unknown>): AttemptResult {
  return {
    attempt: Number(row.attempt),
    workerIndex: row.worker_index === null ? 0 : Number(row.worker_index),
    startTime: (row.start_time as string | null) ?? '',
    status: row.status as AttemptResult['status'],
    duration: row.duration === null ? 0 : Number(row.duration),
    errors: [],
    steps: [],
    attachments: [],
    stdout: [],
    stderr: [],
    annotations: row.annotations ? (JSON.parse(String(row.annotations)) as AttemptResult['annotations']) : [],
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

