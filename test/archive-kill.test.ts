import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArchivedRun, ArchivedTest } from '../framework/archive/archive.ts';
import { runCli, runInline } from './helpers/run-inline.ts';

test('a run killed with SIGKILL halfway: the archive holds every test finished before the kill, the run is incomplete, its verdict not PASS', async () => {
  let killed = false;
  const tests = Array.from({ length: 40 }, (_, i) => `test('t${i}', async () => { await new Promise((r) => setTimeout(r, 100)); });`).join('\n');
  const result = await runInline({ 'a.spec.ts': `import { test } from 'tollgate';\n${tests}` }, ['run', 'a.spec.ts', '-j', '1', '--reporter', 'console', '--subject', 'v1'], {
    onSpawn: (child, output) => {
      const timer = setInterval(() => {
        if (!killed && (output().match(/✓/g) ?? []).length >= 5) {
          killed = true;
          child.kill('SIGKILL');
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
