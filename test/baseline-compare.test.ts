import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunEvent, TestOutcome } from 'tollgate';
import { openArchive } from '../framework/archive/open-archive.ts';
import { metricHistory } from '../framework/archive/metric-history.ts';
import { compareWithBaseline } from '../framework/gate/baseline-compare.ts';
import { BASELINE_ANNOTATION, baselineRule } from '../framework/gate/baseline-rule.ts';
import { mannWhitneyU, median, normalCdf } from '../framework/gate/statistics-mann-whitney.ts';
import type { TestResult } from '../framework/model/run-state.ts';
import { fakeRunEvents, testCase } from './helpers/archive-events.ts';

describe('Mann-Whitney U', () => {
  test('matches the textbook values (normal approximation with continuity correction)', () => {
    const low = [1, 2, 3, 4, 5];
    const high = [6, 7, 8, 9, 10];
    const r = mannWhitneyU(low, high);
    assert.equal(r.u, 0);
    // scipy.stats.mannwhitneyu(low, high, alternative='less', method='asymptotic') → 0.00609
    assert.ok(Math.abs(r.pLess - 0.00609) < 0.0002, `pLess ${r.pLess}`);
    assert.ok(r.pGreater > 0.99);
    assert.equal(mannWhitneyU(high, low).u, 25);
    const tied = mannWhitneyU([1, 2, 2, 3], [2, 2, 4, 5]);
    assert.equal(tied.u, 4);
    assert.equal(mannWhitneyU([3, 3, 3], [3, 3]).pGreater, 1, 'all ties: no evidence either way');
    assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
    assert.equal(median([5, 1, 3, 2]), 2.5);
  });
});

describe('compareWithBaseline', () => {
  const history = (medians: number[]) => medians.map((m, i) => ({ runId: `r${i}`, values: [m * 0.95, m, m * 1.05, m * 0.98, m * 1.02] }));

  test('a clear shift beyond the allowed increase is a regression, with the numbers', () => {
    const result = compareWithBaseline({ metric: 'latency.p99', maxIncrease: '10%' }, [2400, 2500, 2600, 2550, 2450], history([1000, 1010, 990, 1005]), 'us');
    assert.equal(result.status, 'regression');
    assert.equal(result.outcome, 'fail');
    assert.equal(result.baselineRuns.length, 4);
    assert.ok(result.change! > 1.4 && result.change! < 1.6, `change ${result.change}`);
    assert.ok(result.pValue! < 0.001);
    assert.match(result.message, /^latency\.p99: median 2,500 µs against 1,00\d µs over 4 earlier passing run\(s\) \(\+149\.\d+%, p = 0\.000\d\): a regression beyond \+10%$/);
  });

  test('a significant but small shift, noise, and an improvement are not regressions', () => {
    const small = compareWithBaseline({ metric: 'latency.p99', maxIncrease: '10%' }, [1050, 1060, 1055, 1045, 1052], history([1000, 1000, 1000]));
    assert.equal(small.status, 'pass');
    assert.match(small.message, /within the allowed change/);
    const noisy = compareWithBaseline({ metric: 'latency.p99', maxIncrease: '10%' }, [500, 3000, 900, 1200], history([1000, 1000, 1000]));
    assert.equal(noisy.status, 'pass');
    const faster = compareWithBaseline({ metric: 'latency.p99', maxIncrease: '10%' }, [400, 410, 420, 405], history([1000, 1000, 1000]));
    assert.equal(faster.status, 'pass');
    const tinyButDoubled = compareWithBaseline({ metric: 'latency.p10', maxIncrease: '100%', minDelta: 8000 }, [2500, 2600, 2700, 2550], history([1000, 1000, 1000]), 'us');
    assert.equal(tinyButDoubled.status, 'pass', 'a 1.5 ms shift is under the 8 ms floor');
    assert.match(tinyButDoubled.limit, /^\+100% and 8,000 µs \(/);
    const slower = compareWithBaseline({ metric: 'latency.p10', maxIncrease: '100%', minDelta: 8000 }, [16_000, 16_500, 17_000, 16_200], history([1000, 1000, 1000]), 'us');
    assert.equal(slower.status, 'regression');
    assert.match(slower.message, /a regression beyond \+100% and 8,000 µs$/);
    const throughput = compareWithBaseline({ metric: 'rate', maxDecrease: '20%' }, [50, 52, 49, 51], history([100, 100, 100]));
    assert.equal(throughput.status, 'regression');
  });

  test('too little history says so, and warns only when asked to', () => {
    const few = compareWithBaseline({ metric: 'latency.p99', maxIncrease: '10%', minRuns: 3 }, [2000, 2000, 2000], history([1000]));
    assert.equal(few.status, 'insufficient-history');
    assert.equal(few.outcome, 'pass');
    assert.match(few.message, /no baseline yet \(1 earlier passing run\(s\) with this metric on this environment, 3 needed\)/);
    assert.equal(compareWithBaseline({ metric: 'm', maxIncrease: 0.1, onMissingHistory: 'warn' }, [1, 2, 3], []).outcome, 'warn');
    assert.throws(() => compareWithBaseline({ metric: 'm' }, [1], []), /give exactly one of maxIncrease/);
    assert.throws(() => compareWithBaseline({ metric: 'm', maxIncrease: 'ten' }, [1], []), /expected a share like '10%'/);
  });

  test('the baseline rule fails on a regression, names it, and reports missing history without failing', () => {
    const at = (id: string, result: unknown): TestResult =>
      ({ test: { id }, attempts: [{ annotations: [{ type: BASELINE_ANNOTATION, description: JSON.stringify(result) }] }] }) as unknown as TestResult;
    const regression = compareWithBaseline({ metric: 'latency.p50', maxIncrease: '25%' }, [5000, 5100, 5200, 4900], history([1000, 1000, 1000]), 'us');
    const missing = compareWithBaseline({ metric: 'latency.p99', maxIncrease: '25%' }, [1, 2, 3], []);
    const rule = baselineRule([at('perf › read', regression), at('perf › write', missing)])!;
    assert.equal(rule.outcome, 'fail');
    assert.match(String(rule.measured), /^latency\.p50 \+4\d\d(\.\d)?% \(p = /);
    assert.equal(rule.limit, '+25% (one-sided Mann-Whitney U, p < 0.05, last 5 passing runs)');
    assert.match(rule.message, /1 regression\(s\) against the archive: latency\.p50: median 5,050 µs against 1,00\d µs/);
    assert.match(rule.message, /1 of 2 comparison\(s\) without enough history/);
    const info = baselineRule([at('perf › write', missing)])!;
    assert.equal(info.outcome, 'pass');
    assert.match(info.message, /no baseline yet/);
  });
});

describe('metric history from the archive', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-baseline-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('returns the series of the newest passing, complete runs of the test on the environment, newest first', async () => {
    const url = path.join(dir, 'archive.db');
    const archive = await openArchive({ rootDir: dir, url, artifactsDir: path.join(dir, 'blobs') });
    const id = testCase('read').id;
    const run = async (n: number, outcome: TestOutcome, environment = 'local', killed = false) => {
      const events = fakeRunEvents({ runId: `run-${n}`, start: `2026-11-27T10:0${n}:00.000Z`, environment, tests: { read: outcome }, killed });
      const end = events.findIndex((e) => e.type === 'test.end');
      const metrics: RunEvent[] = [1, 2, 3].map((k) => ({ type: 'metric', time: `2026-11-27T10:0${n}:0${k}.000Z`, name: 'latency.p99', value: n * 100 + k, unit: 'us', tags: { load: k === 3 ? 'other' : 'read' }, testId: id, attempt: 0 }));
      events.splice(end === -1 ? events.length : end, 0, ...metrics);
      const ingest = archive.ingest({ runDir: dir, pid: null });
      for (const event of events) ingest.add(event);
      await ingest.finish({ markIncompleteWithoutEnd: true });
    };
    await run(1, 'passed');
    await run(2, 'failed');
    await run(3, 'passed', 'staging');
    await run(4, 'passed');
    await run(5, 'passed', 'local', true);
    await run(6, 'passed');
    await archive.close();

    const found = await metricHistory({ rootDir: dir, url, testId: id, metric: 'latency.p99', environment: 'local', tags: { load: 'read' }, excludeRunId: 'run-6' });
    assert.deepEqual(found.map((r) => [r.runId, r.values, r.unit]), [['run-4', [401, 402], 'us'], ['run-1', [101, 102], 'us']]);
    const limited = await metricHistory({ rootDir: dir, url, testId: id, metric: 'latency.p99', environment: 'local', runs: 1 });
    assert.deepEqual(limited.map((r) => [r.runId, r.values]), [['run-6', [601, 602, 603]]]);
    assert.deepEqual(await metricHistory({ rootDir: dir, url: path.join(dir, 'none.db'), testId: id, metric: 'latency.p99', environment: 'local' }), []);
  });
});
