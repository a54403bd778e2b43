import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcomes, runInline } from './helpers/run-inline.ts';

test('a test that exits, one that hangs and one that throws from a timer each fail alone; the rest of the run goes on', async () => {
  const started = Date.now();
  const result = await runInline(
    {
      'tests/a.spec.ts': `
        import { test, expect } from 'tollgate';
        test('passes', () => { expect(1 + 1).toBe(2); });
        test('exits', () => { process.exit(0); });
        test('never ends', async () => { await new Promise(() => {}); });
        test('throws from a timer', async () => {
          setTimeout(() => { throw new Error('thrown from setTimeout'); }, 10);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        });
      `,
      'tollgate.config.ts': `export default { suites: [{ name: 'unit', kind: 'unit', files: 'tests/**/*.spec.ts', timeout: 2000 }] };`,
    },
    ['run', '--reporter', 'console'],
  );
  const elapsed = Date.now() - started;
  assert.equal(result.exitCode, 1, result.output);
  const byTitle = outcomes(result.events());
  assert.equal(byTitle['passes'].outcome, 'passed');
  assert.equal(byTitle['exits'].outcome, 'failed');
  assert.match(byTitle['exits'].message, /process\.exit\(0\)/);
  assert.equal(byTitle['never ends'].outcome, 'failed');
  assert.equal(byTitle['never ends'].status, 'timedOut');
  assert.match(byTitle['never ends'].message, /timeout of 2000ms/i);
  assert.equal(byTitle['throws from a timer'].outcome, 'failed');
  assert.match(byTitle['throws from a timer'].message, /thrown from setTimeout/);
  assert.equal(result.verdict().status, 'FAIL');
  assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
});

test('a worker that dies fails its test with the cause, and a new worker runs the rest', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test, expect } from 'tollgate';
        test('kills its worker', () => { process.kill(process.pid, 'SIGKILL'); });
        test('runs after the crash', () => { expect(true).toBe(true); });
        test('blocks the event loop', () => { test.setTimeout(500); while (true) {} });
        test('runs after the hang', () => { expect(true).toBe(true); });
      `,
    },
    ['run', 'a.spec.ts'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const byTitle = outcomes(result.events());
  assert.equal(byTitle['kills its worker'].outcome, 'failed');
  assert.match(byTitle['kills its worker'].message, /killed by SIGKILL/);
  assert.equal(byTitle['runs after the crash'].outcome, 'passed');
  assert.equal(byTitle['blocks the event loop'].status, 'timedOut');
  assert.equal(byTitle['runs after the hang'].outcome, 'passed');
});

test('a value that is not an Error is reported in its printed form', async () => {
  const result = await runInline({ 'a.spec.ts': `import { test } from 'tollgate';\ntest('throws a string', () => { throw 'plain string'; });\ntest('throws an object', () => { throw { code: 42 }; });` }, ['run', 'a.spec.ts']);
  assert.equal(result.exitCode, 1);
  const byTitle = outcomes(result.events());
  assert.match(byTitle['throws a string'].message, /not an Error.*'plain string'/);
  assert.match(byTitle['throws an object'].message, /code: 42/);
});

test('retries: failed then passed is flaky, a warning that does not block', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import fs from 'node:fs';
        import { test, expect } from 'tollgate';
        test('flaky', () => {
          const seen = fs.existsSync('marker');
          fs.writeFileSync('marker', 'x');
          expect(seen).toBe(true);
        });
        test('steady', () => {});
      `,
    },
    ['run', 'a.spec.ts', '--retries', '1'],
  );
  assert.equal(result.exitCode, 0, result.output);
  assert.equal(outcomes(result.events())['flaky'].outcome, 'flaky');
  const verdict = result.verdict();
  assert.equal(verdict.status, 'WARN');
  assert.equal(verdict.rules.find((r) => r.rule === 'flaky')?.outcome, 'warn');
});
