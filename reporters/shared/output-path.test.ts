import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { makeDirectory, unwritableReason } from './output-path.ts';

test('unwritableReason: what can be written passes, what cannot says why', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-output-path-'));
  fs.writeFileSync(path.join(dir, 'file'), '');
  fs.mkdirSync(path.join(dir, 'folder'));
  fs.symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dangling'));
  const table: [string, 'file' | 'directory', RegExp | undefined][] = [
    ['new/deeper/junit.xml', 'file', undefined],
    ['file', 'file', undefined],
    ['folder', 'directory', undefined],
    ['new/allure', 'directory', undefined],
    ['folder', 'file', /folder is a folder; give a file path/],
    ['file', 'directory', /file is a file; give a folder/],
    ['file/junit.xml', 'file', /file is a file, so nothing can be made under it/],
    ['dangling/junit.xml', 'file', /dangling is a link to .*gone, which does not exist/],
  ];
  for (const [relative, kind, reason] of table) {
    const got = unwritableReason({ path: path.join(dir, relative), kind });
    if (reason) assert.match(got ?? '', reason, relative);
    else assert.equal(got, undefined, relative);
  }
  if (fs.existsSync('/proc/self')) assert.match(unwritableReason({ path: '/proc/tollgate/junit.xml', kind: 'file' }) ?? '', /\/proc is on proc, a kernel file system/);
});

test('makeDirectory makes every missing level, and fails at once where a level cannot be made (no endless retry under /proc)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-output-path-'));
  makeDirectory(path.join(dir, 'a', 'b', 'c'));
  assert.ok(fs.statSync(path.join(dir, 'a', 'b', 'c')).isDirectory());
  makeDirectory(path.join(dir, 'a', 'b', 'c'));
  fs.writeFileSync(path.join(dir, 'file'), '');
  assert.throws(() => makeDirectory(path.join(dir, 'file', 'x')), /EEXIST|ENOTDIR/);
  if (fs.existsSync('/proc/self')) assert.throws(() => makeDirectory('/proc/tollgate/x'), /ENOENT/);
});
