/**
 * The Playwright idioms of the native test API (issue 14.6), one test per
 * idiom, each on a small project run through the CLI.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { outcomes, runInline } from './helpers/run-inline.ts';

test('expect(value, message): the message comes before the matcher\'s, for .not and async matchers too', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test, expect } from 'tollgate';
        test('plain', () => { expect(1 + 1, 'the sum is right').toBe(3); });
        test('negated', () => { expect('a', { message: 'not an a' }).not.toBe('a'); });
        test('async', async () => { await expect(Promise.resolve(1), 'resolves to two').resolves.toBe(2); });
        test('passes', () => { expect(2, 'fine').toBe(2); });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const got = outcomes(result.events());
  assert.match(got.plain.message, /^the sum is right\n\n[^]*expect\(received\)\.toBe\(expected\)/, got.plain.message);
  assert.match(got.negated.message, /^not an a\n\n[^]*\.not\.toBe/, got.negated.message);
  assert.match(got.async.message, /^resolves to two\n\n[^]*resolves\.toBe/, got.async.message);
  assert.equal(got.passes.outcome, 'passed');
});

test('expect.soft: every soft failure is recorded, the test goes on and fails at its end', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import fs from 'node:fs';
        import { test, expect } from 'tollgate';
        test('soft', () => {
          expect.soft(1, 'first').toBe(2);
          expect.soft('x').toBe('y');
          fs.writeFileSync('reached.txt', 'yes');
        });
        test('soft that holds', () => { expect.soft(1).toBe(1); });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const got = outcomes(result.events());
  assert.equal(got.soft.outcome, 'failed');
  assert.match(got.soft.message, /^first\n\n[^]*Expected: 2[^]*Expected: "y"/, got.soft.message);
  assert.equal(got['soft that holds'].outcome, 'passed');
  assert.equal(result.verdict().status, 'FAIL');
  assert.ok(fileExists(result.dir, 'reached.txt'), 'the test stopped at the first soft failure');
});

test('expect.poll: retries the function until the matcher passes, and fails with the last value at its timeout', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test, expect } from 'tollgate';
        test('eventually', async () => {
          let calls = 0;
          await expect.poll(() => ++calls, { intervals: [10] }).toBeGreaterThan(3);
          expect(calls).toBe(4);
        });
        test('negated', async () => {
          let calls = 0;
          await expect.poll(async () => ++calls < 3 ? 'busy' : 'done', { intervals: [10] }).not.toBe('busy');
        });
        test('never', async () => {
          await expect.poll(() => 'busy', { timeout: 300, intervals: [50], message: 'the job finishes' }).toBe('done');
        });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const got = outcomes(result.events());
  assert.equal(got.eventually.outcome, 'passed', got.eventually.message);
  assert.equal(got.negated.outcome, 'passed', got.negated.message);
  assert.equal(got.never.outcome, 'failed');
  assert.match(got.never.message, /^the job finishes\n\nexpect\.poll: timeout 300ms exceeded[^]*Received: "busy"/, got.never.message);
});

test('expect(fn).toPass: retries the block until it passes, and fails with its last error at the timeout', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test, expect } from 'tollgate';
        test('eventually', async () => {
          let calls = 0;
          await expect(async () => { calls++; expect(calls).toBe(3); }).toPass({ intervals: [10] });
          expect(calls).toBe(3);
        });
        test('never', async () => {
          await expect(() => { expect('down').toBe('up'); }, 'the service comes up').toPass({ timeout: 300, intervals: [50] });
        });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const got = outcomes(result.events());
  assert.equal(got.eventually.outcome, 'passed', got.eventually.message);
  assert.equal(got.never.outcome, 'failed');
  assert.match(got.never.message, /^the service comes up\n\ntoPass: timeout 300ms exceeded[^]*Received: "down"/, got.never.message);
});

function fileExists(dir: string, file: string): boolean {
  return fs.existsSync(path.join(dir, file));
}

const LOAD_PROJECT = {
  'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({ suites: [{ name: 'perf', kind: 'performance', files: '*.spec.ts' }], environments: { lab: './lab.ts' }, defaultEnvironment: 'lab' });`,
  'lab.ts': `import { defineEnvironment } from 'tollgate';\nexport default defineEnvironment({ name: 'lab' });`,
  'server.ts': `import { createServer } from 'node:http';
export async function server() {
  const s = createServer((req, res) => res.end('ok'));
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: 'http://127.0.0.1:' + (s.address() as { port: number }).port, close: () => new Promise((r) => s.close(r)) };
}
export const load = (limit: string) => ({ name: 'l', interval: 200, scenario: { executor: 'constant-arrival-rate' as const, rate: 40, duration: '400ms' }, thresholds: { http_req_duration: [limit] } });`,
  'expected.spec.ts': `
    import { test } from 'tollgate/drivers/traffic';
    import { load, server } from './server.ts';
    test('crossed and thrown', async ({ traffic }) => {
      test.fail();
      const s = await server();
      try { await traffic.http({ url: s.url, ...load('p(50)<1us') }); } finally { await s.close(); }
    });
    test('crossed, not thrown', async ({ traffic }) => {
      test.fail(true, 'the lab is too slow for this limit');
      const s = await server();
      try { await traffic.http({ url: s.url, ...load('p(50)<1us'), throwOnFail: false }); } finally { await s.close(); }
    });
  `,
  'unexpected.spec.ts': `
    import { test } from 'tollgate/drivers/traffic';
    import { load, server } from './server.ts';
    test.fail('held, though expected to fail', async ({ traffic }) => {
      const s = await server();
      try { await traffic.http({ url: s.url, ...load('p(50)<60s'), throwOnFail: false }); } finally { await s.close(); }
    });
  `,
};

test('test.fail(): a crossed threshold is the expected failure (verdict PASS); a test that holds its thresholds passes unexpectedly (FAIL)', async () => {
  const expected = await runInline(LOAD_PROJECT, ['run', 'expected.spec.ts', '--workers', '1']);
  const got = outcomes(expected.events());
  assert.equal(got['crossed and thrown'].outcome, 'passed', expected.output);
  assert.equal(got['crossed, not thrown'].outcome, 'passed', expected.output);
  assert.equal(got['crossed, not thrown'].status, 'failed', 'the crossed threshold is the attempt\'s failure');
  assert.match(got['crossed, not thrown'].message, /threshold http_req_duration "p\(50\)<1us" failed/);
  const verdict = expected.verdict();
  assert.equal(verdict.status, 'PASS', JSON.stringify(verdict.rules, null, 1));
  assert.equal(expected.exitCode, 0);
  assert.equal(verdict.rules.find((r) => r.rule === 'thresholds')?.outcome ?? 'pass', 'pass');

  const unexpected = await runInline(LOAD_PROJECT, ['run', 'unexpected.spec.ts', '--workers', '1']);
  assert.equal(outcomes(unexpected.events())['held, though expected to fail'].outcome, 'failed', unexpected.output);
  assert.equal(unexpected.verdict().status, 'FAIL');
  assert.equal(unexpected.exitCode, 1);
});

test('test.describe.serial: tests run in order; after a failure the rest of the group are skipped, and the tests outside it still run', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import fs from 'node:fs';
        import { test, expect } from 'tollgate';
        const log = (line: string) => fs.appendFileSync('order.log', line + '\\n');
        test.describe.serial('flow', () => {
          test('create', () => { log('create'); });
          test('update', () => { log('update'); expect('broken').toBe('updated'); });
          test('delete', () => { log('delete'); });
        });
        test('outside', () => { log('outside'); });
        test.describe.serial('hangs', () => {
          test('stuck', async () => { test.setTimeout(500); await new Promise(() => {}); });
          test('after stuck', () => { log('after stuck'); });
        });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '2'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const got = outcomes(result.events());
  assert.equal(got.create.outcome, 'passed');
  assert.equal(got.update.outcome, 'failed');
  assert.equal(got.delete.outcome, 'skipped', 'the test after a failure in a serial group ran');
  assert.equal(got.outside.outcome, 'passed');
  assert.equal(got.stuck.status, 'timedOut');
  assert.equal(got['after stuck'].outcome, 'skipped', 'a fresh worker ran the rest of a serial group after a timeout');
  assert.deepEqual(fs.readFileSync(path.join(result.dir, 'order.log'), 'utf8').trim().split('\n'), ['create', 'update', 'outside']);
  const skipped = result.events().find((e) => e.type === 'test.end' && e.testId.endsWith('delete'));
  assert.match(JSON.stringify(skipped), /serial mode: \\"update\\" failed before it/);
  assert.equal(result.verdict().status, 'FAIL');
});

test('test.describe.configure({ mode: \'serial\' }): a retry runs the whole group again, in order', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import fs from 'node:fs';
        import { test, expect } from 'tollgate';
        test.describe.configure({ mode: 'serial', retries: 1 });
        const log = (line: string) => fs.appendFileSync('order.log', line + '\\n');
        test('login', () => { log('login ' + test.info().retry); });
        test('use session', () => { log('use ' + test.info().retry); expect(test.info().retry, 'the first try fails').toBe(1); });
        test('logout', () => { log('logout ' + test.info().retry); });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1'],
  );
  assert.equal(result.exitCode, 0, result.output);
  assert.deepEqual(fs.readFileSync(path.join(result.dir, 'order.log'), 'utf8').trim().split('\n'), ['login 0', 'use 0', 'login 1', 'use 1', 'logout 1']);
  const got = outcomes(result.events());
  assert.equal(got.login.outcome, 'passed');
  assert.equal(got['use session'].outcome, 'flaky');
  assert.equal(got.logout.outcome, 'passed', 'the test skipped on the first try ran on the retry');
  assert.ok(['PASS', 'WARN'].includes(result.verdict().status), result.output);
});

test('test.describe.configure({ mode: \'parallel\' }): the tests of one file run in several workers at once; a bad mode is a declaration error', async () => {
  const result = await runInline(
    {
      // Each test waits for the other to have started: they pass only when they run at the same time.
      'a.spec.ts': `
        import fs from 'node:fs';
        import { test, expect } from 'tollgate';
        test.describe.configure({ mode: 'parallel' });
        const meet = async (mine: string, other: string) => {
          fs.writeFileSync(mine, String(test.info().workerIndex));
          await expect.poll(() => fs.existsSync(other), { timeout: 60_000, intervals: [50], message: 'the other test runs at the same time' }).toBe(true);
        };
        test('one', async () => { test.setTimeout(90_000); await meet('one.flag', 'two.flag'); });
        test.describe.parallel('group', () => {
          test('two', async () => { test.setTimeout(90_000); await meet('two.flag', 'one.flag'); });
        });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '2'],
  );
  assert.equal(result.exitCode, 0, result.output);
  const got = outcomes(result.events());
  assert.deepEqual([got.one?.outcome, got.two?.outcome], ['passed', 'passed']);
  assert.notEqual(fs.readFileSync(path.join(result.dir, 'one.flag'), 'utf8'), fs.readFileSync(path.join(result.dir, 'two.flag'), 'utf8'), 'both tests ran in one worker');

  const bad = await runInline({ 'a.spec.ts': `import { test } from 'tollgate';\ntest.describe.configure({ mode: 'sideways' });\ntest('one', () => {});\n` }, ['run', 'a.spec.ts']);
  assert.notEqual(bad.exitCode, 0);
  assert.match(bad.output, /a\.spec\.ts[^]*mode must be one of default, serial, parallel, not "sideways"/);
  assert.doesNotMatch(bad.output, /node:internal|\bat .+ \(/, 'no stack trace');
});

test('test.use: overrides option fixtures for a file and a describe; an unknown name is a clear error', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test as base, expect } from 'tollgate';
        const test = base.extend<{ locale: string; greeting: string }, { region: string }>({
          locale: ['en-GB', { option: true }],
          region: ['eu', { scope: 'worker', option: true }],
          greeting: async ({ locale, region }, use) => use(locale + '/' + region),
        });
        test('default', ({ greeting }) => { expect(greeting).toBe('en-GB/eu'); });
        test.describe('german', () => {
          test.use({ locale: 'de-DE' });
          test('overridden', ({ greeting }) => { expect(greeting).toBe('de-DE/eu'); });
          test.describe('in the us', () => {
            test.use({ region: 'us' });
            test('both', ({ greeting }) => { expect(greeting).toBe('de-DE/us'); });
          });
        });
        test('after the describe', ({ locale }) => { expect(locale).toBe('en-GB'); });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1'],
  );
  assert.equal(result.exitCode, 0, result.output);
  const got = outcomes(result.events());
  for (const title of ['default', 'overridden', 'both', 'after the describe']) assert.equal(got[title]?.outcome, 'passed', `${title}: ${got[title]?.message}`);

  const bad = await runInline({ 'a.spec.ts': `import { test } from 'tollgate';\ntest.use({ lokale: 'de' });\ntest('one', () => {});\n` }, ['run', 'a.spec.ts']);
  assert.notEqual(bad.exitCode, 0);
  assert.match(bad.output, /a\.spec\.ts[^]*test\.use\(\): "lokale" is not a fixture or option of this test/);
  assert.doesNotMatch(bad.output, /node:internal|\bat .+ \(/, 'no stack trace');
});
