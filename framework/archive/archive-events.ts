import fs from 'node:fs';
import path from 'node:path';
import type { AttachmentEvent, RunBeginEvent, RunEvent } from '../model/events.ts';
import type { AttemptStatus, TestError, TestOutcome } from '../model/results.ts';
import type { SuiteKind, TestCase } from '../model/test-case.ts';
import type { Verdict } from '../model/verdict.ts';
import type { BlobStore } from './blob-store.ts';
import { slotOfSeq } from './shard-rows.ts';
import type { SqlConnection } from './sql-connection.ts';

/** A run's events as the archive can give them back, and the artifact bodies its attachments point to. */
export interface ArchivedRunReplay {
  runId: string;
  events: RunEvent[];
  /** Attachment paths (relative to a run directory) with the sha256 of their body in the blob store. */
  artifacts: { path: string; hash: string }[];
  /** Set for a sharded run: its shard count and the attempt of each shard that counts. */
  shards?: { total: number; current: Map<number, number> };
}

type Row = Record<string, unknown>;

/**
 * Rebuilds a run's event stream from the archive's rows, so that
 * `tollgate report --run-id ID` feeds reporters as `tollgate report RUN_DIR`
 * does from events.ndjson. For a sharded run the latest attempt of each
 * shard counts (as for `tollgate gate`), and the verdict is the gate's.
 * What the archive never kept is left out (the suite list; output past
 * LOG_BYTES_PER_ATTEMPT; for rows from before migration 009, all output and
 * the test cases' timeouts, retries, static annotations and columns);
 * README lists it.
 * Returns null when the archive has no run with that id.
 */
export async function archivedRunEvents(conn: SqlConnection, runId: string): Promise<ArchivedRunReplay | null> {
  const [run] = await conn.query<Row>('SELECT * FROM runs WHERE id = ?', [runId]);
  if (!run) return null;
  const shards = await currentShards(conn, runId);
  // Errors, metrics and artifacts of a replaced shard attempt stay in the tables under their seq slot: leave them out.
  const counts = (seq: unknown) => {
    if (!shards) return true;
    const from = slotOfSeq(Number(seq), shards.total);
    return shards.current.get(from.index) === from.attempt;
  };

  const tests = await conn.query<Row>('SELECT * FROM tests WHERE run_id = ? ORDER BY file, line, test_id', [runId]);
  let keep = (_id: string) => true;
  if (shards) {
    const owners = await conn.query<Row>('SELECT test_id, shard_index, attempt FROM shard_tests WHERE run_id = ?', [runId]);
    const current = new Set<string>();
    for (const o of owners) if (shards.current.get(Number(o.shard_index)) === Number(o.attempt)) current.add(String(o.test_id));
    const owned = new Set(owners.map((o) => String(o.test_id)));
    keep = (id) => current.has(id) || !owned.has(id);
  }
  const testRows = tests.filter((row) => keep(String(row.test_id)));
  const wanted = new Set(testRows.map((row) => String(row.test_id)));

  const begin: RunBeginEvent = {
    type: 'run.begin',
    time: String(run.start_time),
    runId,
    gate: str(run.gate),
    environment: String(run.environment),
    subject: str(run.subject),
    rootDir: str(run.root_dir) ?? '',
    configFile: str(run.config_file),
    configHash: str(run.config_hash) ?? '',
    host: str(run.host) ?? '',
    tollgateVersion: str(run.tollgate_version) ?? '',
    workers: run.workers === null || run.workers === undefined ? 1 : Number(run.workers),
    tests: testRows.map(testCaseOf),
    suites: [],
    shard: str(run.shard),
    ...(str(run.instance) ? { instance: str(run.instance)! } : {}),
  };

  const byAttempt = <T>(rows: Row[], map: (row: Row) => T) => {
    const out = new Map<string, T[]>();
    for (const row of rows) {
      if (row.test_id === null || !wanted.has(String(row.test_id))) continue;
      const key = `${row.test_id}\0${Number(row.attempt)}`;
      const list = out.get(key) ?? [];
      list.push(map(row));
      out.set(key, list);
    }
    return out;
  };
  const attempts = (await conn.query<Row>('SELECT * FROM attempts WHERE run_id = ? ORDER BY test_id, attempt', [runId])).filter((a) => wanted.has(String(a.test_id)));
  const steps = byAttempt(await conn.query<Row>('SELECT * FROM steps WHERE run_id = ?', [runId]), (row) => row);
  const allErrors = (await conn.query<Row>('SELECT * FROM errors WHERE run_id = ? ORDER BY seq', [runId])).filter((row) => counts(row.seq));
  const testErrors = byAttempt(allErrors.filter((row) => row.test_id !== null), (row) => JSON.parse(String(row.error)) as TestError);
  const allMetrics = (await conn.query<Row>('SELECT * FROM metrics WHERE run_id = ? ORDER BY seq', [runId])).filter((row) => counts(row.seq));
  const testMetrics = byAttempt(allMetrics, (row) => row);
  const allArtifacts = (await conn.query<Row>('SELECT * FROM artifacts WHERE run_id = ? ORDER BY seq', [runId])).filter((row) => counts(row.seq));
  const attachments = byAttempt(allArtifacts, (row) => row);
  const allLogs = (await conn.query<Row>('SELECT * FROM logs WHERE run_id = ? ORDER BY seq', [runId])).filter((row) => counts(row.seq));
  const testLogs = byAttempt(allLogs, (row) => logEvent(row));
  const finals = new Map(testRows.map((row) => [String(row.test_id), { outcome: str(row.outcome) as TestOutcome | null, attempts: Number(row.attempts) }]));

  // Blocks keep each attempt's events together and in order; blocks are then ordered by time.
  const blocks: { time: string; events: RunEvent[] }[] = [];
  for (const a of attempts) {
    const testId = String(a.test_id);
    const attempt = Number(a.attempt);
    const key = `${testId}\0${attempt}`;
    const start = str(a.start_time) ?? begin.time;
    const events: RunEvent[] = [{ type: 'test.begin', time: start, testId, attempt, workerIndex: a.worker_index === null ? 0 : Number(a.worker_index) }];
    events.push(...stepEvents(steps.get(key) ?? [], testId, attempt, start));
    for (const m of testMetrics.get(key) ?? []) events.push(metricEvent(m));
    events.push(...(testLogs.get(key) ?? []));
    const end = str(a.end_time);
    for (const row of attachments.get(key) ?? []) events.push(attachmentEvent(row, testId, attempt, end ?? start));
    if (a.status !== 'running') {
      const final = finals.get(testId);
      const isLast = final?.outcome && final.attempts === attempt + 1;
      events.push({
        type: 'test.end',
        time: end ?? start,
        testId,
        attempt,
        status: a.status as AttemptStatus,
        duration: num(a.duration) ?? 0,
        errors: testErrors.get(key) ?? [],
        annotations: a.annotations ? (JSON.parse(String(a.annotations)) as { type: string; description?: string }[]) : [],
        ...(isLast ? { outcome: final.outcome! } : {}),
      });
    }
    blocks.push({ time: start, events });
  }
  for (const m of allMetrics) if (m.test_id === null) blocks.push({ time: String(m.time), events: [metricEvent(m)] });
  for (const row of allLogs) if (row.test_id === null) blocks.push({ time: String(row.time), events: [logEvent(row)] });
  blocks.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));

  const endTime = str(run.end_time);
  const events: RunEvent[] = [begin, ...blocks.flatMap((b) => b.events)];
  // The archive keeps no time for errors outside tests: they are put at the end of the run.
  const errorTime = endTime ?? events.at(-1)!.time;
  for (const row of allErrors.filter((r) => r.test_id === null)) {
    const error = JSON.parse(String(row.error)) as TestError;
    if (row.source === 'suite' && row.suite) events.push({ type: 'suite.end', time: errorTime, suite: String(row.suite), error });
    else events.push({ type: 'error', time: errorTime, source: String(row.source), error, ...(str(row.file) ? { file: str(row.file)! } : {}), ...(str(row.suite) ? { suite: str(row.suite)! } : {}) });
  }
  // A sharded run's verdict is the gate's (on the run row); a load instance's own verdict is only its part's.
  const verdictText = str(run.verdict) ?? (shards ? null : str(run.instance_verdict));
  if (verdictText) {
    const verdict = JSON.parse(verdictText) as Verdict;
    events.push({ type: 'verdict', time: verdict.endTime ?? errorTime, verdict });
  }
  if (run.status === 'complete' || run.status === 'interrupted') {
    events.push({ type: 'run.end', time: endTime ?? errorTime, status: run.status === 'complete' ? 'completed' : 'interrupted', duration: num(run.duration) ?? 0 });
  }
  const artifacts = allArtifacts.filter((row) => row.path && row.hash && wanted.has(String(row.test_id))).map((row) => ({ path: String(row.path), hash: String(row.hash) }));
  return { runId, events, artifacts, ...(shards ? { shards } : {}) };
}

/**
 * Writes the attachments' bodies from the blob store to where their events
 * point, under `runDir`, so reporters find them as in a run directory.
 * A file already there is kept; a body the blob store lacks is counted as missing.
 */
export async function restoreArtifacts(blobs: BlobStore, replay: ArchivedRunReplay, runDir: string): Promise<{ restored: number; missing: string[] }> {
  let restored = 0;
  const missing: string[] = [];
  const root = path.resolve(runDir);
  for (const { path: relative, hash } of replay.artifacts) {
    const file = path.resolve(root, relative);
    // A path that leaves the run directory is not written: rows are data, not instructions.
    if (file !== root && !file.startsWith(root + path.sep)) continue;
    if (fs.existsSync(file)) continue;
    const body = await blobs.get(hash);
    if (!body) {
      missing.push(relative);
      continue;
    }
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(file, body);
    restored++;
  }
  return { restored, missing };
}

/** The latest attempt of each shard of the run, or undefined for a run that is not sharded. */
async function currentShards(conn: SqlConnection, runId: string): Promise<{ total: number; current: Map<number, number> } | undefined> {
  const rows = await conn.query<Row>('SELECT shard_index, MAX(total) AS total, MAX(attempt) AS attempt FROM shards WHERE run_id = ? GROUP BY shard_index', [runId]);
  if (!rows.length) return undefined;
  return { total: Math.max(...rows.map((r) => Number(r.total))), current: new Map(rows.map((r) => [Number(r.shard_index), Number(r.attempt)])) };
}

/** Step events with every parent before its children, siblings by start time. */
function stepEvents(rows: Row[], testId: string, attempt: number, fallbackTime: string): RunEvent[] {
  const ids = new Set(rows.map((r) => String(r.step_id)));
  const children = new Map<string | null, Row[]>();
  for (const row of rows) {
    const parent = str(row.parent_step_id);
    const key = parent && ids.has(parent) ? parent : null;
    children.set(key, [...(children.get(key) ?? []), row]);
  }
  const order = (a: Row, b: Row) => String(a.start_time ?? '').localeCompare(String(b.start_time ?? '')) || String(a.step_id).localeCompare(String(b.step_id), 'en', { numeric: true });
  const out: RunEvent[] = [];
  const visit = (row: Row) => {
    const stepId = String(row.step_id);
    const time = str(row.start_time) ?? fallbackTime;
    const duration = num(row.duration);
    out.push({
      type: 'step.begin', time, testId, attempt, stepId, title: String(row.title), category: str(row.category) ?? 'test.step',
      ...(str(row.parent_step_id) ? { parentStepId: str(row.parent_step_id)! } : {}),
      ...(row.location ? { location: JSON.parse(String(row.location)) } : {}),
    });
    for (const child of (children.get(stepId) ?? []).sort(order)) visit(child);
    // A step that never ended (its test was killed) gets no step.end, as in the run's own events.
    if (duration !== null) {
      out.push({
        type: 'step.end', time: new Date(Date.parse(time) + duration).toISOString(), testId, attempt, stepId, duration,
        ...(row.error ? { error: JSON.parse(String(row.error)) as TestError } : {}),
      });
    }
  };
  for (const root of (children.get(null) ?? []).sort(order)) visit(root);
  return out;
}

function metricEvent(row: Row): RunEvent {
  return {
    type: 'metric', time: String(row.time), name: String(row.name), value: Number(row.value),
    ...(str(row.unit) ? { unit: str(row.unit)! } : {}),
    ...(row.tags ? { tags: JSON.parse(String(row.tags)) as Record<string, string> } : {}),
    ...(row.test_id !== null ? { testId: String(row.test_id), attempt: Number(row.attempt) } : {}),
  };
}

function attachmentEvent(row: Row, testId: string, attempt: number, time: string): AttachmentEvent {
  return {
    type: 'attachment', time, testId, attempt,
    attachment: {
      name: String(row.name),
      contentType: String(row.content_type),
      ...(str(row.path) ? { path: str(row.path)! } : {}),
      ...(row.body !== null && row.body !== undefined ? { body: String(row.body) } : {}),
    },
  };
}

function testCaseOf(row: Row): TestCase {
  // Rows written since migration 009 hold the test case as declared.
  if (row.test_case) return JSON.parse(String(row.test_case)) as TestCase;
  const id = String(row.test_id);
  return {
    id,
    title: str(row.title) ?? id.split(' › ').at(-1)!,
    titlePath: row.title_path ? (JSON.parse(String(row.title_path)) as string[]) : [str(row.title) ?? id],
    suite: str(row.suite) ?? id.split(' › ')[0]!,
    kind: (str(row.kind) ?? 'unit') as SuiteKind,
    runner: str(row.runner) ?? 'native',
    // Older rows keep file and line, not the column, the timeout, the retries or the static annotations.
    location: { file: str(row.file) ?? '', line: row.line === null ? 0 : Number(row.line), column: 0 },
    tags: row.tags ? (JSON.parse(String(row.tags)) as string[]) : [],
    timeout: 0,
    retries: 0,
    annotations: [],
    expectedStatus: (str(row.expected_status) ?? 'passed') as TestCase['expectedStatus'],
  };
}

function logEvent(row: Row): RunEvent {
  return {
    type: 'log',
    time: String(row.time),
    stream: row.stream === 'stderr' ? 'stderr' : 'stdout',
    text: String(row.text),
    ...(row.test_id === null ? {} : { testId: String(row.test_id), attempt: Number(row.attempt) }),
  };
}

function str(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function num(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
