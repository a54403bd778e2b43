import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { RunAnalysis } from '../framework/archive/analyse-run.ts';
import type { RunComparison } from '../framework/archive/compare-runs.ts';
import type { TestStats } from '../framework/archive/history.ts';
import { runCli, writeProject } from './helpers/run-inline.ts';

// The run number comes from a counter file, so the "random" failures are the same every time.
const SPEC = `import fs from 'node:fs';
import { test, expect } from 'tollgate';
const run = Number(fs.readFileSync(new URL('./run-no.txt', import.meta.url), 'utf8'));
test('stable', () => {});
test('random', () => { expect([2, 5, 6].includes(run) ? 'fail' : 'pass').toBe('pass'); });
test('late', () => { expect(run >= 6 ? 'fail' : 'pass').toBe('pass'); });
test('always broken', () => { expect(run).toBe(-1); });
`;

const CONFIG = `import { defineConfig } from 'tollgate';
export default defineConfig({
  suites: [{ name: 'unit', kind: 'unit', files: '*.spec.ts' }],
  gates: { merge: { kinds: ['unit'] } },
});
`;

test('five merge-gate runs with a randomly failing test: flaky lists it with its flip rate; on the sixth run a test that starts failing is new', async () => {
  const dir = writeProject({ 'tollgate.config.ts': CONFIG, 'a.spec.ts': SPEC });
  const id = (title: string) => `unit › a.spec.ts › ${title}`;
  for (let run = 1; run <= 5; run++) {
    fs.writeFileSync(path.join(dir, 'run-no.txt'), String(run));
    const result = await runCli(dir, ['run', '--gate', 'merge', '--subject', `v${run}`, '--output', `runs/${run}`]);
    assert.equal(result.exitCode, 1, result.output);
  }

  // The queries only read the archive: each group runs at once.
  const [flaky, human] = await Promise.all([runCli(dir, ['flaky', '--json']), runCli(dir, ['flaky'])]);
  assert.equal(flaky.exitCode, 0, flaky.output);
  const report = JSON.parse(flaky.stdout) as { line: { gate: string }; tests: TestStats[] };
  assert.equal(report.line.gate, 'merge');
  assert.deepEqual(report.tests.map((t) => t.testId), [id('random')], 'only the random test is flaky');
  // pass fail pass pass fail: 3 flips over 4 transitions.
  assert.equal(report.tests[0]!.flips, 3);
  assert.equal(report.tests[0]!.flipRate, 0.75);
  assert.match(human.stdout, /75%\s+3\/4\s+0\s+0\.60\s+✓✘✓✓✘\s+unit › a\.spec\.ts › random/);

  fs.writeFileSync(path.join(dir, 'run-no.txt'), '6');
  await runCli(dir, ['run', '--gate', 'merge', '--subject', 'v6', '--output', 'runs/6']);
  const [latest, text, listed, history, ambiguous] = await Promise.all([
    runCli(dir, ['runs', 'latest', '--json']),
    runCli(dir, ['runs', 'latest']),
    runCli(dir, ['runs', '--gate', 'merge', '--json']),
    runCli(dir, ['history', 'late']),
    runCli(dir, ['history', 'a.spec.ts']),
  ]);
  assert.equal(latest.exitCode, 0, latest.output);
  const analysis = JSON.parse(latest.stdout) as RunAnalysis;
  const classes = Object.fromEntries(analysis.failures.map((f) => [f.testId, f.classification]));
  assert.deepEqual(classes, { [id('always broken')]: 'known', [id('late')]: 'new', [id('random')]: 'flaky' });
  assert.match(text.stdout, /\[new\] unit › a\.spec\.ts › late/);
  assert.match(text.stdout, /\[known\] unit › a\.spec\.ts › always broken/);

  const runs = JSON.parse(listed.stdout) as { id: string; subject: string }[];
  assert.deepEqual(runs.map((r) => r.subject), ['v6', 'v5', 'v4', 'v3', 'v2', 'v1']);
  const compare = JSON.parse((await runCli(dir, ['compare', runs[1]!.id, runs[0]!.id, '--json'])).stdout) as RunComparison;
  assert.deepEqual(compare.newlyFailing.map((c) => c.testId), [id('late')]);
  assert.deepEqual(compare.stillFailing.map((c) => c.testId), [id('always broken'), id('random')]);

  assert.equal(history.exitCode, 0, history.output);
  assert.match(history.stdout, /oldest to newest: ✓✓✓✓✓✘/);
  assert.equal(ambiguous.exitCode, 2);
  assert.match(ambiguous.stderr, /matches 4 tests/);
});
