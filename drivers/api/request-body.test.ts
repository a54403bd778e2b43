import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeBody, type BodyOptions } from './request-body.ts';

/** A multipart body as a server's parser reads it. */
async function parsed(options: BodyOptions): Promise<{ form: FormData; parts: unknown }> {
  const encoded = await encodeBody(options);
  assert.match(encoded.contentType!, /^multipart\/form-data; boundary=/);
  const form = await new Response(new Uint8Array(encoded.body as Uint8Array), { headers: { 'content-type': encoded.contentType! } }).formData();
  return { form, parts: encoded.parts };
}

describe('encodeBody', () => {
  const cases: [string, BodyOptions, { body: string | undefined; contentType?: string }][] = [
    ['nothing', {}, { body: undefined }],
    ['a string as it is', { body: 'raw' }, { body: 'raw' }],
    ["Playwright's data: an object as JSON", { data: { a: 1 } }, { body: '{"a":1}', contentType: 'application/json' }],
    ['form from a record: arrays repeat, null is left out', { form: { a: 'x y', b: [1, 2], c: true, d: null as unknown as string } }, { body: 'a=x+y&b=1&b=2&c=true', contentType: 'application/x-www-form-urlencoded' }],
    ['form from URLSearchParams', { form: new URLSearchParams([['q', 'a&b']]) }, { body: 'q=a%26b', contentType: 'application/x-www-form-urlencoded' }],
  ];
  for (const [name, options, want] of cases) {
    test(name, async () => {
      const got = await encodeBody(options);
      assert.equal(got.body, want.body);
      assert.equal(got.contentType, want.contentType);
    });
  }

  test('one body only, naming those given', async () => {
    await assert.rejects(encodeBody({ data: {}, form: {} }), /this one has data and form: give only one of body \(or data\), form and multipart/);
  });

  test('multipart: fields and a { name, mimeType, buffer } file, shown by name and size', async () => {
    const { form, parts } = await parsed({ multipart: { note: 'hi', n: 2, file: { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('abc') } } });
    assert.equal(form.get('note'), 'hi');
    assert.equal(form.get('n'), '2');
    const file = form.get('file') as File;
    assert.deepEqual([file.name, file.type, await file.text()], ['a.txt', 'text/plain', 'abc']);
    assert.deepEqual(parts, { note: 'hi', n: '2', file: '(file a.txt: 3 bytes of text/plain)' });
  });

  test('multipart: a FormData, repeated fields kept', async () => {
    const given = new FormData();
    given.append('tag', 'a');
    given.append('tag', 'b');
    given.append('file', new Blob(['xyz'], { type: 'text/csv' }), 'x.csv');
    const { form, parts } = await parsed({ multipart: given });
    assert.deepEqual(form.getAll('tag'), ['a', 'b']);
    assert.equal(await (form.get('file') as File).text(), 'xyz');
    assert.deepEqual((parts as Record<string, unknown>).tag, ['a', 'b']);
  });

  test("multipart: an fs.ReadStream (Playwright's idiom) is read as a file named after its path", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-body-'));
    writeFileSync(join(dir, 'up.bin'), 'bytes');
    const { form } = await parsed({ multipart: { file: createReadStream(join(dir, 'up.bin')) } });
    const file = form.get('file') as File;
    assert.deepEqual([file.name, await file.text()], ['up.bin', 'bytes']);
  });

  test('multipart: an object that is not a file says how to give one', async () => {
    await assert.rejects(encodeBody({ multipart: { meta: { a: 1 } as never } }), /multipart field "meta" is an object but not a file: give a file as \{ name, mimeType, buffer \}/);
  });
});
