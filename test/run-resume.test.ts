import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { MetricEvent, RunEvent } from 'tollgate';
import { openArchive } from '../framework/archive/open-archive.ts';
import { runCli, writeProject } from './helpers/run-inline.ts';
import { killHarness } from './helpers/kill-harness.ts';

/**
 * Black-box (issue 6): a soak run killed with SIGKILL after a couple of
 * windows, then `tollgate run --resume <run dir>`, ends as one run: the
 * same run id and directory, events.ndjson holding both parts, the test
 * that finished before the kill not run again, the soak continuing from
 * its checkpoint in the run directory, the gap in the soak's result and in
 * verdict.json judged by the promote policy's soak.maxGap, and one run in
 * the archive. The system under test lives in this process, so it outlives
 * the killed harness as a real one would.
 */
const WINDOWS = 6;
let sut: ReturnType<typeof createServer>;
let sutUrl = '';

before(async () => {
  sut = createServer((req, res) => res.end(req.url === '/metrics' ? '# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes 50000000\n' : 'ok'));
  await new Promise<void>((resolve) => sut.listen(0, '127.0.0.1', resolve));
  sutUrl = `http://127.0.0.1:${(sut.address() as AddressInfo).port}`;
});
after(() => sut.close());

const project = (maxGap: string) => ({
  'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({
  suites: [
    { name: 'quick', kind: 'unit', files: 'quick/*.spec.ts' },
    { name: 'soak', kind: 'soak', files: 'soak/*.spec.ts', timeout: 60000 },
  ],
  workers: 2,
  gates: { promote: { kinds: ['unit', 'soak'], policy: { soak: { maxGap: '${maxGap}' } } } },
});
`,
  'environments/local.ts': `import { defineEnvironment } from 'tollgate';
export default defineEnvironment({ name: 'local', endpoints: { api: process.env.SUT_URL, metrics: process.env.SUT_URL + '/metrics' } });
`,
  'quick/quick.spec.ts': `import { test, expect } from 'tollgate';
test('finishes before the kill', () => { expect(1 + 1).toBe(2); });
`,
  'soak/steady.spec.ts': `import { test } from 'tollgate/drivers/soak';
test('a steady soak', async ({ soak }) => {
  await soak({ name: 'steady', window: '1s', load: { rate: 20 }, criteria: { memorySlope: '1MB/h', errorRate: 0.05 } });
});
`,
});

function readEvents(runDir: string): RunEvent[] {
  if (!fs.existsSync(path.join(runDir, 'events.ndjson'))) return [];
  return fs.readFileSync(path.join(runDir, 'events.ndjson'), 'utf8').split('\n').filter(Boolean).flatMap((line) => {
    try {
      return [JSON.parse(line) as RunEvent];
    } catch {
      return [];
    }
  });
}

const windowsOf = (events: RunEvent[]) => events.filter((e): e is MetricEvent => e.type === 'metric' && e.name === 'soak.sut.memory');

/** Starts the promote gate and kills the harness with SIGKILL once the soak has checkpointed two windows. */
async function startAndKill(dir: string): Promise<{ runDir: string; killedAfter: number }> {
  const runDir = path.join(dir, 'run');
  const killed = await runCli(dir, ['run', '--gate', 'promote', '--duration', `${WINDOWS}s`, '--reporter', 'console'], {
    env: { SUT_URL: sutUrl },
    onSpawn(child) {
      const timer = setInterval(() => {
        if (windowsOf(readEvents(runDir)).length >= 2) {
          clearInterval(timer);
          killHarness(child);
        }
      }, 100);
      child.on('exit', () => clearInterval(timer));
    },
  });
  assert.equal(killed.signal, 'SIGKILL', `the first part ended by itself: ${killed.output}`);
  return { runDir, killedAfter: windowsOf(readEvents(runDir)).length };
}

test('a soak killed with SIGKILL and resumed with --resume ends as one run with the gap recorded', { timeout: 60_000 }, async () => {
  const dir = writeProject(project('1m'));
  try {
    const { runDir, killedAfter } = await startAndKill(dir);
    const first = readEvents(runDir);
    const runId = (first[0] as Extract<RunEvent, { type: 'run.begin' }>).runId;
    assert.ok(killedAfter >= 2 && killedAfter < WINDOWS, `killed after ${killedAfter} windows`);
    assert.ok(first.some((e) => e.type === 'test.end' && e.testId.endsWith('finishes before the kill') && e.outcome === 'passed'), 'the quick test finished before the kill');
    assert.ok(fs.readdirSync(path.join(runDir, 'test-output'), { recursive: true }).some((name) => String(name).includes('soak-checkpoint-')), 'the checkpoint is in the run directory');
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const resumed = await runCli(dir, ['run', '--resume', runDir], { env: { SUT_URL: sutUrl } });
    assert.equal(resumed.exitCode, 0, resumed.output);
    assert.match(resumed.output, new RegExp(`run ${runId} resumed after a gap of [\\d.]+`));

    const events = resumed.events();
    assert.deepEqual(events.slice(0, first.length - 1).map((e) => e.type), first.slice(0, -1).map((e) => e.type), 'the first part is kept as it was (appended to, not rewritten)');
    assert.equal(events.filter((e) => e.type === 'run.begin').length, 1, 'one run.begin');
    assert.equal(events.filter((e) => e.type === 'run.end').length, 1, 'one run.end');
    assert.equal(events.filter((e) => e.type === 'test.begin' && e.testId.endsWith('finishes before the kill')).length, 1, 'a finished test is not run again');
    const windowIndexes = new Set(windowsOf(events).map((e) => e.tags!.window));
    assert.equal(windowIndexes.size, WINDOWS, `every window once across both parts: ${[...windowIndexes].join(',')}`);
    const gapMetric = events.find((e): e is MetricEvent => e.type === 'metric' && e.name === 'run.gap');
    assert.ok(gapMetric && gapMetric.value >= 1000, `the run's gap as a metric: ${JSON.stringify(gapMetric)}`);
    assert.ok(events.some((e) => e.type === 'metric' && e.name === 'soak.gap' && e.value >= 1000), "the soak's gap as a metric");

    const soakEnd = events.findLast((e) => e.type === 'test.end' && e.testId.endsWith('a steady soak'));
    assert.ok(soakEnd?.type === 'test.end' && soakEnd.outcome === 'passed', JSON.stringify(soakEnd));
    const soakGap = JSON.parse(soakEnd.annotations.find((a) => a.type === 'soak-gap')!.description!) as { gaps: { afterWindow: number; ms: number }[]; totalMs: number };
    assert.equal(soakGap.gaps.length, 1);
    assert.ok(soakGap.gaps[0]!.afterWindow >= 2 && soakGap.totalMs >= 1000, JSON.stringify(soakGap));

    const verdict = resumed.verdict();
    assert.equal(verdict.runId, runId);
    assert.equal(verdict.status, 'PASS', JSON.stringify(verdict.rules));
    assert.equal(verdict.counts.passed, 2);
    const gap = verdict.rules.find((r) => r.rule === 'gap');
    assert.equal(gap?.outcome, 'pass', JSON.stringify(gap));
    assert.match(String(gap!.measured), /^total gap \d/);
    assert.equal(gap!.limit, '<= 1m');

    const archive = await openArchive({ rootDir: dir });
    try {
      const runs = await archive.runs();
      assert.deepEqual(runs.map((r) => [r.id, r.status]), [[runId, 'complete']], 'one run in the archive');
      assert.equal(runs[0]!.verdict?.status, 'PASS');
    } finally {
      await archive.close();
    }

    const again = await runCli(dir, ['run', '--resume', runDir]);
    assert.equal(again.exitCode, 2, 'a run that ended cannot be resumed');
    assert.match(again.stderr, /already ended with verdict PASS/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--resume: usage errors name the run and the fix (exit 2)', { timeout: 30_000 }, async () => {
  const dir = writeProject(project('1m'));
  try {
    const missing = await runCli(dir, ['run', '--resume', 'no-such-run']);
    assert.equal(missing.exitCode, 2, missing.output);
    assert.match(missing.stderr, /--resume no-such-run: no run directory there .* and no run with that id in .*\.tollgate\/runs; pass a run directory or a run id/);
    const withGate = await runCli(dir, ['run', '--resume', 'x', '--gate', 'merge', '--tag', 'a']);
    assert.equal(withGate.exitCode, 2, withGate.output);
    assert.match(withGate.stderr, /--resume continues a run with the selection it began with \(its run\.json\); leave out --gate, --tag/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
