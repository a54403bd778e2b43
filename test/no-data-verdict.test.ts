import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { LogEvent, MetricEvent } from 'tollgate';
import { runCli, writeProject, type InlineResult } from './helpers/run-inline.ts';

/**
 * Black-box (issue 13, items 7 and 8): a gate never passes on what measured
 * nothing, and never blames the system for a load generator that could not
 * hold its schedule. Each project runs its own small server in the test.
 */
const SERVER = `
import { createServer } from 'node:http';
export async function server() {
  const s = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.statusCode = Number(process.env.METRICS_STATUS ?? 200);
      res.end('# TYPE process_resident_memory_bytes gauge\\nprocess_resident_memory_bytes 50000000\\n');
      return;
    }
    res.end('ok');
  });
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const url = 'http://127.0.0.1:' + s.address().port;
  return { url, close: () => new Promise((r) => { s.closeAllConnections(); s.close(r); }) };
}
`;

const SOAK = `
import { test } from 'tollgate/drivers/soak';
import { server } from './server.ts';

test('a soak', async ({ soak }) => {
  const s = await server();
  try {
    await soak({
      duration: '4s',
      window: '1s',
      load: { rate: 20, url: s.url + '/api' },
      metricsUrl: s.url + '/metrics',
      ...(process.env.MEMORY_METRIC ? { memoryMetric: process.env.MEMORY_METRIC } : {}),
      ...(process.env.PROBE_THROWS ? { probe: async () => { throw new Error('the slice list was empty (marker-4711)'); } } : {}),
      criteria: { memorySlope: '1GB/h', ...(process.env.PROBE_THROWS ? { errorRate: 0.5 } : {}) },
    });
  } finally { await s.close(); }
});
`;

// The system under load runs in a process of its own: starving the generator must not starve it.
const SERVER_PROCESS = `
import { spawn } from 'node:child_process';
export async function serverProcess() {
  const child = spawn(process.execPath, ['-e', "require('node:http').createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', function () { console.log(this.address().port); })"], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => { child.stdout.once('data', (d) => resolve(Number(String(d).trim()))); child.once('exit', reject); });
  return { url: 'http://127.0.0.1:' + port, close: async () => { child.kill(); } };
}
`;

const LOAD = `
import { test } from 'tollgate/drivers/traffic';
import { serverProcess } from './server-process.ts';

test('a load', async ({ traffic }) => {
  const s = await serverProcess();
  // A generator starved on purpose: its own event loop is blocked 150 ms of every 200 ms while it sends.
  const hog = process.env.STARVE ? setInterval(() => { const until = performance.now() + 150; while (performance.now() < until); }, 200) : undefined;
  try {
    await traffic.http({ url: s.url, name: 'steady', interval: 250, scenario: { executor: 'constant-arrival-rate', rate: 100, duration: '2s' },
      thresholds: process.env.STARVE
        ? { http_req_duration: ['p(50)<20'], http_req_failed: ['rate<0.01'] }
        : { dropped_iterations: ['count==0'], http_req_failed: ['rate<0.01'] } });
  } finally { clearInterval(hog); await s.close(); }
});
`;

const dir = writeProject({
  'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({
  suites: [{ name: 'soak', kind: 'soak', files: 'soak.spec.ts', timeout: 60_000 }, { name: 'perf', kind: 'performance', files: 'load.spec.ts', timeout: 60_000 }],
  environments: { lab: './lab.ts' },
  defaultEnvironment: 'lab',
  gates: { lenient: { kinds: ['soak'], policy: { notJudged: 'warn' } } },
});`,
  'lab.ts': `import { defineEnvironment } from 'tollgate';\nexport default defineEnvironment({ name: 'lab' });`,
  'server.ts': SERVER,
  'server-process.ts': SERVER_PROCESS,
  'soak.spec.ts': SOAK,
  'load.spec.ts': LOAD,
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const rule = (verdict: ReturnType<Awaited<ReturnType<typeof runCli>>['verdict']>, name: string) => verdict.rules.find((r) => r.rule === name);
const soak = (output: string, env: Record<string, string>, gate = 'promote') => runCli(dir, ['run', '--gate', gate, '--output', output], { env });

describe('no data is not a pass (issue 13, item 7)', { timeout: 300_000 }, () => {
  // The soaks measure nothing timing-sensitive and mostly wait out their 4 s: they run at once, each test judges its own.
  let soaks: Record<'misspelt' | 'notFound' | 'notFoundLenient' | 'probe', InlineResult>;
  before(async () => {
    const [misspelt, notFound, notFoundLenient, probe] = await Promise.all([
      soak('misspelt', { MEMORY_METRIC: 'process_resident_memory_byte' }),
      soak('not-found', { METRICS_STATUS: '404' }),
      soak('not-found-lenient', { METRICS_STATUS: '404' }, 'lenient'),
      soak('probe', { PROBE_THROWS: '1' }),
    ]);
    soaks = { misspelt, notFound, notFoundLenient, probe };
  });

  test('a misspelt memory metric: the memory criterion is not judged, and the gate fails naming why', () => {
    const run = soaks.misspelt;
    assert.equal(run.exitCode, 1, run.output);
    const verdict = run.verdict();
    assert.equal(verdict.status, 'FAIL');
    const soakRule = rule(verdict, 'soak')!;
    assert.equal(soakRule.outcome, 'fail');
    assert.match(soakRule.message, /memory\.slope: not judged: only 0 memory sample\(s\).*has no sample named "process_resident_memory_byte"/);
    assert.doesNotMatch(soakRule.message, /memory\.slope = 0/);
  });

  test('a metrics URL that answers 404: not judged, not a pass; a policy may make it warn', () => {
    const run = soaks.notFound;
    assert.equal(run.exitCode, 1, run.output);
    assert.notEqual(run.verdict().status, 'PASS');
    assert.match(rule(run.verdict(), 'soak')!.message, /not judged: .*answered 404/);
    const lenient = soaks.notFoundLenient;
    assert.equal(lenient.exitCode, 0, lenient.output);
    assert.equal(lenient.verdict().status, 'WARN');
    assert.equal(rule(lenient.verdict(), 'soak')!.outcome, 'warn');
  });

  test('a probe that throws keeps its message in the events', () => {
    const run = soaks.probe;
    const events = run.events();
    const logs = events.filter((e): e is LogEvent => e.type === 'log' && e.text.includes('marker-4711'));
    assert.ok(logs.length >= 1, run.output);
    assert.match(logs[0]!.text, /soak "soak" window 1: the probe failed: the slice list was empty \(marker-4711\)/);
    assert.equal(logs[0]!.testId, 'soak › soak.spec.ts › a soak');
    const failures = events.filter((e): e is MetricEvent => e.type === 'metric' && e.name === 'soak.probe_failures' && e.value === 1);
    assert.ok(failures.length >= 1 && failures.every((e) => /marker-4711/.test(e.tags?.error ?? '')), JSON.stringify(failures));
  });

  test('dropped_iterations count==0 holds on a healthy run: a counter never incremented counts 0, as in k6', async () => {
    const run = await runCli(dir, ['run', 'load.spec.ts', '--output', 'dropped']);
    assert.equal(run.exitCode, 0, run.output);
    const thresholds = rule(run.verdict(), 'thresholds')!;
    assert.equal(thresholds.outcome, 'pass', thresholds.message);
    assert.match(thresholds.message, /all 2 threshold\(s\) held/);
  });
});

describe('the harness judges its own measurement (issue 13, item 8)', { timeout: 300_000 }, () => {
  test('a starved generator makes its latency threshold inconclusive: ERROR naming the generator, never FAIL', async () => {
    const run = await runCli(dir, ['run', 'load.spec.ts', '--output', 'starved'], { env: { STARVE: '1' } });
    assert.equal(run.exitCode, 1, run.output);
    const verdict = run.verdict();
    assert.equal(verdict.status, 'ERROR', JSON.stringify(verdict.rules, null, 2));
    const thresholds = rule(verdict, 'thresholds')!;
    assert.equal(thresholds.outcome, 'error');
    assert.match(thresholds.message, /threshold\(s\) inconclusive: http_req_duration p\(50\) = [\d,]+ µs, limit < 20 ms .*inconclusive: the generator fell behind its schedule by [\d.]+ ms p99 \(limit 10 ms\)/);
    assert.match(thresholds.message, /\[load generator: send lag p99 [\d.]+ ms \(limit 10 ms\) · event loop p99 [\d.]+ ms · generator CPU \d+%\]/);
    assert.equal(rule(verdict, 'no-failures')!.outcome, 'pass', 'the system is not blamed: the test did not fail');
    const health = run.events().filter((e): e is MetricEvent => e.type === 'metric' && e.tags?.load === 'steady' && e.name.startsWith('generator_'));
    assert.ok(health.some((e) => e.name === 'generator_send_lag' && e.unit === 'us'), JSON.stringify(health));
    assert.ok(health.some((e) => e.name === 'generator_event_loop_delay') && health.some((e) => e.name === 'generator_cpu' && e.unit === 'ratio'));
  });
});
