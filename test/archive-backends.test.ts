import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunEvent } from 'tollgate';
import type { Archive } from '../framework/archive/archive.ts';
import { sha256 } from '../framework/archive/blob-store.ts';
import { openArchive } from '../framework/archive/open-archive.ts';
import { fakeRunEvents, testCase, type FakeRun } from './helpers/archive-events.ts';
import { createTestDatabase, type TestDatabase } from './helpers/postgres.ts';

/**
 * One archive contract, run against SQLite and against a real PostgreSQL.
 * Without PostgreSQL the second half fails with how to provide it.
 */
const backends: { name: string; setUp(): Promise<{ url: string; tearDown(): Promise<void> }> }[] = [
  {
    name: 'SQLite',
    async setUp() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-archive-'));
      return { url: path.join(dir, 'archive.db'), tearDown: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    async setUp() {
      const db: TestDatabase = await createTestDatabase();
      return { url: db.url, tearDown: () => db.drop() };
    },
  },
];

async function ingestAll(archive: Archive, events: RunEvent[], runDir = os.tmpdir(), pid: number | null = null, markIncomplete = true): Promise<void> {
  const ingest = archive.ingest({ runDir, pid });
  for (const event of events) ingest.add(event);
  await ingest.finish({ markIncompleteWithoutEnd: markIncomplete });
}

function run(n: number, tests: FakeRun['tests'], extra: Partial<FakeRun> = {}): RunEvent[] {
  return fakeRunEvents({ runId: `run-${String(n).padStart(2, '0')}`, start: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(), tests, ...extra });
}

for (const backend of backends) {
  describe(`archive on ${backend.name}`, () => {
    let url: string;
    let tearDown: () => Promise<void>;
    let root: string;
    let archive: Archive;
    const open = () => openArchive({ rootDir: root, url, artifactsDir: path.join(root, 'blobs') });

    before(async () => {
      ({ url, tearDown } = await backend.setUp());
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-archive-root-'));
      archive = await open();
    });
    after(async () => {
      await archive?.close();
      await tearDown?.();
      if (root) fs.rmSync(root, { recursive: true, force: true });
    });

    test('opens on the right backend and migrates once, however often it is opened', async () => {
      assert.equal(archive.backend, backend.name === 'SQLite' ? 'sqlite' : 'postgres');
      const again = await open();
      await again.close();
      assert.deepEqual(await archive.runs(), []);
    });

    test('a complete run: its row, counts, verdict, tests with error signatures, artifacts by content hash', async () => {
      const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-rundir-'));
      fs.mkdirSync(path.join(runDir, 'artifacts'));
      const body = Buffer.from('a screenshot, pretend');
      fs.writeFileSync(path.join(runDir, 'artifacts', 'shot.png'), body);
      const events = run(1, { ok: 'passed', bad: 'failed', skip: 'skipped' }, { subject: 'v1' });
      const at = events.findIndex((e) => e.type === 'test.end');
      events.splice(at, 0, { type: 'attachment', time: '2026-01-01T00:01:00.000Z', testId: testCase('ok').id, attempt: 0, attachment: { name: 'shot', contentType: 'image/png', path: 'artifacts/shot.png' } });
      await ingestAll(archive, events, runDir);

      const [stored] = await archive.runs();
      assert.equal(stored?.id, 'run-01');
      assert.equal(stored.status, 'complete');
      assert.equal(stored.gate, 'merge');
      assert.equal(stored.subject, 'v1');
      assert.equal(stored.host, 'ci-1');
      assert.equal(stored.configHash, 'abc');
      assert.equal(stored.verdict?.status, 'FAIL');
      assert.deepEqual(stored.counts, { passed: 1, failed: 1, flaky: 0, skipped: 1, interrupted: 0, missing: 0 });
      const tests = await archive.tests('run-01');
      const bad = tests.find((t) => t.title === 'bad');
      assert.equal(bad?.outcome, 'failed');
      assert.match(bad!.errorMessage!, /expected 200, received 5\d\d/);
      assert.equal(bad!.errorSignature, 'expected <n>, received <n> at <path>');
      assert.deepEqual(bad!.tags, ['fast']);
      assert.ok(await archive.blobs.has(sha256(body)), 'the artifact is in the blob store under its hash');
      assert.deepEqual(await archive.blobs.get(sha256(body)), body);
      fs.rmSync(runDir, { recursive: true, force: true });
    });

    test('a run without run.end is incomplete, and its verdict is ERROR, never PASS', async () => {
      await ingestAll(archive, run(2, { ok: 'passed', slow: undefined }, { subject: 'v2', killed: true }));
      const stored = await archive.run('run-02');
      assert.equal(stored?.status, 'incomplete');
      assert.equal(stored.verdict?.status, 'ERROR');
      assert.equal(stored.counts.passed, 1);
      assert.equal(stored.counts.missing, 1);
      assert.equal((await archive.latestVerdict({ gate: 'merge', subject: 'v2' }))?.status, 'ERROR');
    });

    test('a run whose writer died on this host is marked incomplete by the next process that opens the archive', async () => {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      const events = run(3, { ok: 'passed' }, { subject: 'v3' });
      // The writer got as far as a PASS verdict, then died before run.end.
      events.pop();
      (events[0] as Extract<RunEvent, { type: 'run.begin' }>).host = os.hostname();
      await ingestAll(archive, events, os.tmpdir(), dead, false);
      assert.equal((await archive.run('run-03'))?.status, 'running');
      const next = await open();
      try {
        const stored = await next.run('run-03');
        assert.equal(stored?.status, 'incomplete');
        assert.equal(stored.verdict?.status, 'ERROR');
        assert.match(JSON.stringify(stored.verdict?.rules[0]), /set aside/);
      } finally {
        await next.close();
      }
    });

    test('a live writer keeps its run running', async () => {
      const events = run(4, { ok: 'passed' }).slice(0, 3);
      (events[0] as Extract<RunEvent, { type: 'run.begin' }>).host = os.hostname();
      await ingestAll(archive, events, os.tmpdir(), process.pid, false);
      assert.deepEqual(await archive.sweepIncomplete(), []);
      assert.equal((await archive.run('run-04'))?.status, 'running');
    });

    test('latestVerdict: the newest run of that gate and subject; null for an unknown subject or gate', async () => {
      await ingestAll(archive, run(5, { ok: 'failed' }, { subject: 'v5' }));
      await ingestAll(archive, run(6, { ok: 'passed' }, { subject: 'v5' }));
      await ingestAll(archive, run(7, { ok: 'failed' }, { subject: 'v5', environment: 'staging' }));
      assert.equal((await archive.latestVerdict({ gate: 'merge', subject: 'v5', environment: 'local' }))?.runId, 'run-06');
      assert.equal((await archive.latestVerdict({ gate: 'merge', subject: 'v5', environment: 'local' }))?.status, 'PASS');
      assert.equal((await archive.latestVerdict({ gate: 'merge', subject: 'v5' }))?.runId, 'run-07');
      assert.equal(await archive.latestVerdict({ gate: 'merge', subject: 'nope' }), null);
      assert.equal(await archive.latestVerdict({ gate: 'deploy', subject: 'v5' }), null);
    });

    test('runs: newest first, filtered by gate, environment and subject; run by id, prefix and "latest"', async () => {
      assert.deepEqual((await archive.runs({ subject: 'v5' })).map((r) => r.id), ['run-07', 'run-06', 'run-05']);
      assert.deepEqual((await archive.runs({ environment: 'staging' })).map((r) => r.id), ['run-07']);
      assert.deepEqual((await archive.runs({ limit: 2 })).map((r) => r.id), ['run-07', 'run-06']);
      assert.equal((await archive.run('latest'))?.id, 'run-07');
      assert.equal((await archive.run('run-06'))?.id, 'run-06');
      assert.equal(await archive.run('run-0'), null, 'an ambiguous prefix finds nothing');
      assert.equal(await archive.run('missing'), null);
    });

    test('testHistory and lineHistory: newest first, on one line, up to a time', async () => {
      const id = testCase('ok').id;
      const all = await archive.testHistory(id, 50);
      assert.deepEqual(all.map((e) => e.runId), ['run-07', 'run-06', 'run-05', 'run-04', 'run-03', 'run-02', 'run-01']);
      const local = await archive.testHistory(id, 3, { gate: 'merge', environment: 'local' });
      assert.deepEqual(local.map((e) => `${e.runId}:${e.outcome}`), ['run-06:passed', 'run-05:failed', 'run-04:null']);
      const until = await archive.testHistory(id, 2, { environment: 'local', until: '2026-01-01T00:05:00.000Z' });
      assert.deepEqual(until.map((e) => e.runId), ['run-05', 'run-04']);
      const line = await archive.lineHistory({ gate: 'merge', environment: 'local' }, 2);
      assert.deepEqual(line.get(id)?.map((e) => e.runId), ['run-06', 'run-05']);
      assert.deepEqual(await archive.findTests('› ba'), [testCase('bad').id]);
    });

    test('deleteRun removes a run and all its rows', async () => {
      await archive.deleteRun('run-05');
      assert.equal(await archive.run('run-05'), null);
      assert.equal((await archive.tests('run-05')).length, 0);
      assert.ok(!(await archive.testHistory(testCase('ok').id, 50)).some((e) => e.runId === 'run-05'));
    });
  });
}
