/**
 * A distributed load's merged thresholds are judged with every instance's
 * load generator (issue 13, item 8): `tollgate gate --run-id` judged them on
 * the merged histograms alone, so one instance whose generator fell behind
 * made the merged latency cross, and the gate blamed the system (FAIL).
 * Each instance now stores its generator's health in the archive when it
 * finishes; a crossing a starved instance can explain is inconclusive
 * (ERROR naming that instance), and one the system made by itself still
 * fails. Through a real SQLite archive, as instances on one machine share it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import * as hdr from 'hdr-histogram-js';
import type { GeneratorVerdictInput } from 'tollgate/performance';
import { distributedThresholdRule, evaluateDistributedLoads, LoadCoordination, openLoadConnection, type LoadIntervalRow } from 'tollgate/distributed';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const HEALTHY: GeneratorVerdictInput = { problems: [], summary: 'send lag p99 0.4 ms (limit 10 ms) · event loop p99 0 ms · generator CPU 12%' };
const BEHIND: GeneratorVerdictInput = {
  problems: ['the generator fell behind its schedule by 151.2 ms p99 (limit 10 ms)'],
  summary: 'send lag p99 151.2 ms (limit 10 ms) · event loop p99 140 ms · generator CPU 97%',
};

/** A trend interval: `values` in µs. */
function trend(instance: number, metric: string, values: number[]): LoadIntervalRow {
  const histogram = hdr.build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3, autoResize: true });
  for (const value of values) histogram.recordValue(value);
  const start = Date.now();
  return { instance, seq: 0, start, end: start + 1000, metric, tags: {}, kind: 'trend', unit: 'us', samples: values.length, total: 0, histogram: hdr.encodeIntoCompressedBase64(histogram) };
}

interface Instance {
  /** µs from when each request was due to its answer. */
  duration: number;
  /** µs from when each request was sent to its answer. */
  service: number;
  generator: GeneratorVerdictInput;
}

let runs = 0;

/** Two instances of one load under a p(95)<35ms limit, 100 requests each; the gate's rule for their run. */
async function twoInstances(first: Instance, second: Instance) {
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-distributed-health-'));
  dirs.push(rootDir);
  const key = { runId: `nightly-${++runs}`, testId: 'perf › load.spec.ts › load', load: 'read' };
  const instances = await Promise.all([LoadCoordination.open({ rootDir }, key), LoadCoordination.open({ rootDir }, key)]);
  try {
    const meet = { instances: 2, thresholds: { http_req_duration: ['p(95)<35'] }, timeoutMs: 30_000, pollMs: 20, leadMs: 20 };
    await Promise.all(instances.map((coordination, i) => coordination.rendezvous({ ...meet, instance: i + 1 })));
    for (const [i, { duration, service, generator }] of [first, second].entries()) {
      await instances[i]!.writeInterval([trend(i + 1, 'http_req_duration', Array(100).fill(duration)), trend(i + 1, 'http_req_service', Array(100).fill(service))]);
      await instances[i]!.finish(i + 1, generator);
    }
  } finally {
    await Promise.all(instances.map((coordination) => coordination.close()));
  }
  const conn = await openLoadConnection({ rootDir });
  try {
    return distributedThresholdRule(await evaluateDistributedLoads(conn, key.runId))!;
  } finally {
    await conn.close();
  }
}

const QUICK: Instance = { duration: 5_000, service: 5_000, generator: HEALTHY };

test("a merged latency crossing that one instance's lagging generator can explain: ERROR naming that instance, not FAIL", async () => {
  // Instance 2 sent its requests 150 ms late; the system answered each in 5 ms.
  const rule = await twoInstances(QUICK, { duration: 155_000, service: 5_000, generator: BEHIND });
  assert.equal(rule.outcome, 'error', rule.message);
  assert.match(rule.message, /1 of 1 merged threshold\(s\) inconclusive: load "read" .*http_req_duration p\(95\) = 155,007 µs, limit < 35 ms.*inconclusive: instance 2: the generator fell behind its schedule by 151\.2 ms p99/);
  assert.match(rule.message, /\[load generators: instance 1: send lag p99 0\.4 ms .*; instance 2: send lag p99 151\.2 ms/);
});

test('the same crossing with every generator healthy: FAIL, the system is slow', async () => {
  const rule = await twoInstances(QUICK, { duration: 155_000, service: 155_000, generator: HEALTHY });
  assert.equal(rule.outcome, 'fail', rule.message);
  assert.doesNotMatch(rule.message, /inconclusive/);
});

test('a system slow by itself (even its fastest answer, timed from the send, over the limit) still fails beside a lagging generator', async () => {
  const rule = await twoInstances({ duration: 60_000, service: 60_000, generator: HEALTHY }, { duration: 210_000, service: 60_000, generator: BEHIND });
  assert.equal(rule.outcome, 'fail', rule.message);
});
