import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LeaseStore } from '../archive/lease-store.ts';
import type { RunEvent } from '../model/events.ts';
import type { ResolvedSuite } from '../model/config.ts';
import type { TestCase } from '../model/test-case.ts';
import type { Plan } from '../plan/plan.ts';
import { acquireRunLeases, leasesOfRun, parseLeaseTimeout } from './run-leases.ts';

const suite = (name: string, leases?: string[]) => ({ name, kind: 'integration', runner: 'native', files: [], ignore: [], tags: [], timeout: 0, retries: 0, ...(leases ? { leases } : {}) }) as ResolvedSuite;

test('a run needs its environment\'s leases and its selected suites\', each once, in one sorted order', () => {
  const plan = {
    files: [{ file: 'a', suite: suite('a', ['switch:br0/ports-1-4', 'pod:staging']), tests: [] }, { file: 'b', suite: suite('b'), tests: [] }],
    foreignSuites: [{ suite: suite('c', ['pod:staging', 'lab:tgen']), files: [] }],
    excluded: [],
    excludedSuites: [{ suite: suite('d', ['never:taken']), reason: 'not selected' }],
    loadErrors: [],
  } as Plan;
  assert.deepEqual(leasesOfRun(plan, { leases: ['pod:staging', 'dut:7'] }), ['dut:7', 'lab:tgen', 'pod:staging', 'switch:br0/ports-1-4']);
  assert.deepEqual(leasesOfRun({ ...plan, files: [], foreignSuites: [] }, {}), []);
});

test('a run needs the leases its planned tests declare, unless the test is skipped where it is declared', () => {
  const planned = (title: string, leases: string[], expectedStatus: TestCase['expectedStatus'] = 'passed') => ({ id: title, title, leases, expectedStatus }) as TestCase;
  const plan = {
    files: [{ file: 'a', suite: suite('a'), tests: [planned('one', ['switch:br0/ports-1-4']), planned('two', ['switch:br0/ports-1-4', 'dut:7']), planned('off', ['never:taken'], 'skipped')] }],
    foreignSuites: [],
    excluded: [],
    excludedSuites: [],
    loadErrors: [],
  } as unknown as Plan;
  assert.deepEqual(leasesOfRun(plan, {}), ['dut:7', 'switch:br0/ports-1-4']);
});

test('--lease-timeout takes lengths', () => {
  assert.equal(parseLeaseTimeout('10m'), 600_000);
  assert.equal(parseLeaseTimeout('1.5s'), 1500);
  assert.throws(() => parseLeaseTimeout('soon'), /--lease-timeout: expected a length like 30s, 10m or 1h, got "soon"/);
});

test('a lease taken away while the run holds it is an error event of the run, not a silent overlap', async () => {
  const rootDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-run-leases-'));
  const events: RunEvent[] = [];
  const leases = await acquireRunLeases({ rootDir, resources: ['pod:staging'], runId: 'r1', shard: '1/2', ttlMs: 300, signal: new AbortController().signal, print: () => {} });
  assert.ok(leases);
  leases.attach((event) => events.push(event));
  assert.match((events[0] as { text: string }).text, /testbed lease "pod:staging" acquired \(TTL 0\.3 s\)/);
  // Another runner that wrongly believes the lease free takes it.
  const other = await LeaseStore.open({ rootDir });
  try {
    await other.release(leases.token, ['pod:staging']);
    assert.equal((await other.tryAcquire('pod:staging', 'intruder', { runId: 'r2', host: 'h', pid: 2, shard: null }, 60_000)).acquired, true);
    const deadline = Date.now() + 5000;
    while (!events.some((e) => e.type === 'error') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const error = events.find((e) => e.type === 'error');
    assert.equal(error?.type === 'error' && error.source, 'lease');
    assert.match(error?.type === 'error' ? error.error.message : '', /testbed lease "pod:staging" was lost while the run used it/);
    await leases.release();
    assert.equal((await other.get('pod:staging'))?.runId, 'r2', 'releasing does not take the lease from its new holder');
  } finally {
    await other.close();
  }
});
