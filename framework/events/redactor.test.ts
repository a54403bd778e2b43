import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, Redactor } from './redactor.ts';

test('secrets are replaced in text and in JSON values, also when JSON-escaped', () => {
  const redactor = new Redactor(['s3cr3t-token', 'pa"ss\\word']);
  assert.equal(redactor.text('Authorization: Bearer s3cr3t-token'), `Authorization: Bearer ${REDACTED}`);
  const value = { headers: { auth: 'Bearer s3cr3t-token' }, body: 'x pa"ss\\word y' };
  assert.deepEqual(redactor.value(value), { headers: { auth: `Bearer ${REDACTED}` }, body: `x ${REDACTED} y` });
});

test('values too short to be secrets are ignored, and nothing changes without secrets', () => {
  const redactor = new Redactor(['', 'ab']);
  assert.equal(redactor.active, false);
  const value = { a: 'ab' };
  assert.equal(redactor.value(value), value);
});

test('pendingLength is the longest end of a text that could begin a secret', () => {
  const redactor = new Redactor(['hunter2', 'abcabd']);
  const cases: [string, number][] = [
    ['', 0],
    ['say hun', 3],
    ['say h', 1],
    ['say hunter', 6],
    ['say hunter2', 0], // a whole secret is redacted, not held
    ['say hunx', 0],
    ['xabcab', 5], // 'abcab' begins 'abcabd'; so does its end 'ab', but the longer wins
    ['ab', 2],
  ];
  for (const [text, expected] of cases) assert.equal(redactor.pendingLength(text), expected, JSON.stringify(text));
  assert.equal(new Redactor([]).pendingLength('anything'), 0);
});

test('a file body is redacted as text when it is UTF-8, whatever its type; in other bytes a secret is masked in place', () => {
  const redactor = new Redactor(['hunter2']);
  assert.equal(redactor.bytes(Buffer.from('{"token":"hunter2"} ✓')).toString(), `{"token":"${REDACTED}"} ✓`);
  const capture = Buffer.concat([Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0x00]), Buffer.from('Authorization: Bearer hunter2\r\n'), Buffer.from([0xff, 0x00])]);
  const masked = redactor.bytes(capture);
  assert.equal(masked.length, capture.length, 'offsets in a binary body still hold');
  assert.ok(masked.includes('Bearer *******'));
  assert.ok(!masked.includes('hunter2'));
  assert.ok(capture.includes('hunter2'), 'the caller\'s buffer is not changed');
  const latin1 = Buffer.from([0xe9, ...Buffer.from(' hunter2')]);
  assert.equal(redactor.bytes(latin1).toString('latin1'), 'é *******');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]);
  assert.equal(redactor.bytes(png), png, 'a body without a secret comes back as it was');
});
