import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcomes, runInline } from './helpers/run-inline.ts';

test('a config with three mistakes: exit 2, all three named by path, no stack trace', async () => {
  const result = await runInline(
    {
      'tollgate.config.ts': `export default {
        suites: [{ name: 'unit', kind: 'unti', files: 'a.spec.ts', timeout: -5 }],
        retires: 2,
      };`,
      'a.spec.ts': `import { test } from 'tollgate'; test('x', () => {});`,
    },
    ['run'],
  );
  assert.equal(result.exitCode, 2, result.output);
  assert.match(result.stderr, /suites\[0\]\.kind/);
  assert.match(result.stderr, /suites\[0\]\.timeout/);
  assert.match(result.stderr, /retires/);
  assert.match(result.stderr, /retries/, 'suggests the key that was meant');
  assert.doesNotMatch(result.output, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
});

test('an unknown flag is a usage error with exit 2', async () => {
  const result = await runInline({}, ['run', '--no-such-flag']);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr, /unknown option '--no-such-flag'/);
});

test('a missing test file is named, exit 2', async () => {
  const result = await runInline({}, ['run', 'missing.spec.ts']);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr, /missing\.spec\.ts/);
});

test('a run that selects no test is not a PASS', async () => {
  const result = await runInline({ 'a.spec.ts': `import { test } from 'tollgate'; test('only one', () => {});` }, ['run', 'a.spec.ts', '--grep', 'nothing-matches-this']);
  assert.notEqual(result.exitCode, 0);
  const verdict = result.verdict();
  assert.notEqual(verdict.status, 'PASS');
  assert.equal(verdict.rules.find((r) => r.rule === 'tests-ran')?.outcome, 'fail');
});

test('a syntax error in one test file names file and line; the other files still run', async () => {
  const result = await runInline(
    {
      'good.spec.ts': `import { test } from 'tollgate'; test('good', () => {});`,
      'broken.spec.ts': `import { test } from 'tollgate';\n\ntest('broken', () => {\n  const x = ;\n});\n`,
    },
    ['run', '.'],
  );
  assert.equal(result.exitCode, 1, result.output);
  assert.equal(outcomes(result.events())['good'].outcome, 'passed');
  assert.match(result.output, /broken\.spec\.ts:4/);
  const loadError = result.events().find((e) => e.type === 'error');
  assert.ok(loadError && loadError.type === 'error' && loadError.file === 'broken.spec.ts');
  assert.equal(result.verdict().status, 'FAIL');
});

test('--list prints the plan and why tests are left out', async () => {
  const result = await runInline(
    {
      'tollgate.config.ts': `export default { suites: [
        { name: 'unit', kind: 'unit', files: 'unit/*.spec.ts' },
        { name: 'e2e', kind: 'integration', files: 'e2e/*.spec.ts' },
      ] };`,
      'unit/a.spec.ts': `import { test } from 'tollgate';
        test('fast api', { tag: '@api' }, () => {});
        test('slow api', { tag: ['@api', '@slow'] }, () => {});`,
      'e2e/b.spec.ts': `import { test } from 'tollgate'; test('journey', () => {});`,
    },
    ['run', '--list', '--gate', 'merge', '--tag', 'api and not slow'],
  );
  assert.equal(result.exitCode, 0, result.output);
  assert.match(result.stdout, /\+ fast api/);
  assert.match(result.stdout, /slow api: --tag "api and not slow"/);
  assert.match(result.stdout, /suite e2e \(integration\): gate "merge" takes kinds unit, smoke/);
});

test('--shard splits files deterministically and the shards together run every test once', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 6; i++) files[`t${i}.spec.ts`] = `import { test } from 'tollgate'; test('t${i}', () => {});`;
  const lists = [];
  for (const shard of ['1/2', '2/2']) {
    const result = await runInline(files, ['run', '.', '--list', '--shard', shard]);
    assert.equal(result.exitCode, 0, result.output);
    lists.push([...result.stdout.matchAll(/\+ (t\d)/g)].map((m) => m[1]));
  }
  assert.deepEqual([...lists[0], ...lists[1]].sort(), ['t0', 't1', 't2', 't3', 't4', 't5']);
  assert.equal(lists[0].length, 3);
});

test('--last-failed runs only what failed last time', async () => {
  const { runCli, writeProject } = await import('./helpers/run-inline.ts');
  const dir = writeProject({ 'a.spec.ts': `import { test, expect } from 'tollgate';\ntest('ok', () => {});\ntest('bad', () => { expect(1).toBe(2); });` });
  const first = await runCli(dir, ['run', 'a.spec.ts']);
  assert.equal(first.exitCode, 1);
  const second = await runCli(dir, ['run', 'a.spec.ts', '--last-failed', '--list']);
  assert.match(second.stdout, /\+ bad/);
  assert.doesNotMatch(second.stdout, /\+ ok/);
});

test('an environment that cannot be set up: exit 3, verdict ERROR naming the cause', async () => {
  const result = await runInline(
    {
      'environments/local.ts': `export default { setup: () => { throw new Error('the POD did not answer on 127.0.0.1:1'); } };`,
      'a.spec.ts': `import { test } from 'tollgate'; test('needs the POD', () => {});`,
    },
    ['run', 'a.spec.ts'],
  );
  assert.equal(result.exitCode, 3, result.output);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'ERROR');
  assert.match(verdict.rules.find((r) => r.rule === 'environment')?.message ?? '', /the POD did not answer/);
});

test('an environment asked for by name that does not exist is a usage error', async () => {
  const result = await runInline({ 'a.spec.ts': `import { test } from 'tollgate'; test('x', () => {});` }, ['run', 'a.spec.ts', '--env', 'staging']);
  assert.equal(result.exitCode, 2, result.output);
  assert.match(result.output, /environment "staging" not found: looked for environments\/staging\.ts/);
});

test('tollgate schema prints the JSON Schema the config is validated against', async () => {
  const result = await runInline({}, ['schema']);
  assert.equal(result.exitCode, 0);
  const schema = JSON.parse(result.stdout);
  assert.equal(schema.$id, 'urn:tollgate:config');
  assert.ok(schema.properties.suites);
});
