import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { globSync } from 'tinyglobby';
import { zeroConfig } from './zero-config.ts';
import { ConfigError } from './config-error.ts';

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tollgate-zero-'));
  const files = [
    'a.spec.ts',
    'b.test.mjs',
    'helper.ts',
    'tests/c.spec.ts',
    'tests/deep/d.test.js',
    'tests/deep/notes.md',
    'tests/node_modules/pkg/e.spec.ts',
    'odd [1]/f.spec.ts',
  ];
  for (const file of files) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), '');
  }
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** What the planner will find: the suite's globs, relative to rootDir. */
function found(paths: string[]): string[] {
  const config = zeroConfig({ cwd: dir, paths, cores: 4 });
  const [suite] = config.suites;
  return globSync(suite!.files, { cwd: config.rootDir, ignore: suite!.ignore, expandDirectories: false }).sort();
}

test('one native unit suite named default', () => {
  const config = zeroConfig({ cwd: dir, paths: ['a.spec.ts'], cores: 4 });
  assert.equal(config.configFile, null);
  assert.equal(config.rootDir, dir);
  assert.equal(config.suites.length, 1);
  const [suite] = config.suites;
  assert.equal(suite!.name, 'default');
  assert.equal(suite!.kind, 'unit');
  assert.equal(suite!.runner, 'native');
  assert.equal(config.workers, 2);
  assert.match(config.hash, /^[0-9a-f]{64}$/);
  assert.ok(config.gates.merge, 'the built-in merge gate selects the default (unit) suite');
  assert.ok(Object.isFrozen(config.suites[0]));
});

test('files and folders select the right test files', () => {
  const cases: Array<[paths: string[], expected: string[]]> = [
    [['a.spec.ts'], ['a.spec.ts']],
    [['helper.ts'], ['helper.ts']],
    [['tests'], ['tests/c.spec.ts', 'tests/deep/d.test.js']],
    [['tests/'], ['tests/c.spec.ts', 'tests/deep/d.test.js']],
    [['tests', 'a.spec.ts'], ['a.spec.ts', 'tests/c.spec.ts', 'tests/deep/d.test.js']],
    [[join(dir, 'tests', 'deep')], ['tests/deep/d.test.js']],
    [['odd [1]/f.spec.ts'], ['odd [1]/f.spec.ts']],
    [['odd [1]'], ['odd [1]/f.spec.ts']],
    [[], ['a.spec.ts', 'b.test.mjs', 'odd [1]/f.spec.ts', 'tests/c.spec.ts', 'tests/deep/d.test.js']],
    [['.'], ['a.spec.ts', 'b.test.mjs', 'odd [1]/f.spec.ts', 'tests/c.spec.ts', 'tests/deep/d.test.js']],
  ];
  for (const [paths, expected] of cases) assert.deepEqual(found(paths), expected, JSON.stringify(paths));
});

test('the same paths give the same hash; other paths another', () => {
  const a = zeroConfig({ cwd: dir, paths: ['tests'] }).hash;
  assert.equal(zeroConfig({ cwd: dir, paths: ['tests'] }).hash, a);
  assert.notEqual(zeroConfig({ cwd: dir, paths: ['a.spec.ts'] }).hash, a);
});

test('every missing path is named in one ConfigError', () => {
  assert.throws(
    () => zeroConfig({ cwd: dir, paths: ['a.spec.ts', 'nope.spec.ts', 'gone/'] }),
    (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.deepEqual(
        err.problems.map((p) => p.path),
        ['nope.spec.ts', 'gone/'],
      );
      assert.match(err.problems[0]!.message, /no such file or folder/);
      assert.ok(err.problems[0]!.message.includes(join(dir, 'nope.spec.ts')));
      return true;
    },
  );
});
