/**
 * An environment's hooks and a custom reporter cannot hang or end the
 * tollgate process (issue 13, item 1). They ran in it: a synchronous loop
 * there starved the event loop, so SIGTERM never ended the run and no
 * verdict was written; a process.exit there needed the run guard. Now each
 * runs in a process of its own, which is killed when it must stop.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, runInline, writeProject, type InlineOptions, type InlineResult } from './helpers/run-inline.ts';

/** Long enough for a healthy run, short enough that a run stuck for ever fails the test instead of hanging it. */
const GIVE_UP_MS = 60_000;

const QUICK_TEST = { 'a.spec.ts': `import { test } from 'tollgate';\ntest('quick', () => {});` };
const SLOW_TEST = { 'a.spec.ts': `import { test } from 'tollgate';\ntest('slow', async () => { await new Promise((r) => setTimeout(r, 15_000)); });` };

function environment(hooks: string, extra = ''): Record<string, string> {
  return { 'environments/local.ts': `import { defineEnvironment } from 'tollgate';\nexport default defineEnvironment({ name: 'local', ${extra} ${hooks} });` };
}

/** Sends SIGTERM once `ready` matches the output (SIGKILL after GIVE_UP_MS); how long the process took to end after the SIGTERM. */
function sigtermWhen(ready: RegExp | undefined): { options: InlineOptions; afterSignal(): number } {
  let sentAt = 0;
  let endedAt = 0;
  return {
    options: {
      onSpawn: (child, output) => {
        const giveUp = setTimeout(() => child.kill('SIGKILL'), GIVE_UP_MS);
        const timer = setInterval(() => {
          if (ready && !sentAt && ready.test(output())) {
            sentAt = Date.now();
            child.kill('SIGTERM');
          }
        }, 50);
        child.on('close', () => {
          endedAt = Date.now();
          clearInterval(timer);
          clearTimeout(giveUp);
        });
      },
    },
    afterSignal: () => (sentAt ? endedAt - sentAt : Number.NaN),
  };
}

const ARGS = ['run', 'a.spec.ts', '--workers', '1', '--reporter', 'console', '--reporter', 'junit=junit.xml'];

/** Ended by SIGTERM within 10 s, as INTERRUPTED (exit 4), with verdict.json and the JUnit file written. */
function assertInterrupted(result: InlineResult, afterSignal: number): void {
  assert.equal(result.signal, null, `the process was killed (${result.signal}): it never ended by itself\n${result.output}`);
  assert.equal(result.exitCode, 4, result.output);
  assert.ok(afterSignal < 10_000, `the run took ${afterSignal} ms to end after SIGTERM`);
  assert.equal(result.verdict().status, 'INTERRUPTED', result.output);
  assert.ok(existsSync(join(result.dir, 'junit.xml')), `no JUnit file:\n${result.output}`);
}

test("SIGTERM while an environment's setup spins in a synchronous loop: exit 4 within 10 s, verdict INTERRUPTED", async () => {
  const signal = sigtermWhen(/setup spins/);
  const result = await runInline({ ...environment(`setup() { console.log('setup spins'); for (;;) {} },`), ...QUICK_TEST }, ARGS, signal.options);
  assertInterrupted(result, signal.afterSignal());
  assert.match(result.verdict().rules.map((r) => r.message).join('\n'), /could not be set up: its process was killed: the run was interrupted/);
});

test("SIGTERM while an environment's teardown spins in a synchronous loop: exit 4 within 10 s, verdict INTERRUPTED, the test's result kept", async () => {
  const signal = sigtermWhen(/teardown spins/);
  const result = await runInline({ ...environment(`teardown() { console.log('teardown spins'); for (;;) {} },`), ...QUICK_TEST }, ARGS, signal.options);
  assertInterrupted(result, signal.afterSignal());
  assert.ok(result.events().some((e) => e.type === 'test.end' && e.outcome === 'passed'), 'the test that ran before the teardown is kept');
});

test('SIGTERM while a custom reporter spins in a synchronous loop: exit 4 within 10 s, verdict INTERRUPTED', async () => {
  const signal = sigtermWhen(/reporter spins/);
  const result = await runInline(
    {
      'spin-reporter.ts': `export default () => ({ onEvent(event) { if (event.type === 'test.begin') { console.log('reporter spins'); for (;;) {} } } });`,
      ...SLOW_TEST,
    },
    [...ARGS, '--reporter', './spin-reporter.ts'],
    signal.options,
  );
  assertInterrupted(result, signal.afterSignal());
  assert.match(result.stderr, /reporter "\.\/spin-reporter\.ts" failed and was stopped: its process was killed: the run was interrupted/);
});

test('a custom reporter that spins in its onEnd is killed after its timeout: the run ends FAIL naming it, without a signal', async () => {
  const result = await runInline(
    { 'spin-reporter.ts': `export default () => ({ onEnd() { for (;;) {} } });`, ...QUICK_TEST },
    [...ARGS, '--reporter', './spin-reporter.ts'],
    { ...sigtermWhen(undefined).options, env: { TOLLGATE_REPORTER_END_TIMEOUT: '1000' } },
  );
  assert.equal(result.signal, null, `the process was killed: it never ended by itself\n${result.output}`);
  assert.equal(result.exitCode, 1, result.output);
  assert.equal(result.verdict().status, 'FAIL');
  assert.match(result.verdict().rules.map((r) => r.message).join('\n'), /spin-reporter\.ts.*did not finish its onEnd within 1 s/);
});

test('an environment hook that calls process.exit(0) never ends the run with exit 0: the verdict is written, the call named', async () => {
  // In setup, or from its timer, the environment broke (ERROR, exit 3); in teardown, after the tests, the teardown failed (FAIL, exit 1).
  const cases: [string, string, number][] = [
    [`setup() { process.exit(0); },`, 'ERROR', 3],
    [`setup() { setTimeout(() => process.exit(0), 50); return new Promise((r) => setTimeout(r, 300)); },`, 'ERROR', 3],
    [`teardown() { process.exit(0); },`, 'FAIL', 1],
  ];
  for (const [hooks, status, exitCode] of cases) {
    const result = await runInline({ ...environment(hooks), ...QUICK_TEST }, ARGS, sigtermWhen(undefined).options);
    assert.equal(result.exitCode, exitCode, `${hooks}\n${result.output}`);
    assert.equal(result.verdict().status, status, hooks);
    assert.match(result.verdict().rules.map((r) => r.message).join('\n'), /process\.exit\(0\) was called by an environment hook/, hooks);
    assert.ok(existsSync(join(result.dir, 'junit.xml')), hooks);
  }
});

test("an environment's setup in a synchronous loop past the environment's timeout is killed: ERROR, exit 3, no test run", async () => {
  const result = await runInline({ ...environment(`setup() { for (;;) {} },`, `timeout: 1000,`), ...QUICK_TEST }, ARGS, sigtermWhen(undefined).options);
  assert.equal(result.signal, null, `the process was killed: it never ended by itself\n${result.output}`);
  assert.equal(result.exitCode, 3, result.output);
  assert.equal(result.verdict().status, 'ERROR');
  assert.match(result.verdict().rules.map((r) => r.message).join('\n'), /could not be set up: its process was killed: its setup ran past the environment's timeout of 1000 ms/);
});

test('a run refused after it claimed its --run-id (a reporter output it cannot write) leaves the id free for the same run, fixed', async () => {
  const dir = writeProject(QUICK_TEST);
  const refused = await runCli(dir, ['run', 'a.spec.ts', '--workers', '1', '--run-id', 'pipeline-9', '--reporter', 'junit=/proc/junit.xml']);
  assert.equal(refused.exitCode, 2, refused.output);
  assert.match(refused.stderr, /cannot write its file \/proc\/junit\.xml/);
  const fixed = await runCli(dir, ['run', 'a.spec.ts', '--workers', '1', '--run-id', 'pipeline-9', '--reporter', 'junit=junit.xml']);
  assert.equal(fixed.exitCode, 0, fixed.output);
  assert.equal(fixed.verdict().runId, 'pipeline-9');
});
