import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from 'tollgate';
import { outcomes, runInline } from './helpers/run-inline.ts';

type ErrorEvent = Extract<RunEvent, { type: 'error' }>;

const errorsOf = (events: RunEvent[]) => events.filter((event): event is ErrorEvent => event.type === 'error');

/** The run failed on `no-errors` because of one error outside tests that names the file and the test. */
function assertLateError(result: Awaited<ReturnType<typeof runInline>>, file: string, title: string, message: string): void {
  assert.equal(result.exitCode, 1, result.output);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'FAIL', result.output);
  assert.equal(verdict.rules.find((rule) => rule.rule === 'no-errors')?.outcome, 'fail', JSON.stringify(verdict.rules));
  const late = errorsOf(result.events()).filter((event) => event.error.message.includes(message));
  assert.equal(late.length, 1, `one error event for "${message}": ${JSON.stringify(errorsOf(result.events()))}`);
  assert.equal(late[0]!.file, file);
  assert.match(late[0]!.error.message.split('\n')[0]!, new RegExp(`"${title}"`), 'the error names the test that left the code running');
}

// The worker ran nothing after this test: it used to be stopped at once, and the error was lost (PASS, exit 0).
test('a test that throws from a timer after it ended, as the last test of its worker, fails the run naming its file and test', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test } from 'tollgate';
        test('first', () => {});
        test('leaves a timer', () => { setTimeout(() => { throw new Error('late boom'); }, 200); });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1'],
  );
  assertLateError(result, 'a.spec.ts', 'leaves a timer', 'late boom');
  assert.equal(outcomes(result.events())['leaves a timer']?.outcome, 'passed', 'the test itself had passed when the error came');
});

test('a late unhandled rejection fails the run too, with several workers, naming its file and test', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test } from 'tollgate';
        test('rejects later', () => {
          new Promise((_, reject) => setTimeout(() => reject(new Error('late rejection')), 200));
        });
      `,
      'b.spec.ts': `import { test } from 'tollgate';\ntest('healthy', () => {});`,
    },
    ['run', '.', '--workers', '2'],
  );
  assertLateError(result, 'a.spec.ts', 'rejects later', 'late rejection');
  assert.equal(outcomes(result.events()).healthy?.outcome, 'passed');
});

test('a late error that fires while the next test runs names the test that scheduled it, and the running test is not blamed', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test } from 'tollgate';
        test('schedules', () => { setTimeout(() => { throw new Error('from the first test'); }, 200); });
        test('innocent', async () => { await new Promise((resolve) => setTimeout(resolve, 1500)); });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1'],
  );
  assertLateError(result, 'a.spec.ts', 'schedules', 'from the first test');
  assert.equal(outcomes(result.events()).innocent?.outcome, 'passed', result.output);
});

test('a late error while the worker runs no test (a beforeAll of the next file) names the test that scheduled it', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test } from 'tollgate';
        test('scheduler', () => { setTimeout(() => { throw new Error('between tests'); }, 200); });
      `,
      'b.spec.ts': `
        import { test } from 'tollgate';
        test.beforeAll(async () => { await new Promise((resolve) => setTimeout(resolve, 1500)); });
        test('next file', () => {});
      `,
    },
    ['run', 'a.spec.ts', 'b.spec.ts', '--workers', '1'],
  );
  assertLateError(result, 'a.spec.ts', 'scheduler', 'between tests');
  assert.equal(outcomes(result.events())['next file']?.outcome, 'passed', result.output);
});

test('a healthy project still passes, also when a test leaves a timer that never throws', async () => {
  const started = Date.now();
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test } from 'tollgate';
        test('ok', () => {});
        test('leaves a quiet timer', () => { setTimeout(() => {}, 120_000); });
      `,
      'b.spec.ts': `import { test } from 'tollgate';\ntest('also ok', async () => { await new Promise((resolve) => setTimeout(resolve, 50)); });`,
    },
    ['run', '.'],
  );
  assert.equal(result.exitCode, 0, result.output);
  assert.equal(result.verdict().status, 'PASS');
  assert.deepEqual(errorsOf(result.events()), []);
  // The worker holding the timer is stopped after its grace period, not when the timer would fire.
  assert.ok(Date.now() - started < 100_000, 'the run waited for a timer a test left behind');
});
