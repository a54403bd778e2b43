import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInline } from './helpers/run-inline.ts';

test('SIGINT during a run: exit 4, verdict INTERRUPTED, every finished test kept in events.ndjson', async () => {
  let sent = false;
  const tests = Array.from({ length: 30 }, (_, i) => `test('t${i}', async () => { await new Promise((r) => setTimeout(r, 150)); });`).join('\n');
  const result = await runInline({ 'a.spec.ts': `import { test } from 'tollgate';\n${tests}` }, ['run', 'a.spec.ts', '--reporter', 'console'], {
    onSpawn: (child, output) => {
      const timer = setInterval(() => {
        // Interrupt once a few tests have finished, so there is something to keep.
        if (!sent && (output().match(/✓/g) ?? []).length >= 3) {
          sent = true;
          child.kill('SIGINT');
          clearInterval(timer);
        }
      }, 20);
      child.on('close', () => clearInterval(timer));
    },
  });
  assert.ok(sent, 'the run was interrupted');
  assert.equal(result.exitCode, 4, result.output);
  const events = result.events();
  const passed = events.filter((e) => e.type === 'test.end' && e.outcome === 'passed').length;
  assert.ok(passed >= 3, `kept ${passed} finished tests`);
  assert.ok(passed < 30, 'the run stopped early');
  assert.equal(result.verdict().status, 'INTERRUPTED');
  assert.equal(events.at(-1)?.type, 'run.end');
});

test('SIGKILL of the tollgate process: its workers do not outlive it', async () => {
  const fs = await import('node:fs');
  let killed = false;
  const tests = Array.from({ length: 50 }, (_, i) => `test('t${i}', async () => { await new Promise((r) => setTimeout(r, 100)); });`).join('\n');
  const result = await runInline({ 'a.spec.ts': `import { test } from 'tollgate';\n${tests}` }, ['run', 'a.spec.ts', '--workers', '2'], {
    onSpawn: (child, output) => {
      const timer = setInterval(() => {
        if (!killed && (output().match(/✓/g) ?? []).length >= 2) {
          killed = true;
          child.kill('SIGKILL');
          clearInterval(timer);
        }
      }, 20);
      child.on('close', () => clearInterval(timer));
    },
  });
  assert.ok(killed);
  const workersIn = (dir: string) =>
    fs.readdirSync('/proc').filter((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`) === dir && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker-main');
      } catch {
        return false;
      }
    });
  const deadline = Date.now() + 10_000;
  while (workersIn(result.dir).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(workersIn(result.dir), [], 'no worker process is left in the project folder');
});
