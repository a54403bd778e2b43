import type { TestOutcome } from '../model/results.ts';
import type { Verdict } from '../model/verdict.ts';
import type { Archive, ArchivedRun, ArchivedRunStatus, ArchivedTest, AwaitingGate, HistoryOptions, Line, RunFilter, RunIngest, TestHistoryEntry } from './archive.ts';
import type { BlobStore } from './blob-store.ts';
import { incompleteVerdict } from './incomplete-verdict.ts';
import { instanceBaseRunId } from './instance-runs.ts';
import { loadMigrations } from './migrations.ts';
import type { SqlConnection } from './sql-connection.ts';
import { SqlRunIngest } from './sql-run-ingest.ts';
import { databaseNow, databaseNowSql, heartbeatLifeMs, isWriterDead, writerOf } from './runner-liveness.ts';

interface RunRow {
  id: string;
  gate: string | null;
  environment: string;
  subject: string | null;
  start_time: string;
  end_time: string | null;
  duration: number | null;
  host: string | null;
  pid: number | null;
  tollgate_version: string | null;
  config_hash: string | null;
  shard: string | null;
  status: ArchivedRunStatus;
  verdict: string | null;
  /** A load instance's own verdict (migration 006); never the run's. */
  instance_verdict?: string | null;
}

interface TestRow {
  run_id: string;
  test_id: string;
  title: string | null;
  suite: string | null;
  kind: string | null;
  file: string | null;
  tags: string | null;
  outcome: TestOutcome | null;
  duration: number | null;
  attempts: number;
  error_message: string | null;
  error_signature: string | null;
}

const HISTORY_COLUMNS = `t.run_id, t.test_id, t.outcome, t.duration, t.attempts, t.error_message, t.error_signature,
  r.start_time, r.gate, r.environment, r.subject, r.status`;

/** The archive over any SqlConnection: the same queries on SQLite and PostgreSQL. */
export class SqlArchive implements Archive {
  readonly backend: 'sqlite' | 'postgres';
  readonly location: string;

  private constructor(private readonly conn: SqlConnection, readonly blobs: BlobStore) {
    this.backend = conn.dialect;
    this.location = conn.location;
  }

  /** Migrates the schema and marks runs left behind by dead processes as incomplete. */
  static async open(conn: SqlConnection, blobs: BlobStore): Promise<SqlArchive> {
    await conn.migrate(loadMigrations());
    const archive = new SqlArchive(conn, blobs);
    await archive.sweepIncomplete();
    return archive;
  }

  ingest(options: { runDir: string; pid?: number | null }): RunIngest {
    return new SqlRunIngest(this.conn, this.blobs, options, (runId) => this.markIncomplete(runId));
  }

  async deleteRun(runId: string): Promise<void> {
    await this.conn.batch(['runs', 'tests', 'attempts', 'steps', 'errors', 'metrics', 'artifacts', 'logs', 'shards', 'shard_tests', 'shard_plans'].map((table) => ({
      sql: `DELETE FROM ${table} WHERE ${table === 'runs' ? 'id' : 'run_id'} = ?`,
      params: [runId],
    })));
  }

  async claimRun(runId: string, claimant: { host: string; pid: number; environment: string }): Promise<boolean> {
    // The primary key decides between two claimants; DO NOTHING keeps the loser's transaction from failing on either backend.
    // The claim has no tollgate_version yet: that is how run.begin knows the row is its own claim (sql-run-ingest.ts).
    await this.conn.batch([{
      sql: `INSERT INTO runs (id, environment, start_time, host, pid, status, alive_until) VALUES (?, ?, ?, ?, ?, 'running', ${databaseNowSql(this.conn.dialect)} + ?)
        ON CONFLICT (id) DO NOTHING`,
      params: [runId, claimant.environment, new Date().toISOString(), claimant.host, claimant.pid, heartbeatLifeMs()],
    }]);
    const [row] = await this.conn.query<{ host: string | null; pid: number | string | null; tollgate_version: string | null }>('SELECT host, pid, tollgate_version FROM runs WHERE id = ?', [runId]);
    return row !== undefined && row.tollgate_version === null && row.host === claimant.host && Number(row.pid) === claimant.pid;
  }

  async runs(filter: RunFilter = {}): Promise<ArchivedRun[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.gate !== undefined) where.push(eq('gate', filter.gate, params));
    if (filter.environment !== undefined) where.push(eq('environment', filter.environment, params));
    if (filter.subject !== undefined) where.push(eq('subject', filter.subject, params));
    if (filter.status !== undefined) where.push(eq('status', filter.status, params));
    if (filter.before !== undefined) (where.push('start_time < ?'), params.push(filter.before));
    params.push(filter.limit ?? 20);
    const rows = await this.conn.query<RunRow>(
      `SELECT * FROM runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY start_time DESC, id DESC LIMIT ?`,
      params,
    );
    return this.withCounts(rows);
  }

  async run(ref: string): Promise<ArchivedRun | null> {
    if (ref === 'latest') return (await this.runs({ limit: 1 }))[0] ?? null;
    const exact = await this.conn.query<RunRow>('SELECT * FROM runs WHERE id = ?', [ref]);
    const rows = exact.length ? exact : await this.conn.query<RunRow>("SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY start_time DESC LIMIT 2", [`${escapeLike(ref)}%`]);
    if (rows.length !== 1) return null;
    return (await this.withCounts(rows))[0]!;
  }

  async tests(runId: string): Promise<ArchivedTest[]> {
    const rows = await this.conn.query<TestRow>('SELECT * FROM tests WHERE run_id = ? ORDER BY test_id', [runId]);
    return rows.map((row) => ({
      runId: row.run_id,
      testId: row.test_id,
      title: row.title ?? row.test_id,
      suite: row.suite,
      kind: row.kind,
      file: row.file,
      tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
      outcome: row.outcome,
      duration: row.duration === null ? null : Number(row.duration),
      attempts: Number(row.attempts),
      errorMessage: row.error_message,
      errorSignature: row.error_signature,
    }));
  }

  async testHistory(testId: string, n = 20, options: HistoryOptions = {}): Promise<TestHistoryEntry[]> {
    const params: unknown[] = [testId];
    const where = ['t.test_id = ?'];
    if (options.gate !== undefined) where.push(eq('r.gate', options.gate, params));
    if (options.environment !== undefined) where.push(eq('r.environment', options.environment, params));
    if (options.until !== undefined) (where.push('r.start_time <= ?'), params.push(options.until));
    params.push(n);
    const rows = await this.conn.query<Record<string, unknown>>(
      `SELECT ${HISTORY_COLUMNS} FROM tests t JOIN runs r ON r.id = t.run_id WHERE ${where.join(' AND ')} ORDER BY r.start_time DESC, r.id DESC LIMIT ?`,
      params,
    );
    return rows.map(historyEntry);
  }

  async lineHistory(line: Line, runs = 20, options: { until?: string } = {}): Promise<Map<string, TestHistoryEntry[]>> {
    const params: unknown[] = [];
    const where = [eq('gate', line.gate, params), eq('environment', line.environment, params)];
    if (options.until !== undefined) (where.push('start_time <= ?'), params.push(options.until));
    params.push(runs);
    const ids = (await this.conn.query<{ id: string }>(`SELECT id FROM runs WHERE ${where.join(' AND ')} ORDER BY start_time DESC, id DESC LIMIT ?`, params)).map((r) => r.id);
    const byTest = new Map<string, TestHistoryEntry[]>();
    if (!ids.length) return byTest;
    const rows = await this.conn.query<Record<string, unknown>>(
      `SELECT ${HISTORY_COLUMNS} FROM tests t JOIN runs r ON r.id = t.run_id WHERE t.run_id IN (${ids.map(() => '?').join(', ')})
       ORDER BY t.test_id, r.start_time DESC, r.id DESC`,
      ids,
    );
    for (const row of rows) {
      const entry = historyEntry(row);
      const list = byTest.get(entry.testId) ?? [];
      list.push(entry);
      byTest.set(entry.testId, list);
    }
    return byTest;
  }

  async findTests(text: string, limit = 50): Promise<string[]> {
    const rows = await this.conn.query<{ test_id: string }>(
      `SELECT DISTINCT test_id FROM tests WHERE test_id LIKE ? ESCAPE '\\' ORDER BY test_id LIMIT ?`,
      [`%${escapeLike(text)}%`, limit],
    );
    return rows.map((r) => r.test_id);
  }

  async latestVerdict(query: { gate: string; subject: string; environment?: string }): Promise<Verdict | null> {
    await this.sweepIncomplete();
    const params: unknown[] = [query.gate, query.subject];
    const environment = query.environment !== undefined ? (params.push(query.environment), ' AND environment = ?') : '';
    const rows = await this.conn.query<{ verdict: string }>(
      `SELECT verdict FROM runs WHERE gate = ? AND subject = ?${environment} AND verdict IS NOT NULL ORDER BY start_time DESC, id DESC LIMIT 1`,
      params,
    );
    return rows[0] ? (JSON.parse(rows[0].verdict) as Verdict) : null;
  }

  async attestation(runId: string): Promise<string | null> {
    const [row] = await this.conn.query<{ attestation: string | null }>('SELECT attestation FROM runs WHERE id = ?', [runId]);
    return row?.attestation ?? null;
  }

  async awaitingGate(query: { gate: string; subject: string; environment?: string }): Promise<AwaitingGate | null> {
    const params: unknown[] = [query.gate, query.subject];
    const environment = query.environment !== undefined ? (params.push(query.environment), ' AND environment = ?') : '';
    const [judged] = await this.conn.query<{ start_time: string }>(
      `SELECT start_time FROM runs WHERE gate = ? AND subject = ?${environment} AND verdict IS NOT NULL ORDER BY start_time DESC, id DESC LIMIT 1`,
      [...params],
    );
    // Instances still running are not a verdict yet, as a run still running is not; those that ended wait for the gate.
    const rows = await this.conn.query<{ id: string; start_time: string; instance: string }>(
      `SELECT id, start_time, instance FROM runs WHERE gate = ? AND subject = ?${environment} AND instance IS NOT NULL AND verdict IS NULL AND status <> 'running'
       ${judged ? 'AND start_time > ? ' : ''}ORDER BY start_time DESC, id DESC`,
      judged ? [...params, judged.start_time] : params,
    );
    for (const row of rows) {
      const runId = instanceBaseRunId(row.id);
      // With shards, the gate records its verdict on the run id's row (shard-store.ts), not on instances i > 1.
      const [base] = await this.conn.query<{ verdict: string | null }>('SELECT verdict FROM runs WHERE id = ?', [runId]);
      if (base?.verdict) continue;
      const instances = rows.filter((r) => instanceBaseRunId(r.id) === runId).map((r) => r.instance).sort();
      return { runId, startTime: row.start_time, instances };
    }
    return null;
  }

  async sweepIncomplete(): Promise<string[]> {
    const running = await this.conn.query<{ id: string; host: string | null; pid: number | string | null; alive_until: number | string | null }>(`SELECT id, host, pid, alive_until FROM runs WHERE status = 'running'`);
    // This machine's runs by their pid, any machine's by their heartbeat (runner-liveness.ts).
    const now = await databaseNow(this.conn);
    const dead = running.filter((run) => isWriterDead(writerOf(run), now));
    for (const run of dead) await this.markIncomplete(run.id);
    return dead.map((run) => run.id);
  }

  async close(): Promise<void> {
    await this.conn.close();
  }

  private async markIncomplete(runId: string): Promise<void> {
    const rows = await this.conn.query<RunRow>('SELECT * FROM runs WHERE id = ?', [runId]);
    if (!rows[0]) return;
    const [run] = await this.withCounts(rows);
    const own = rows[0].verdict ?? rows[0].instance_verdict ?? null;
    const verdict = incompleteVerdict({ ...run!, verdict: own ? (JSON.parse(own) as Verdict) : null });
    await this.conn.batch([{
      sql: `UPDATE runs SET status = 'incomplete', verdict = ?, verdict_status = ? WHERE id = ? AND status = 'running'`,
      params: [JSON.stringify(verdict), verdict.status, runId],
    }]);
  }

  private async withCounts(rows: RunRow[]): Promise<ArchivedRun[]> {
    if (!rows.length) return [];
    const counts = await this.conn.query<{ run_id: string; outcome: TestOutcome | null; n: number | string }>(
      `SELECT run_id, outcome, COUNT(*) AS n FROM tests WHERE run_id IN (${rows.map(() => '?').join(', ')}) GROUP BY run_id, outcome`,
      rows.map((r) => r.id),
    );
    return rows.map((row) => {
      const tally = { passed: 0, flaky: 0, failed: 0, skipped: 0, interrupted: 0, missing: 0 };
      for (const c of counts) if (c.run_id === row.id) tally[c.outcome ?? 'missing'] += Number(c.n);
      return {
        id: row.id,
        gate: row.gate,
        environment: row.environment,
        subject: row.subject,
        startTime: row.start_time,
        endTime: row.end_time,
        duration: row.duration === null ? null : Number(row.duration),
        host: row.host,
        tollgateVersion: row.tollgate_version,
        configHash: row.config_hash,
        shard: row.shard,
        status: row.status,
        verdict: row.verdict ? (JSON.parse(row.verdict) as Verdict) : null,
        counts: tally,
      };
    });
  }
}

function historyEntry(row: Record<string, unknown>): TestHistoryEntry {
  return {
    runId: row.run_id as string,
    startTime: row.start_time as string,
    gate: row.gate as string | null,
    environment: row.environment as string,
    subject: row.subject as string | null,
    runStatus: row.status as ArchivedRunStatus,
    testId: row.test_id as string,
    outcome: row.outcome as TestOutcome | null,
    duration: row.duration === null ? null : Number(row.duration),
    attempts: Number(row.attempts),
    errorMessage: row.error_message as string | null,
    errorSignature: row.error_signature as string | null,
  };
}

/** `column = ?`, or `column IS NULL` for runs without a gate. */
function eq(column: string, value: string | null, params: unknown[]): string {
  if (value === null) return `${column} IS NULL`;
  params.push(value);
  return `${column} = ?`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

