import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Writable } from 'node:stream';
import { BUILTIN_REPORTER_NAMES, isModulePath, loadReporter, parseReporterSpec } from './registry.ts';

let dir: string;
const base = () => ({ runDir: dir, rootDir: dir, stdout: new Writable({ write: (_c, _e, cb) => cb() }), isTTY: false, replay: false });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tollgate-registry-'));
  await writeFile(
    join(dir, 'my-reporter.ts'),
    // Outside any project, so it cannot import 'tollgate'; a plain function is a factory too.
    [
      'export const seen: string[] = [];',
      'export default (ctx: { option?: string }) => ({',
      '  onEvent(event: { type: string }) { seen.push(`${ctx.option}:${event.type}`); },',
      '});',
    ].join('\n'),
  );
  await writeFile(join(dir, 'no-default.ts'), 'export const x = 1;\n');
  await writeFile(join(dir, 'broken.ts'), 'export default (;\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseReporterSpec', () => {
  const cases: [string, { name: string; option: string | undefined }][] = [
    ['console', { name: 'console', option: undefined }],
    ['junit=out.xml', { name: 'junit', option: 'out.xml' }],
    ['json=a=b.json', { name: 'json', option: 'a=b.json' }],
    ['tap=', { name: 'tap', option: undefined }],
    ['./my-reporter.ts=opt', { name: './my-reporter.ts', option: 'opt' }],
  ];
  for (const [spec, expected] of cases) test(spec, () => assert.deepEqual(parseReporterSpec(spec), expected));

  test('an empty name is an error that shows the form', () => {
    assert.throws(() => parseReporterSpec('=out.xml'), /names no reporter\. Use NAME or NAME=PATH/);
  });
});

test('isModulePath', () => {
  assert.deepEqual(
    ['./x.ts', '../x.js', '/abs/x', 'reporters/x.ts', 'x.mjs', 'junit', 'my-reporter'].map(isModulePath),
    [true, true, true, true, true, false, false],
  );
});

describe('loadReporter', () => {
  test('loads every built-in, lazily, with the option after "="', async () => {
    for (const name of ['console', 'json', 'junit', 'tap', 'html']) assert.ok((BUILTIN_REPORTER_NAMES as string[]).includes(name), name);
    for (const name of BUILTIN_REPORTER_NAMES) {
      const reporter = await loadReporter(`${name}=${join(dir, `out-${name}`)}`, base());
      assert.equal(typeof reporter.onEvent, 'function', name);
      assert.equal(typeof reporter.onEnd, 'function', name);
    }
    assert.equal((await loadReporter('console', base())).printsToStdout, true);
    assert.equal((await loadReporter('tap', base())).printsToStdout, true);
    assert.equal((await loadReporter('tap=x.tap', base())).printsToStdout, false);
  });

  test('an unknown name lists the known ones', async () => {
    await assert.rejects(loadReporter('nosuch', base()), (error: Error) => {
      assert.match(error.message, /Unknown reporter "nosuch"\. Known reporters: console, json, junit, tap\b/);
      assert.match(error.message, /--reporter \.\/my-reporter\.ts/);
      return true;
    });
  });

  test('a user module, resolved against rootDir, gets its option', async () => {
    const reporter = await loadReporter('./my-reporter.ts=hello', base());
    reporter.onEvent?.({ type: 'suite.begin', time: '2026-11-27T10:00:00.000Z', suite: 's' });
    const mod = (await import(join(dir, 'my-reporter.ts'))) as { seen: string[] };
    assert.deepEqual(mod.seen, ['hello:suite.begin']);
  });

  test('a user module that is missing, broken or has no default export: the error names the file', async () => {
    await assert.rejects(loadReporter('./nope.ts', base()), new RegExp(`Reporter module ${join(dir, 'nope.ts')} does not exist`));
    await assert.rejects(loadReporter('./no-default.ts', base()), /no-default\.ts has no default export that is a reporter factory\. Write: export default defineReporter/);
    await assert.rejects(loadReporter('./broken.ts', base()), /broken\.ts could not be loaded/);
  });
});
