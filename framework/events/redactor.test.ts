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
