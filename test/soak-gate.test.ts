import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { MetricEvent } from 'tollgate';
import { REPO, runCli } from './helpers/run-inline.ts';

/**
 * Black-box, on the project's own soak suite against the reference POD:
 * a short soak (15 s in 3 s windows) passes the promote gate on a healthy
 * POD, and a shorter one (8 s in 2 s windows) fails it with the leak fault,
 * the verdict naming the memory slope and its limit; each window reaches
 * events.ndjson as metric events.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-soak-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const soak = (name: string, faults: string, duration = '15s', window = '3s') =>
  runCli(REPO, ['run', '--suite', 'soak', '--duration', duration, '--reporter', 'json=' + path.join(tmp, `${name}.json`), '--output', path.join(tmp, name)], {
    env: { TOLLGATE_POD_FAULTS: faults, TOLLGATE_SOAK_WINDOW: window },
  });

test('a healthy POD passes the soak; each window is a metric event', { timeout: 120_000 }, async () => {
  const run = await soak('healthy', '');
  assert.equal(run.exitCode, 0, run.output);
  const rule = run.verdict().rules.find((r) => r.rule === 'soak');
  assert.equal(rule?.outcome, 'pass', JSON.stringify(rule));
  assert.match(rule!.message, /memory\.slope = -?[\d.]+ [KMG]?B\/h/);
  const memory = fs.readFileSync(path.join(tmp, 'healthy', 'events.ndjson'), 'utf8').split('\n').filter(Boolean)
    .map((line) => JSON.parse(line) as MetricEvent).filter((e) => e.type === 'metric' && e.name === 'soak.sut.memory');
  assert.equal(memory.length, 5, 'one memory sample per 3 s window of 15 s');
  assert.ok(memory.every((e) => e.value > 10e6 && e.unit === 'bytes' && e.tags?.soak === 'pod-reads'), JSON.stringify(memory[0]));
});

test('the leak fault fails the soak, the verdict naming the memory slope and its limit', { timeout: 120_000 }, async () => {
  // The leak (about 22 GB/h) is five times the limit: the fewest windows a slope needs (4) show it.
  const run = await soak('leak', 'leak', '8s', '2s');
  assert.equal(run.exitCode, 1, run.output);
  const rule = run.verdict().rules.find((r) => r.rule === 'soak');
  assert.equal(rule?.outcome, 'fail', JSON.stringify(rule));
  assert.match(String(rule!.measured), /^memory\.slope = [\d.]+ GB\/h$/);
  assert.equal(rule!.limit, 'memory.slope < 4GB/h');
  assert.match(rule!.message, /memory\.slope = [\d.]+ GB\/h over \d+ windows \(process_resident_memory_bytes\), limit < 4GB\/h: crossed/);
});
