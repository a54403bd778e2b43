import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { robotBody, UploadFile } from './robot-request.ts';

const root = mkdtempSync(join(tmpdir(), 'tollgate-robot-body-'));
writeFileSync(join(root, 'up.txt'), 'up');

describe("robotBody: RequestsLibrary's data=, json=, files=", () => {
  const cases: [string, Parameters<typeof robotBody>[0], ReturnType<typeof robotBody>][] = [
    ['nothing', {}, {}],
    ['data= a dictionary is a form, True as Python writes it', { data: { a: 'x', b: true, c: ['1', '2'] } }, { form: { a: 'x', b: 'True', c: ['1', '2'] } }],
    ['data= a list of pairs is a form', { data: [['a', '1'], ['a', '2']] }, { form: { a: ['1', '2'] } }],
    ['data= a string goes as it is', { data: '{"raw": 1}' }, { body: '{"raw": 1}' }],
    ['json= a dictionary', { json: { a: 1 } }, { body: '{"a":1}', headers: { 'content-type': 'application/json' } }],
    ['json= a string is JSON too', { json: 'text' }, { body: '"text"', headers: { 'content-type': 'application/json' } }],
  ];
  for (const [name, args, want] of cases) test(name, () => assert.deepEqual(robotBody(args, root), want));

  test('files= with data= fields: a path, Get File For Streaming Upload and (name, content, type)', () => {
    const { multipart } = robotBody({ data: { note: 'n' }, files: { a: 'up.txt', b: new UploadFile(join(root, 'up.txt')), c: ['c.csv', 'x,y', 'text/csv'] } }, root);
    const m = multipart as Record<string, { name: string; mimeType: string; buffer: Uint8Array } | string>;
    assert.equal(m.note, 'n');
    for (const field of ['a', 'b'] as const) {
      const file = m[field] as { name: string; buffer: Uint8Array };
      assert.deepEqual([file.name, Buffer.from(file.buffer).toString()], ['up.txt', 'up']);
    }
    const c = m.c as { name: string; mimeType: string; buffer: Uint8Array };
    assert.deepEqual([c.name, c.mimeType, Buffer.from(c.buffer).toString()], ['c.csv', 'text/csv', 'x,y']);
  });

  const errors: [string, Parameters<typeof robotBody>[0], RegExp][] = [
    ['json= beside data=', { json: {}, data: {} }, /give json= alone, or data= and files=/],
    ['a missing file', { files: { a: 'nope.txt' } }, /files=: cannot read the file for "a", .*nope\.txt: no such file \(relative paths are read from the project root\)/],
    ['files= not a dictionary', { files: 'up.txt' }, /files= needs a dictionary of field name → file, got 'up.txt'/],
    ['a file that is neither', { files: { a: 3 } }, /"a" must be a file path, the value of Get File For Streaming Upload, or a list \(filename, content\[, content_type\]\); got 3/],
    ['data= a list that is not pairs', { data: [['a']] }, /data= as a list needs \(name, value\) pairs/],
  ];
  for (const [name, args, message] of errors) test(`error: ${name}`, () => assert.throws(() => robotBody(args, root), message));
});
