/**
 * User code cannot end, crash or hang the tollgate process (issue 13,
 * item 1). Each case was a way to exit 0, or to end with no verdict, while
 * something failed: a Robot keyword calling process.exit(0), a run fixture
 * doing it on a timer, a library's timer throwing or its promise rejecting
 * late, a keyword in a busy loop under [Timeout], and SIGTERM while user
 * code spins or waits for ever.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { outcomes, runInline, type InlineResult } from './helpers/run-inline.ts';

const LIBRARY = `
export function exitNow(): void { process.exit(0); }
export function throwLater(): void { setTimeout(() => { throw new Error('thrown by a library timer'); }, 10); }
export function rejectLater(): void { void Promise.reject(new Error('rejected late by a library')); }
export function spin(): void { for (;;) {} }
`;

function robotProject(robot: string): Record<string, string> {
  return {
    'lib.ts': LIBRARY,
    'suite.robot': `*** Settings ***\nLibrary    ./lib.ts\n\n*** Test Cases ***\n${robot}`,
    'tollgate.config.ts': `export default { suites: [{ name: 'r', kind: 'integration', runner: 'robot', files: '*.robot' }] };`,
  };
}

/** The verdict and the JUnit file are written, and the exit code is the verdict's. */
function assertConcluded(result: InlineResult, status: string, exitCode: number): void {
  assert.equal(result.exitCode, exitCode, result.output);
  assert.equal(result.verdict().status, status, result.output);
  assert.ok(existsSync(join(result.dir, 'junit.xml')), `no JUnit file:\n${result.output}`);
  assert.equal(result.events().at(-1)?.type, 'run.end');
}

/** Sends SIGTERM once `ready` matches the output; returns how long the process took to end after it. */
function sigtermWhen(ready: RegExp): { options: Parameters<typeof runInline>[2]; afterSignal(): number } {
  let sentAt = 0;
  let endedAt = 0;
  return {
    options: {
      onSpawn: (child, output) => {
        const timer = setInterval(() => {
          if (!sentAt && ready.test(output())) {
            sentAt = Date.now();
            child.kill('SIGTERM');
          }
        }, 50);
        child.on('close', () => {
          endedAt = Date.now();
          clearInterval(timer);
        });
      },
    },
    afterSignal: () => (sentAt ? endedAt - sentAt : Number.NaN),
  };
}

test('a Robot keyword that calls process.exit(0) fails its test; the run goes on to a verdict and its reports', async () => {
  const result = await runInline(robotProject('Fails first\n    Should Be Equal    a    b\nExits\n    Exit Now\nAfter\n    No Operation\n'), ['run', '--reporter', 'console', '--reporter', 'junit=junit.xml']);
  assertConcluded(result, 'FAIL', 1);
  const done = outcomes(result.events());
  assert.equal(done['Fails first']?.outcome, 'failed');
  assert.equal(done.Exits?.outcome, 'failed');
  assert.match(done.Exits!.message, /process\.exit\(0\) was called/);
  assert.equal(done.After?.outcome, 'passed', 'the suite went on after the refused exit');
});

test("a Robot library's timer that throws, and its late rejection, fail the test that ran them, not the tollgate process", async () => {
  const result = await runInline(
    robotProject('Throws later\n    Throw Later\n    Sleep    0.3s\nRejects late\n    Reject Later\n    Sleep    0.1s\nAfter\n    No Operation\n'),
    ['run', '--reporter', 'console', '--reporter', 'junit=junit.xml'],
  );
  assertConcluded(result, 'FAIL', 1);
  const done = outcomes(result.events());
  assert.equal(done['Throws later']?.outcome, 'failed', result.output);
  assert.match(done['Throws later']!.message, /thrown by a library timer/);
  assert.equal(done['Rejects late']?.outcome, 'failed', result.output);
  assert.match(done['Rejects late']!.message, /rejected late by a library/);
  assert.equal(done.After?.outcome, 'passed');
  // Robot's own output.xml says the same as the events.
  const xml = readFileSync(join(result.runDir, 'robot', 'r', 'output.xml'), 'utf8');
  assert.match(xml, /<status status="FAIL"[^>]*>thrown by a library timer/);
});

test('a keyword in a busy loop under a test or keyword [Timeout] is killed: its test times out, the tests after it fail as not run', async () => {
  const result = await runInline(
    {
      ...robotProject('Spins\n    [Timeout]    2s\n    Spin\nAfter\n    No Operation\n'),
      // A second suite, in a process of its own: a user keyword's [Timeout] is watched as well.
      'kw/keyword.robot': '*** Settings ***\nLibrary    ../lib.ts\n\n*** Test Cases ***\nSpins in a keyword\n    Spin Briefly\nAfter it\n    No Operation\n\n*** Keywords ***\nSpin Briefly\n    [Timeout]    1s\n    Spin\n',
      'tollgate.config.ts': `export default { suites: [
        { name: 'r', kind: 'integration', runner: 'robot', files: '*.robot' },
        { name: 'kw', kind: 'integration', runner: 'robot', files: 'kw/*.robot' },
      ] };`,
    },
    ['run', '--reporter', 'console', '--reporter', 'junit=junit.xml'],
  );
  assertConcluded(result, 'FAIL', 1);
  const done = outcomes(result.events());
  assert.equal(done.Spins?.outcome, 'failed', result.output);
  assert.equal(done.Spins?.status, 'timedOut');
  assert.match(done.Spins!.message, /Test timeout 2 seconds exceeded/);
  assert.equal(done.After?.outcome, 'failed', 'a test the killed process never ran is not a pass');
  assert.match(done.After!.message, /^Not run: /);
  assert.equal(done['Spins in a keyword']?.status, 'timedOut', result.output);
  assert.match(done['Spins in a keyword']!.message, /Keyword timeout 1 second exceeded/);
  assert.equal(done['After it']?.outcome, 'failed');
});

test('SIGTERM while a Robot keyword spins without a timeout: exit 4 within 10 s, verdict INTERRUPTED, reports written', async () => {
  const signal = sigtermWhen(/Spins next/);
  const result = await runInline(
    { ...robotProject('Announces\n    Log To Console    Spins next\nSpins\n    Spin\n') },
    ['run', '--reporter', 'console', '--reporter', 'junit=junit.xml'],
    signal.options,
  );
  assertConcluded(result, 'INTERRUPTED', 4);
  assert.ok(signal.afterSignal() < 10_000, `the run took ${signal.afterSignal()} ms to end after SIGTERM`);
});

test('a run-scoped fixture that calls process.exit(0) on a timer is an error of the run, never exit 0', async () => {
  const result = await runInline(
    {
      'fixtures.ts': `
        import { test as base } from 'tollgate';
        export const test = base.extend<{}, {}, { token: string }>({
          token: [async ({}, use) => { setTimeout(() => process.exit(0), 200); await use('t'); }, { scope: 'run' }],
        });
      `,
      'a.spec.ts': `
        import { expect } from 'tollgate';
        import { test } from './fixtures.ts';
        test('fails first', () => { expect(1).toBe(2); });
        test('uses the fixture', async ({ token }) => { await new Promise((r) => setTimeout(r, 1500)); expect(token).toBe('t'); });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1', '--reporter', 'console', '--reporter', 'junit=junit.xml'],
  );
  assertConcluded(result, 'FAIL', 1);
  const errors = result.events().filter((e) => e.type === 'error');
  assert.ok(errors.some((e) => e.type === 'error' && e.source === 'run fixture' && /process\.exit\(0\)/.test(e.error.message)), JSON.stringify(errors));
});

test("an environment's timer that throws and its process.exit(0) during the run end as ERROR (the environment broke) with the reports written", async () => {
  const result = await runInline(
    {
      'environments/local.ts': `import { defineEnvironment } from 'tollgate';
        export default defineEnvironment({ name: 'local', setup: () => {
          setTimeout(() => { throw new Error('thrown by an environment timer'); }, 100);
          setTimeout(() => process.exit(0), 200);
          return {};
        } });`,
      'a.spec.ts': `import { test } from 'tollgate';\ntest('waits', async () => { await new Promise((r) => setTimeout(r, 1500)); });`,
    },
    ['run', 'a.spec.ts', '--workers', '1', '--reporter', 'console', '--reporter', 'junit=junit.xml'],
  );
  // The environment's code runs in a process of its own (environment-process-host.ts): what it breaks is the environment, exit 3.
  assertConcluded(result, 'ERROR', 3);
  const rule = result.verdict().rules.find((r) => r.rule === 'environment');
  assert.match(rule?.message ?? '', /thrown by an environment timer/);
  const errors = result.verdict().rules.find((r) => r.rule === 'no-errors');
  assert.match(errors?.message ?? '', /process\.exit\(0\) was called by an environment hook/);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no raw stack trace');
});

test("SIGTERM while an environment's setup waits for ever: exit 4 within 10 s, verdict INTERRUPTED, reports written", async () => {
  const signal = sigtermWhen(/setting up for ever/);
  const result = await runInline(
    {
      'environments/local.ts': `import { defineEnvironment } from 'tollgate';
        export default defineEnvironment({ name: 'local', setup: () => new Promise(() => { process.stdout.write('setting up for ever\\n'); setInterval(() => {}, 1000); }) });`,
      'a.spec.ts': `import { test } from 'tollgate';\ntest('never runs', () => {});`,
    },
    ['run', 'a.spec.ts', '--workers', '1', '--reporter', 'console', '--reporter', 'junit=junit.xml'],
    signal.options,
  );
  assertConcluded(result, 'INTERRUPTED', 4);
  assert.ok(signal.afterSignal() < 10_000, `the run took ${signal.afterSignal()} ms to end after SIGTERM`);
  assert.match(result.verdict().rules.map((r) => r.message).join('\n'), /environment "local" could not be set up: its process was killed: the run was interrupted/);
});
