import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, runInline, writeProject } from './helpers/run-inline.ts';

// Each file notes in one log, when it loads, which process loaded it; each test notes which process ran it.
const file = (name: string) => `
  import fs from 'node:fs';
  import { test } from 'tollgate';
  fs.appendFileSync('trace.log', 'load ' + process.pid + ' ${name}\\n');
  console.log('loading ${name}');
  for (const title of ['one', 'two']) {
    test(title, () => { fs.appendFileSync('trace.log', 'run ' + process.pid + ' ${name}\\n'); });
  }
`;

test('each test file loads once to plan, in a worker that then runs it, never in the tollgate process', async () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  let cliPid = 0;
  const result = await runInline(
    {
      ...Object.fromEntries(names.map((name) => [`tests/${name}.spec.ts`, file(name)])),
      'tollgate.config.ts': `export default { suites: [{ name: 'unit', kind: 'unit', files: 'tests/*.spec.ts' }] };`,
    },
    ['run', '--workers', '2', '--reporter', 'json=report.json'],
    { onSpawn: (child) => (cliPid = child.pid!) },
  );
  assert.equal(result.exitCode, 0, result.output);
  assert.equal(result.verdict().status, 'PASS');

  const trace = fs.readFileSync(path.join(result.dir, 'trace.log'), 'utf8').trim().split('\n').map((line) => line.split(' ') as ['load' | 'run', string, string]);
  assert.ok(trace.every(([, pid]) => Number(pid) !== cliPid), 'the tollgate process loaded a test file');
  // Planning ends before any test runs: the loads before the first run are the planning.
  const planning = trace.slice(0, trace.findIndex(([what]) => what === 'run'));
  assert.deepEqual(planning.map(([, , name]) => name).sort(), names, 'planning loads every file exactly once');
  assert.equal(new Set(planning.map(([, pid]) => pid)).size, 2, 'both workers share the planning');
  // A worker runs what it loaded; one that runs out of work may take a file from the other and load it too.
  const loaded = new Set(trace.filter(([what]) => what === 'load').map(([, pid, name]) => `${pid} ${name}`));
  const runs = trace.filter(([what]) => what === 'run');
  assert.equal(runs.length, names.length * 2);
  for (const [, pid, name] of runs) assert.ok(loaded.has(`${pid} ${name}`), `${name} ran in process ${pid}, which never loaded it`);

  // What a file prints while it loads is kept, though no test runs yet.
  const logged = result.events().filter((e) => e.type === 'log').map((e) => (e as { text: string }).text);
  for (const name of names) assert.ok(logged.some((text) => text.includes(`loading ${name}`)), `the output of ${name} while loading was lost`);
});

test('a file that uses a run-scoped fixture is loaded by the run fixtures\' process too, which sets the fixture up once', async () => {
  const result = await runInline(
    {
      'fixtures.ts': `
        import fs from 'node:fs';
        import { test as base } from 'tollgate';
        export const test = base.extend<{}, {}, { token: string }>({
          token: [async ({}, use) => { fs.appendFileSync('setups.log', process.pid + '\\n'); await use('t-' + process.pid); }, { scope: 'run' }],
        });
      `,
      'tests/uses.spec.ts': `
        import { expect } from 'tollgate';
        import { test } from '../fixtures.ts';
        test('sees the run fixture', ({ token }) => { expect(token).toMatch(/^t-\\d+$/); });
      `,
      'tests/plain.spec.ts': `import { test } from 'tollgate';\ntest('plain', () => {});`,
      'tollgate.config.ts': `export default { suites: [{ name: 'unit', kind: 'unit', files: 'tests/*.spec.ts' }] };`,
    },
    ['run', '--workers', '2', '--reporter', 'json=report.json'],
  );
  assert.equal(result.exitCode, 0, result.output);
  const setups = fs.readFileSync(path.join(result.dir, 'setups.log'), 'utf8').trim().split('\n');
  assert.equal(setups.length, 1, 'the run fixture was set up more than once');
});

test('workers forked before the command line was read still see the variables it sets, while loading and while running', async () => {
  const result = await runInline(
    {
      'tests/env.spec.ts': `
        import { test, expect } from 'tollgate';
        const atLoad = process.env.TOLLGATE_SOAK_DURATION;
        test('sees --duration', () => {
          expect(atLoad).toBe('7s');
          expect(process.env.TOLLGATE_SOAK_DURATION).toBe('7s');
        });
      `,
    },
    ['run', 'tests', '--workers', '2', '--duration', '7s', '--reporter', 'json=report.json'],
    { env: { TOLLGATE_SOAK_DURATION: undefined } },
  );
  assert.equal(result.exitCode, 0, result.output);
  assert.equal(result.verdict().status, 'PASS');
});

test('a project without "type": "module" (its .ts files are CommonJS) runs and lists its tests, with and without a config', async () => {
  const dir = writeProject({
    'a.spec.ts': `import { test, expect } from 'tollgate';\ntest('adds', () => { expect(1 + 1).toBe(2); });`,
  });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'commonjs-project', private: true }));
  const listed = await runCli(dir, ['run', 'a.spec.ts', '--list']);
  assert.equal(listed.exitCode, 0, listed.output);
  assert.match(listed.stdout, /1 test\(s\) in 1 file\(s\)/);
  const ran = await runCli(dir, ['run', 'a.spec.ts', '--reporter', 'json=report.json']);
  assert.equal(ran.exitCode, 0, ran.output);
  assert.equal(ran.verdict().status, 'PASS');

  fs.writeFileSync(path.join(dir, 'tollgate.config.ts'), `import { defineConfig } from 'tollgate';\nexport default defineConfig({ suites: [{ name: 'u', kind: 'unit', files: '*.spec.ts' }] });`);
  const configured = await runCli(dir, ['run', '--list']);
  assert.equal(configured.exitCode, 0, configured.output);
  assert.match(configured.stdout, /1 test\(s\) in 1 file\(s\)/);
});
