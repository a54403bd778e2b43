import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { outcomes, runInline } from './helpers/run-inline.ts';

test('fixtures: test scope per test, worker scope per worker, run scope once per run; teardown after use', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import fs from 'node:fs';
        import { test as base, expect } from 'tollgate';
        const log = (line: string) => fs.appendFileSync('fixtures.log', line + '\\n');
        const test = base.extend<{ perTest: number }, { perWorker: string; perRun: { port: number } }>({
          perRun: [async ({}, use) => { log('run setup'); await use({ port: 4242 }); log('run teardown'); }, { scope: 'run' }],
          perWorker: [async ({ perRun }, use) => { log('worker setup ' + perRun.port); await use('w'); log('worker teardown'); }, { scope: 'worker' }],
          perTest: async ({ perWorker }, use) => { log('test setup ' + perWorker); await use(7); log('test teardown'); },
        });
        test('one', async ({ perTest, perRun }) => { expect(perTest).toBe(7); expect(perRun.port).toBe(4242); });
        test('two', async ({ perTest }) => { expect(perTest).toBe(7); });
        test('no fixtures', () => {});
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1'],
  );
  assert.equal(result.exitCode, 0, result.output);
  const log = fs.readFileSync(path.join(result.dir, 'fixtures.log'), 'utf8').trim().split('\n');
  assert.deepEqual(log, [
    'run setup',
    'worker setup 4242',
    'test setup w',
    'test teardown',
    'test setup w',
    'test teardown',
    'worker teardown',
    'run teardown',
  ]);
});

test('what a worker fixture prints and throws in its teardown reaches the run, however much, before the worker exits', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test as base } from 'tollgate';
        const test = base.extend<{}, { noisy: string }>({
          noisy: [async ({}, use) => {
            await use('n');
            for (let i = 0; i < 400; i++) console.log('teardown line ' + i + ' ' + 'x'.repeat(2000));
            throw new Error('teardown broke');
          }, { scope: 'worker' }],
        });
        test('uses it', ({ noisy }) => {});
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1', '--reporter', 'json=report.json'],
  );
  const events = result.events();
  const lines = events.filter((e) => e.type === 'log' && e.text.startsWith('teardown line '));
  assert.equal(lines.length, 400, 'lines printed in a worker teardown were lost');
  assert.ok(events.some((e) => e.type === 'error' && e.source === 'fixture teardown' && e.error.message.includes('teardown broke')), 'the teardown error was lost');
  assert.equal(result.exitCode, 1, 'a failing fixture teardown fails the run');
});

test('test.info().metric() records a measurement of the attempt as a metric event; a bad name or value fails the test with what to pass', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import { test } from 'tollgate';
        test('measures', () => {
          test.info().metric('login.duration', 12.5, { unit: 'ms', tags: { user: 'alice' } });
          test.info().metric('queue.depth', 3, { time: '2026-01-02T03:04:05.000Z' });
        });
        test('bad name', () => { test.info().metric('login duration', 1); });
        test('bad value', () => { test.info().metric('x', Number.NaN); });
      `,
    },
    ['run', 'a.spec.ts', '--workers', '1', '--reporter', 'json=report.json'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const metrics = result.events().filter((e) => e.type === 'metric');
  assert.deepEqual(
    metrics.map((e) => [e.name, e.value, e.unit, e.tags, e.testId, e.attempt]),
    [
      ['login.duration', 12.5, 'ms', { user: 'alice' }, 'default › a.spec.ts › measures', 0],
      ['queue.depth', 3, undefined, undefined, 'default › a.spec.ts › measures', 0],
    ],
  );
  assert.equal(metrics[1]!.time, '2026-01-02T03:04:05.000Z');
  const byTitle = outcomes(result.events());
  assert.equal(byTitle['measures']!.outcome, 'passed');
  assert.match(byTitle['bad name']!.message, /the name must be a text without spaces, like 'login.duration'; got "login duration"/);
  assert.match(byTitle['bad value']!.message, /metric\("x"\): the value must be a finite number; got NaN/);
});

test('describe, hooks in order, annotations, .only and tags', async () => {
  const result = await runInline(
    {
      'a.spec.ts': `
        import fs from 'node:fs';
        import { test, expect } from 'tollgate';
        const log = (line: string) => fs.appendFileSync('hooks.log', line + '\\n');
        test.beforeAll(() => log('beforeAll file'));
        test.afterAll(() => log('afterAll file'));
        test.describe('group', { tag: '@grouped' }, () => {
          test.beforeAll(() => log('beforeAll group'));
          test.beforeEach(({}, info) => log('beforeEach ' + info.title));
          test.afterEach(({}, info) => log('afterEach ' + info.title));
          test.afterAll(() => log('afterAll group'));
          test('first', ({}, info) => { log('first ' + info.tags.join(',')); });
          test('second @fast', () => { log('second'); });
        });
        test.skip('declared skipped', () => { log('never'); });
        test.fixme('not yet', () => { log('never'); });
        test('skips itself', () => { test.skip(true, 'not on this platform'); log('never'); });
        test('expected to fail', () => { test.fail(); expect(1).toBe(2); });
        test.fail('declared to fail but passes', () => {});
      `,
    },
    ['run', 'a.spec.ts'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const log = fs.readFileSync(path.join(result.dir, 'hooks.log'), 'utf8').trim().split('\n');
  assert.deepEqual(log, [
    'beforeAll file',
    'beforeAll group',
    'beforeEach first',
    'first grouped',
    'afterEach first',
    'beforeEach second @fast',
    'second',
    'afterEach second @fast',
    'afterAll group',
    'afterAll file',
  ]);
  const byTitle = outcomes(result.events());
  assert.equal(byTitle['declared skipped'].outcome, 'skipped');
  assert.equal(byTitle['not yet'].outcome, 'skipped');
  assert.equal(byTitle['skips itself'].outcome, 'skipped');
  assert.equal(byTitle['expected to fail'].outcome, 'passed');
  assert.equal(byTitle['declared to fail but passes'].outcome, 'failed');
  const begin = result.events().find((e) => e.type === 'run.begin');
  assert.ok(begin?.type === 'run.begin');
  assert.deepEqual(begin.tests.find((t) => t.title === 'second @fast')?.tags.sort(), ['fast', 'grouped']);

  const only = await runInline({ 'a.spec.ts': `import { test } from 'tollgate';\ntest('a', () => {});\ntest.only('b', () => {});`, 'b.spec.ts': `import { test } from 'tollgate';\ntest('c', () => {});` }, ['run', '.'], { env: { CI: '' } });
  assert.deepEqual(Object.keys(outcomes(only.events())), ['b']);
});

test('steps, attachments and output reach the events; secrets never do', async () => {
  const result = await runInline(
    {
      'environments/local.ts': `
        export default {
          secrets: { token: 'INLINE_SECRET_TOKEN' },
          setup: () => ({ endpoints: { api: 'http://127.0.0.1:9/api' } }),
        };`,
      'a.spec.ts': `
        import { test, expect } from 'tollgate';
        test('uses the environment', async ({ env }, info) => {
          expect(env.endpoints.api).toBe('http://127.0.0.1:9/api');
          await test.step('outer', async () => {
            await test.step('inner', async () => { console.log('token is ' + env.secrets.token); });
          });
          await info.attach('request.json', { body: JSON.stringify({ auth: 'Bearer ' + env.secrets.token }), contentType: 'application/json' });
          await info.attach('image.png', { body: Buffer.from([137, 80, 78, 71]), contentType: 'image/png' });
          throw new Error('failed with ' + env.secrets.token);
        });
      `,
    },
    ['run', 'a.spec.ts', '--reporter', 'console', '--reporter', 'junit=junit.xml'],
    { env: { INLINE_SECRET_TOKEN: 'super-secret-value-123' } },
  );
  assert.equal(result.exitCode, 1, result.output);
  const events = result.events();
  const steps = events.filter((e) => e.type === 'step.begin').map((e) => e.type === 'step.begin' && `${e.title}<${e.parentStepId ?? ''}`);
  assert.equal(steps.length, 2);
  const attachments = events.flatMap((e) => (e.type === 'attachment' ? [e.attachment] : []));
  assert.deepEqual(attachments.map((a) => a.name), ['request.json', 'image.png']);
  for (const attachment of attachments) assert.ok(fs.existsSync(path.join(result.runDir, attachment.path!)));
  assert.ok(events.some((e) => e.type === 'log' && e.text.includes('token is [REDACTED]')));
  // Nothing anywhere in the run directory, the reports or the output holds the secret.
  const everything = [result.output, fs.readFileSync(path.join(result.dir, 'junit.xml'), 'utf8')];
  for (const file of fs.readdirSync(result.runDir, { recursive: true }) as string[]) {
    const full = path.join(result.runDir, file);
    if (fs.statSync(full).isFile()) everything.push(fs.readFileSync(full, 'utf8'));
  }
  for (const text of everything) assert.doesNotMatch(text, /super-secret-value-123/);
});

test('tollgate report rebuilds a report from the run directory alone', async () => {
  const first = await runInline({ 'a.spec.ts': `import { test, expect } from 'tollgate';\ntest('ok', () => {});\ntest('bad', () => { expect(1).toBe(2); });` }, ['run', 'a.spec.ts']);
  const { runCli } = await import('./helpers/run-inline.ts');
  const replay = await runCli(first.dir, ['report', first.runDir, '--reporter', 'junit=replayed.xml', '--reporter', 'tap=replayed.tap']);
  assert.equal(replay.exitCode, 1, 'the exit code is the saved verdict\'s');
  const junit = fs.readFileSync(path.join(first.dir, 'replayed.xml'), 'utf8');
  assert.match(junit, /tests="2"/);
  assert.match(junit, /<failure/);
  assert.match(fs.readFileSync(path.join(first.dir, 'replayed.tap'), 'utf8'), /not ok \d+ .*bad/);
});
