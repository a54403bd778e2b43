/**
 * Distributed load, black-box (issue 9, item 4): two `tollgate run
 * --instance i/2 --run-id ID` processes against one reference POD and one
 * real PostgreSQL archive. They start together at 500 requests/s each; the
 * merged p99 (in both verdicts and from the archive) equals the p99 of the
 * union of both instances' raw samples; a failing abortOnFail threshold on
 * the merge stops both long before their planned end.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { mergedLoadThresholds } from 'tollgate/distributed';
import { latencyHistogram, recordMicros } from '../drivers/traffic/latency-histogram.ts';
import { startPodProcess, stopPodProcess } from '../environments/local/pod-process.ts';
import { createTestDatabase, type TestDatabase } from './helpers/postgres.ts';
import { REPO, runCli, writeProject, type InlineResult } from './helpers/run-inline.ts';

// The raw samples are recorded by the spec only, for this check: it wraps the recorder every request (or echo) goes through.
const RECORD_SAMPLES = `
import fs from 'node:fs';
import { test } from 'tollgate/drivers/traffic';
import { LoadRecorder } from ${JSON.stringify(path.join(REPO, 'drivers/traffic/load-recorder.ts'))};

const samples = [];
const done = LoadRecorder.prototype.done;
LoadRecorder.prototype.done = function (micros, kind) {
  samples.push(micros);
  return done.call(this, micros, kind);
};
`;

const SPEC = `${RECORD_SAMPLES}
test('reads from two instances', async ({ traffic }) => {
  const instance = process.env.TOLLGATE_INSTANCE.split('/')[0];
  const report = {};
  try {
    const result = await traffic.http({
      name: 'read', instances: 2, interval: 500, request: { path: '/slices' },
      scenario: { executor: 'constant-arrival-rate', rate: Number(process.env.RATE), duration: process.env.DURATION },
      thresholds: JSON.parse(process.env.THRESHOLDS),
    });
    Object.assign(report, { completed: result.completed, dropped: result.dropped, sendRate: result.sendRate, seconds: result.seconds, distributed: result.distributed, stoppedBy: result.stoppedBy });
  } catch (error) {
    report.error = error.message;
    throw error;
  } finally {
    report.endedAt = Date.now();
    fs.writeFileSync(process.env.OUT + '/instance-' + instance + '.json', JSON.stringify({ ...report, samples }));
  }
});
`;

// The same for a WebSocket load (echo messages at an arrival rate) against an echo server of this test.
const WS_SPEC = `${RECORD_SAMPLES}
test('echoes from two instances', async ({ traffic }) => {
  const instance = process.env.TOLLGATE_INSTANCE.split('/')[0];
  const result = await traffic.ws({
    name: 'echo', instances: 2, interval: 500, url: process.env.WS_URL, connections: 4,
    scenario: { executor: 'constant-arrival-rate', rate: 400, duration: '3s' },
    thresholds: { ws_latency: ['p(99)<10000'], ws_failed: ['rate<0.05'] },
  });
  fs.writeFileSync(process.env.OUT + '/ws-instance-' + instance + '.json', JSON.stringify({ completed: result.completed, distributed: result.distributed, samples }));
});
`;

let db: TestDatabase;
let pod: { url: string; child: ChildProcess };
let dir: string;
const logs = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-dist-'));

before(async () => {
  db = await createTestDatabase();
  pod = await startPodProcess({ logFile: path.join(logs, 'pod.log') });
  dir = writeProject({
    'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({ suites: [{ name: 'performance', kind: 'performance', files: '*.spec.ts', timeout: 60_000 }, { name: 'ws', kind: 'performance', files: 'ws/*.spec.ts', timeout: 60_000 }], environments: { pod: './pod.ts' }, defaultEnvironment: 'pod' });`,
    'pod.ts': `import { defineEnvironment } from 'tollgate';
export default defineEnvironment({ name: 'pod', setup: () => ({ endpoints: { api: process.env.POD_URL + '/api/v1' } }) });`,
    'load.spec.ts': SPEC,
    'ws/echo.spec.ts': WS_SPEC,
  });
});
after(async () => {
  if (pod) await stopPodProcess(pod.child);
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(logs, { recursive: true, force: true });
});

interface InstanceReport {
  samples: number[];
  completed?: number;
  dropped?: number;
  sendRate?: number;
  seconds?: number;
  error?: string;
  endedAt: number;
  stoppedBy?: string;
  distributed?: { latency: { p99: number; count: number }; completed: number; missing: number[] };
}

async function twoInstances(runId: string, env: Record<string, string>): Promise<{ results: InlineResult[]; reports: InstanceReport[] }> {
  const out = fs.mkdtempSync(path.join(logs, `${runId}-`));
  const common = { TOLLGATE_ARCHIVE: db.url, POD_URL: pod.url, OUT: out, TOLLGATE_INSTANCE_TIMEOUT: '30s', ...env };
  const results = await Promise.all(
    [1, 2].map((i) => runCli(dir, ['run', '--suite', 'performance', '--instance', `${i}/2`, '--run-id', runId, '--output', `${runId}-${i}`, '--workers', '1'], { env: common })),
  );
  const reports = [1, 2].map((i) => JSON.parse(fs.readFileSync(path.join(out, `instance-${i}.json`), 'utf8')) as InstanceReport);
  return { results, reports };
}

function thresholdAnnotations(result: InlineResult): { expression: string; value: number | null; ok: boolean; message: string }[] {
  const end = result.events().find((e) => e.type === 'test.end') as { annotations?: { type: string; description?: string }[] } | undefined;
  return (end?.annotations ?? []).filter((a) => a.type === 'threshold').map((a) => JSON.parse(a.description!));
}

test('two instances at 500 requests/s each: the merged p99 is the p99 of the union of their raw samples', async () => {
  const { results, reports } = await twoInstances('dist-merge', {
    RATE: '1000',
    DURATION: '3s',
    THRESHOLDS: JSON.stringify({ http_req_duration: ['p(99)<10000', 'p(50)<10000'], http_req_failed: ['rate<0.05'] }),
  });
  for (const r of results) assert.equal(r.exitCode, 0, r.output);
  const union = latencyHistogram();
  for (const report of reports) for (const micros of report.samples) recordMicros(union, micros);
  const unionP99 = union.getValueAtPercentile(99);
  // Each instance sent half the rate: 500 arrivals/s for 3 s (a POD on a busy machine may answer fewer: arrivals
  // beyond maxInFlight are dropped and counted, as k6 does).
  for (const report of reports) {
    assert.ok(report.sendRate! > 425 && report.sendRate! < 575, `one instance's send rate: ${report.sendRate}/s`);
    assert.ok(report.samples.length + report.dropped! >= 1400 && report.samples.length <= 1550, `one instance's requests: ${report.samples.length} answered, ${report.dropped} dropped`);
  }
  assert.equal(union.totalCount, reports[0]!.samples.length + reports[1]!.samples.length);

  // Both instances' tests (and so both verdicts) hold the same merged p99, and it is the union's.
  for (const r of results) {
    const p99 = thresholdAnnotations(r).find((t) => t.expression === 'p(99)<10000')!;
    assert.equal(p99.value, unionP99, `merged p99 in ${r.runDir}`);
  }
  for (const report of reports) {
    assert.equal(report.distributed!.latency.p99, unionP99);
    assert.equal(report.distributed!.latency.count, union.totalCount);
    assert.deepEqual(report.distributed!.missing, []);
  }
  // The gate's own evaluation, from the archive alone, agrees.
  const [load] = await mergedLoadThresholds({ rootDir: dir, url: db.url, runId: 'dist-merge' });
  assert.equal(load!.instances, 2);
  assert.ok(load!.intervals[1]! >= 3 && load!.intervals[2]! >= 3, JSON.stringify(load!.intervals));
  assert.equal(load!.thresholds.find((t) => t.expression === 'p(99)<10000')!.value, unionP99);
  const singleP99 = reports.map((report) => {
    const h = latencyHistogram();
    for (const micros of report.samples) recordMicros(h, micros);
    return h.getValueAtPercentile(99);
  });
  console.log(`instances: ${reports.map((r) => `${r.samples.length} answered, ${r.dropped} dropped, ${Math.round(r.sendRate!)}/s sent over ${r.seconds} s`).join('; ')}`);
  console.log(`merged p99 ${unionP99} µs = union p99 ${unionP99} µs; instance p99s ${singleP99.join(', ')} µs; requests ${reports.map((r) => r.samples.length).join(' + ')}`);

  // Instance 1 records the run under its id, instance 2 under ID.instance-2: no rows overwritten.
  // Each keeps its own verdict apart (instance_verdict): the run's verdict is the gate's to record.
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const runs = (await client.query(`SELECT id, instance, verdict_status, instance_verdict FROM runs WHERE id LIKE 'dist-merge%' ORDER BY id`)).rows;
    assert.deepEqual(
      runs.map((r) => ({ id: r.id, instance: r.instance, verdict: r.verdict_status, own: JSON.parse(r.instance_verdict).status })),
      [{ id: 'dist-merge', instance: '1/2', verdict: null, own: 'PASS' }, { id: 'dist-merge.instance-2', instance: '2/2', verdict: null, own: 'PASS' }],
    );
  } finally {
    await client.end();
  }
});

test('an abortOnFail threshold crossed on the merge stops both instances long before their planned end', async () => {
  const began = Date.now();
  const { results, reports } = await twoInstances('dist-abort', {
    RATE: '1000',
    DURATION: '30s',
    // A limit no run meets, on a metric a starved load generator cannot explain (an error rate is judged
    // whatever the generator's health; a latency limit would be inconclusive on a busy machine, issue 13.8).
    THRESHOLDS: JSON.stringify({ http_req_failed: [{ threshold: 'rate<0', abortOnFail: true }] }),
  });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  let control: { start_at: string; aborted_at: string; aborted_by: number; abort_reason: string };
  try {
    control = (await client.query(`SELECT start_at, aborted_at, aborted_by, abort_reason FROM load_control WHERE run_id = 'dist-abort'`)).rows[0];
  } finally {
    await client.end();
  }
  assert.ok(control, 'the load registered its control row');
  assert.match(control.abort_reason, /http_req_failed rate = .*limit < 0.*: crossed \(merged over 2 instances\)/);
  const startAt = Number(control.start_at);
  const abortAfter = Number(control.aborted_at) - startAt;
  for (const [i, r] of results.entries()) {
    assert.equal(r.exitCode, 1, r.output);
    const report = reports[i]!;
    assert.match(report.error!, /did not meet its limits/);
    assert.match(report.error!, /http_req_failed rate/);
    // Both may cross it in the same interval; the flag's first writer names the reason for both.
    assert.ok(report.error!.includes(i + 1 === control.aborted_by ? control.abort_reason : `stopped by instance ${control.aborted_by}/2: ${control.abort_reason}`), report.error);
    const ran = report.endedAt - startAt;
    // Planned: 30 s. An interval is 0.5 s; each instance reads the flag at its next interval.
    assert.ok(ran < 12_000, `instance ${i + 1} ran ${ran} ms of a planned 30,000`);
    const verdict = r.verdict();
    assert.equal(verdict.status, 'FAIL');
    assert.match(verdict.rules.find((rule) => rule.rule === 'thresholds')!.message, /http_req_failed rate/);
  }
  console.log(`abort set ${abortAfter} ms after the common start by instance ${control.aborted_by}; instances ended ${reports.map((r) => r.endedAt - startAt).join(' and ')} ms after it (planned 30,000); whole test ${Date.now() - began} ms`);
});

test('a WebSocket load split over two instances: each opens half the connections and sends half the messages; the merged p99 is the union\'s', async () => {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  let connections = 0;
  let messages = 0;
  server.on('connection', (socket) => {
    connections++;
    socket.on('message', (data) => {
      messages++;
      socket.send(data.toString());
    });
  });
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const out = fs.mkdtempSync(path.join(logs, 'ws-'));
    const env = { TOLLGATE_ARCHIVE: db.url, POD_URL: pod.url, OUT: out, TOLLGATE_INSTANCE_TIMEOUT: '30s', WS_URL: `ws://127.0.0.1:${(server.address() as { port: number }).port}` };
    const results = await Promise.all([1, 2].map((i) => runCli(dir, ['run', '--suite', 'ws', '--instance', `${i}/2`, '--run-id', 'dist-ws', '--output', `dist-ws-${i}`, '--workers', '1'], { env })));
    for (const r of results) assert.equal(r.exitCode, 0, r.output);
    const reports = [1, 2].map((i) => JSON.parse(fs.readFileSync(path.join(out, `ws-instance-${i}.json`), 'utf8')) as { completed: number; samples: number[]; distributed: { latency: { p99: number; count: number }; completed: number; missing: number[] } });
    assert.equal(connections, 4, 'two connections per instance');
    // 400 messages/s for 3 s over both: each sends about 600.
    for (const report of reports) assert.ok(report.samples.length >= 540 && report.samples.length <= 660, `one instance's echoes: ${report.samples.length}`);
    assert.ok(messages >= 1080 && messages <= 1320, `the server echoed ${messages}`);
    const union = latencyHistogram();
    for (const report of reports) for (const micros of report.samples) recordMicros(union, micros);
    for (const report of reports) {
      assert.equal(report.distributed.latency.p99, union.getValueAtPercentile(99));
      assert.equal(report.distributed.completed, union.totalCount);
      assert.deepEqual(report.distributed.missing, []);
    }
    const [load] = await mergedLoadThresholds({ rootDir: dir, url: db.url, runId: 'dist-ws' });
    assert.equal(load!.thresholds.find((t) => t.expression === 'p(99)<10000')!.value, union.getValueAtPercentile(99));
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
