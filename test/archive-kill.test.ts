import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { ArchivedRun, ArchivedTest } from '../framework/archive/archive.ts';
import { runCli, runInline, writeProject } from './helpers/run-inline.ts';
import { killHarness } from './helpers/kill-harness.ts';

test('a run killed with SIGKILL halfway: the archive holds every test finished before the kill, the run is incomplete, its verdict not PASS', async () => {
  let killed = false;
  const tests = Array.from({ length: 40 }, (_, i) => `test('t${i}', async () => { await new Promise((r) => setTimeout(r, 100)); });`).join('\n');
  const result = await runInline({ 'a.spec.ts': `import { test } from 'tollgate';\n${tests}` }, ['run', 'a.spec.ts', '-j', '1', '--reporter', 'console', '--subject', 'v1'], {
    onSpawn: (child, output) => {
      const timer = setInterval(() => {
        if (!killed && (output().match(/✓/g) ?? []).length >= 5) {
          killed = true;
          killHarness(child);
          clearInterval(timer);
        }
      }, 10);
      child.on('close', () => clearInterval(timer));
    },
  });
  assert.ok(killed, 'the run was killed');
  assert.equal(result.signal, 'SIGKILL');
  // events.ndjson is written synchronously per event: it is the record of what finished before the kill.
  const finished = new Map(result.events().flatMap((e) => (e.type === 'test.end' && e.outcome ? [[e.testId, e.outcome] as const] : [])));
  assert.ok(finished.size >= 5 && finished.size < 40, `${finished.size} tests finished before the kill`);

  // The next tollgate process to open the archive finds the writer dead.
  const runs = await runCli(result.dir, ['runs', '--json']);
  assert.equal(runs.exitCode, 0, runs.output);
  const [run] = JSON.parse(runs.stdout) as ArchivedRun[];
  assert.equal(run?.status, 'incomplete');
  assert.equal(run.subject, 'v1');
  assert.notEqual(run.verdict?.status, 'PASS');
  assert.equal(run.verdict?.status, 'ERROR');

  const detail = await runCli(result.dir, ['runs', run.id, '--json']);
  const archived = new Map((JSON.parse(detail.stdout) as { tests: ArchivedTest[] }).tests.map((t) => [t.testId, t.outcome]));
  assert.equal(archived.size, 40, 'every planned test has a row');
  for (const [testId, outcome] of finished) assert.equal(archived.get(testId), outcome, `${testId} finished before the kill and is archived`);

  const verdict = await runCli(result.dir, ['runs', 'latest']);
  assert.match(verdict.stdout, /status incomplete · verdict ERROR/);
  assert.match(verdict.stdout, /run-finished: the run stopped without finishing/);
});

test('a run killed on another machine is incomplete once its heartbeat has passed, though its pid cannot be looked up here', async () => {
  const dir = writeProject({ 'a.spec.ts': `import { test } from 'tollgate';\ntest('stalls', async () => { await new Promise((r) => setTimeout(r, 60_000)); });` });
  const events = path.join(dir, 'run', 'events.ndjson');
  let killed = false;
  const result = await runCli(dir, ['run', 'a.spec.ts', '--subject', 'v2'], {
    env: { TOLLGATE_HEARTBEAT_MS: '100' },
    onSpawn: (child) => {
      const timer = setInterval(() => {
        if (!killed && fs.existsSync(events) && fs.readFileSync(events, 'utf8').includes('"test.begin"')) {
          killed = true;
          killHarness(child);
          clearInterval(timer);
        }
      }, 10);
      child.on('close', () => clearInterval(timer));
    },
  });
  assert.ok(killed, result.output);
  // As if another machine had run it: only the heartbeat can tell it is gone.
  const db = new Database(path.join(dir, '.tollgate', 'archive.db'));
  try {
    const row = db.prepare(`SELECT status, alive_until FROM runs`).get() as { status: string; alive_until: number | null };
    assert.equal(row.status, 'running');
    assert.ok(row.alive_until, 'the run wrote a heartbeat');
    db.prepare(`UPDATE runs SET host = 'another-machine'`).run();
  } finally {
    db.close();
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const runs = await runCli(dir, ['runs', '--json']);
  const [run] = JSON.parse(runs.stdout) as ArchivedRun[];
  assert.equal(run?.status, 'incomplete');
  assert.equal(run.verdict?.status, 'ERROR');
});
