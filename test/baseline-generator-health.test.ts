/**
 * A baseline comparison measured while the load generator fell behind its
 * schedule is inconclusive (issue 13, item 8): the load compared is not the
 * one the baseline runs carried, so the gate says ERROR naming the
 * generator, never FAIL (blaming the system) nor PASS.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, writeProject } from './helpers/run-inline.ts';

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
      baseline: { metric: 'latency.p50', maxIncrease: '10%', minRuns: 1 } });
  } finally { clearInterval(hog); await s.close(); }
});
`;

test('a baseline compared while the generator fell behind is inconclusive: ERROR naming the generator, not FAIL or PASS', { timeout: 180_000 }, async () => {
  const dir = writeProject({ 'server-process.ts': SERVER_PROCESS, 'load.spec.ts': LOAD });
  const first = await runCli(dir, ['run', 'load.spec.ts', '--output', 'first']);
  assert.equal(first.exitCode, 0, first.output);
  const starved = await runCli(dir, ['run', 'load.spec.ts', '--output', 'starved'], { env: { STARVE: '1' } });
  const verdict = starved.verdict();
  assert.equal(verdict.status, 'ERROR', JSON.stringify(verdict.rules, null, 2));
  assert.equal(starved.exitCode, 1, starved.output);
  const baseline = verdict.rules.find((r) => r.rule === 'baseline')!;
  assert.equal(baseline.outcome, 'error');
  assert.match(baseline.message, /1 of 1 comparison\(s\) inconclusive: latency\.p50\{load:steady\}: .*inconclusive: the generator fell behind its schedule by [\d.]+ ms p99/);
  assert.equal(verdict.rules.find((r) => r.rule === 'no-failures')!.outcome, 'pass', 'the system is not blamed: the test did not fail');
});
