/**
 * Distributed load's archive side (issue 9, item 4) on a real PostgreSQL:
 * the rendezvous, the per-interval histograms and their merge, the abort
 * flag, and the gate's merged threshold evaluation.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import { LoadCoordination, MergedLoadMetrics, RendezvousError, distributedThresholdRule, evaluateDistributedLoads, openLoadConnection, type LoadIntervalRow, type MergedLoadVerdict } from 'tollgate/distributed';
import { evaluateGate } from '../framework/gate/evaluate-gate.ts';
import { applyEvent, createRunState } from '../framework/model/run-state.ts';
import { fakeRunEvents } from './helpers/archive-events.ts';
import { createTestDatabase, type TestDatabase } from './helpers/postgres.ts';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

function histogram(): hdr.Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, bitBucketSize: 32, autoResize: false });
}

/** A skewed sample of latencies in µs: most fast, a tail of slow ones, as a real load gives. */
function samples(n: number, seed: number, slow: number): number[] {
  let x = seed;
  const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, () => Math.round(next() < 0.97 ? 200 + next() * 3000 : slow + next() * slow));
}

function intervalRows(instance: number, values: number[][], startAt: number): LoadIntervalRow[] {
  return values.map((chunk, seq) => {
    const h = histogram();
    for (const v of chunk) h.recordValue(v);
    return { instance, seq, start: startAt + seq * 1000, end: startAt + (seq + 1) * 1000, metric: 'http_req_duration', tags: { name: 'get', expected_response: 'true' }, kind: 'trend', unit: 'us', samples: chunk.length, total: 0, histogram: hdr.encodeIntoCompressedBase64(h) };
  });
}

test('two instances meet, write per-interval histograms, and the merged p99 is the p99 of the union of their samples', async () => {
  const key = { runId: 'r-merge', testId: 'perf › a.spec.ts › load', load: 'read' };
  const [a, b] = await Promise.all([LoadCoordination.open({ rootDir: '/', url: db.url }, key), LoadCoordination.open({ rootDir: '/', url: db.url }, key)]);
  try {
    const thresholds = { http_req_duration: ['p(99)<50', 'p(50)<1'] };
    const [startA, startB] = await Promise.all([
      a.rendezvous({ instance: 1, instances: 2, thresholds, timeoutMs: 10_000 }),
      new Promise((r) => setTimeout(r, 300)).then(() => b.rendezvous({ instance: 2, instances: 2, thresholds, timeoutMs: 10_000 })),
    ]);
    assert.equal(startA, startB, 'both instances get the same start time');
    assert.ok(startA > Date.now() - 1000, 'the start is set when the last instance arrived');

    // Instance 2 is slower: averaging per-instance p99s would not give the union's p99.
    const first = samples(6000, 7, 20_000);
    const second = samples(4000, 11, 90_000);
    await a.writeInterval(intervalRows(1, [first.slice(0, 3000), first.slice(3000)], startA).slice(0, 1));
    await a.writeInterval(intervalRows(1, [first.slice(0, 3000), first.slice(3000)], startA).slice(1));
    await b.writeInterval(intervalRows(2, [second], startB));

    const merged = new MergedLoadMetrics();
    merged.add(await a.intervalsAfter(new Map(), 2));
    const union = histogram();
    for (const v of [...first, ...second]) union.recordValue(v);
    const view = merged.lookup('http_req_duration', {})!;
    assert.equal(view.count, 10_000);
    for (const p of [50, 90, 99, 99.9]) assert.equal(view.percentile!(p), union.getValueAtPercentile(p), `p(${p})`);
    assert.equal(merged.lookup('http_req_duration', { name: 'other' })!.count, 0, 'a tag filter selects series');

    const conn = await openLoadConnection({ rootDir: '/', url: db.url });
    try {
      const [verdict] = await evaluateDistributedLoads(conn, 'r-merge');
      assert.deepEqual(verdict!.intervals, { 1: 2, 2: 1 });
      const p99 = verdict!.thresholds.find((t) => t.expression === 'p(99)<50')!;
      assert.equal(p99.value, union.getValueAtPercentile(99));
      assert.equal(p99.ok, union.getValueAtPercentile(99) < 50_000);
      const rule = distributedThresholdRule([verdict!])!;
      assert.equal(rule.outcome, 'fail', 'p(50)<1 cannot hold on these samples');
      assert.match(rule.message, /merged over 2 instances: http_req_duration p\(50\)/);

      // The gate with these merged results: a run whose tests all passed still fails on the merged thresholds.
      const state = fakeRunEvents({ runId: 'r-merge', start: new Date().toISOString(), tests: { load: 'passed' } }).reduce(applyEvent, createRunState());
      const gate = (distributedLoads: MergedLoadVerdict[]) =>
        evaluateGate({ state, gate: 'deploy', policy: { flaky: 'warn', minTests: 1 }, runId: 'r-merge', subject: null, environment: 'local', interrupted: false, startTime: new Date().toISOString(), distributedLoads });
      const failing = gate([verdict!]);
      assert.equal(failing.status, 'FAIL');
      assert.equal(failing.rules.find((r) => r.rule === 'distributed-thresholds')!.outcome, 'fail');
      assert.equal(gate([]).status, 'PASS', 'no distributed load, no rule');
    } finally {
      await conn.close();
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('an instance that never arrives makes the others fail with a clear timeout', async () => {
  const key = { runId: 'r-lonely', testId: 't', load: 'read' };
  const a = await LoadCoordination.open({ rootDir: '/', url: db.url }, key);
  try {
    const began = Date.now();
    await assert.rejects(a.rendezvous({ instance: 1, instances: 3, timeoutMs: 700, pollMs: 50 }), (error: Error) => {
      assert.ok(error instanceof RendezvousError);
      assert.match(error.message, /only 1 of 3 instances arrived within 1 s/);
      assert.match(error.message, /missing: 2, 3/);
      assert.match(error.message, /--instance i\/3 --run-id r-lonely/);
      assert.doesNotMatch(error.message, /tollgate:tollgate@|password/);
      return true;
    });
    assert.ok(Date.now() - began < 5000);
  } finally {
    await a.close();
  }
});

test('instances that disagree on the total are told so; the first abort flag holds for everyone', async () => {
  const key = { runId: 'r-abort', testId: 't', load: 'read' };
  const [a, b] = await Promise.all([LoadCoordination.open({ rootDir: '/', url: db.url }, key), LoadCoordination.open({ rootDir: '/', url: db.url }, key)]);
  try {
    await a.rendezvous({ instance: 1, instances: 1, timeoutMs: 2000 }).catch(() => {});
    await assert.rejects(b.rendezvous({ instance: 2, instances: 2, timeoutMs: 2000 }), /instance 2\/2, but the load already started with 1 instance/);

    const key2 = { runId: 'r-abort2', testId: 't', load: 'read' };
    const [c, d] = await Promise.all([LoadCoordination.open({ rootDir: '/', url: db.url }, key2), LoadCoordination.open({ rootDir: '/', url: db.url }, key2)]);
    try {
      await Promise.all([c.rendezvous({ instance: 1, instances: 2, timeoutMs: 5000 }), d.rendezvous({ instance: 2, instances: 2, timeoutMs: 5000 })]);
      assert.equal(await d.abortFlag(), undefined);
      const held = await c.abort(1, 'http_req_duration p(99) crossed');
      const second = await d.abort(2, 'something else');
      assert.equal(held.by, 1);
      assert.equal(second.reason, 'http_req_duration p(99) crossed', 'the first abort wins');
      assert.equal((await d.abortFlag())!.by, 1);
    } finally {
      await Promise.all([c.close(), d.close()]);
    }
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
