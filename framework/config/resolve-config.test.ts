import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig, resolveWorkers, defaultWorkers, CONFIG_DEFAULTS } from './resolve-config.ts';
import type { Config } from '../model/config.ts';

const context = { configFile: '/proj/tollgate.config.ts', rootDir: '/proj', hash: 'abc', cores: 8 };

test('applies every default', () => {
  const resolved = resolveConfig({ suites: [{ name: 'u', kind: 'unit', files: 'test/*.spec.ts' }] }, context);
  assert.deepEqual(resolved.suites, [
    { name: 'u', kind: 'unit', runner: 'native', files: ['test/*.spec.ts'], ignore: ['**/node_modules/**'], tags: [], timeout: 30_000, retries: 0 },
  ]);
  assert.equal(resolved.workers, 4);
  assert.equal(resolved.retries, 0);
  assert.equal(resolved.timeout, 30_000);
  assert.deepEqual(resolved.environments, {});
  assert.equal(resolved.defaultEnvironment, 'local');
  assert.equal(resolved.outputDir, '/proj/.tollgate/runs');
  assert.deepEqual(resolved.reporters, []);
  assert.equal(resolved.hash, 'abc');
  assert.equal(resolved.configFile, '/proj/tollgate.config.ts');
  assert.equal(resolved.rootDir, '/proj');
  assert.deepEqual(Object.keys(resolved.gates), ['merge', 'deploy', 'promote']);
  assert.deepEqual(resolved.gates.merge!.kinds, ['unit', 'smoke']);
  assert.deepEqual(resolved.gates.deploy!.kinds, ['integration', 'performance']);
  assert.deepEqual(resolved.gates.promote!.kinds, ['soak']);
  for (const [name, gate] of Object.entries(resolved.gates)) assert.deepEqual(gate.policy, { flaky: 'warn', minTests: 1, missingCapability: name === 'merge' ? 'warn' : 'fail' });
});

test('suite values override top-level ones, which override defaults', () => {
  const config: Config = {
    timeout: 5000,
    retries: 2,
    suites: [
      { name: 'a', kind: 'unit', files: 'a', timeout: 100, retries: 0, tags: ['@slow', 'api', 'slow'] },
      { name: 'b', kind: 'smoke', files: ['b', 'c'], ignore: 'x/**' },
    ],
  };
  const [a, b] = resolveConfig(config, context).suites;
  assert.equal(a!.timeout, 100);
  assert.equal(a!.retries, 0);
  assert.deepEqual(a!.tags, ['slow', 'api']);
  assert.equal(b!.timeout, 5000);
  assert.equal(b!.retries, 2);
  assert.deepEqual(b!.files, ['b', 'c']);
  assert.deepEqual(b!.ignore, ['x/**', '**/node_modules/**']);
});

test('paths are resolved against rootDir; globs stay relative', () => {
  const resolved = resolveConfig(
    {
      suites: [
        { name: 'c', kind: 'unit', runner: 'command', command: 'make t', format: 'junit', report: 'out/j.xml' },
        { name: 'p', kind: 'integration', runner: 'playwright', config: 'pw/playwright.config.ts' },
        { name: 't', kind: 'unit', runner: 'command', command: 'prove' },
      ],
      environments: { staging: 'envs/staging.ts', abs: '/etc/env.ts' },
      outputDir: '../runs',
    },
    context,
  );
  assert.equal(resolved.suites[0]!.report, '/proj/out/j.xml');
  assert.equal(resolved.suites[0]!.format, 'junit');
  assert.equal(resolved.suites[1]!.config, '/proj/pw/playwright.config.ts');
  assert.equal(resolved.suites[2]!.format, 'tap', 'a command suite defaults to TAP');
  assert.deepEqual(resolved.environments, { staging: '/proj/envs/staging.ts', abs: '/etc/env.ts' });
  assert.equal(resolved.outputDir, '/runs');
});

test('user gates replace built-in gates of the same name; policies get defaults', () => {
  const resolved = resolveConfig(
    {
      suites: [{ name: 'u', kind: 'unit', files: 'u' }],
      gates: {
        merge: { suites: ['u'], policy: { flaky: 'fail' } },
        nightly: { tags: 'slow', policy: { minTests: 0 } },
      },
    },
    context,
  );
  assert.deepEqual(Object.keys(resolved.gates), ['merge', 'deploy', 'promote', 'nightly']);
  assert.deepEqual(resolved.gates.merge, { suites: ['u'], policy: { flaky: 'fail', minTests: 1, missingCapability: 'warn' } });
  assert.deepEqual(resolved.gates.nightly, { tags: 'slow', policy: { flaky: 'warn', minTests: 0, missingCapability: 'fail' } });
  assert.deepEqual(resolved.gates.deploy!.kinds, ['integration', 'performance']);
});

test('the result is deeply frozen', () => {
  const resolved = resolveConfig({ suites: [{ name: 'u', kind: 'unit', files: 'u' }] }, context);
  assert.throws(() => {
    (resolved as { workers: number }).workers = 9;
  }, TypeError);
  assert.throws(() => {
    (resolved.suites[0]!.files as string[]).push('x');
  }, TypeError);
  assert.throws(() => {
    (resolved.gates.merge!.policy as { flaky: string }).flaky = 'pass';
  }, TypeError);
});

test('the result shares nothing with the input config', () => {
  const files = ['a.spec.ts'];
  const gates = { nightly: { kinds: ['soak' as const] } };
  const resolved = resolveConfig({ suites: [{ name: 'u', kind: 'unit', files }], gates }, context);
  files.push('b.spec.ts');
  gates.nightly.kinds.push('soak');
  assert.deepEqual(resolved.suites[0]!.files, ['a.spec.ts']);
  assert.deepEqual(resolved.gates.nightly!.kinds, ['soak']);
  assert.equal(Object.isFrozen(files), false, 'the input is not frozen');
  assert.equal(CONFIG_DEFAULTS.timeout, 30_000);
});

test('workers: numbers, percentages and the default', () => {
  const cases: Array<[number | string | undefined, number, number]> = [
    [undefined, 2, 1],
    [undefined, 1, 1],
    [undefined, 3, 2],
    [undefined, 8, 4],
    [3, 8, 3],
    ['50%', 8, 4],
    ['50%', 1, 1],
    ['100%', 6, 6],
    ['25%', 6, 1],
    ['10%', 2, 1],
  ];
  for (const [workers, cores, expected] of cases) assert.equal(resolveWorkers(workers, cores), expected, `${workers} on ${cores} cores`);
  assert.equal(defaultWorkers(7), 4);
});
