import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runInline } from './helpers/run-inline.ts';

// Each file notes, when it loads, which process loaded it; each test notes which process ran it.
const file = (name: string) => `
  import fs from 'node:fs';
  import { test } from 'tollgate';
  fs.appendFileSync('loads.log', process.pid + ' ${name}\\n');
  console.log('loading ${name}');
  for (const title of ['one', 'two']) {
    test(title, () => { fs.appendFileSync('runs.log', process.pid + ' ${name}\\n'); });
  }
`;

test('each test file loads once, in the worker that runs it, never in the tollgate process', async () => {
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

  const lines = (name: string) => fs.readFileSync(path.join(result.dir, name), 'utf8').trim().split('\n').map((line) => line.split(' ') as [string, string]);
  const loads = lines('loads.log');
  assert.deepEqual(loads.map(([, name]) => name).sort(), names, 'every file loaded exactly once');
  assert.ok(loads.every(([pid]) => Number(pid) !== cliPid), 'the tollgate process loaded a test file');
  assert.equal(new Set(loads.map(([pid]) => pid)).size, 2, 'both workers loaded files');

  const loadedBy = new Map(loads.map(([pid, name]) => [name, pid]));
  const runs = lines('runs.log');
  assert.equal(runs.length, names.length * 2);
  for (const [pid, name] of runs) assert.equal(pid, loadedBy.get(name), `${name} ran in another worker than the one that loaded it`);

  // What a file prints while it loads is kept, though no test runs yet.
  const logged = result.events().filter((e) => e.type === 'log').map((e) => (e as { text: string }).text);
  for (const name of names) assert.ok(logged.some((text) => text.includes(`loading ${name}`)), `the output of ${name} while loading was lost`);
});

test('a file that uses a run-scoped fixture is loaded by the tollgate process too, which sets the fixture up once', async () => {
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
