import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, SecretScrubber, truncate } from './redact.ts';

describe('SecretScrubber', () => {
  const scrubber = new SecretScrubber(['s3cret-token', 'abc', undefined, 's3cret-token-long']);

  test('replaces every secret value in text, the longest first, and ignores values too short to be secrets', () => {
    assert.equal(scrubber.text('a s3cret-token-long and s3cret-token; abc stays'), `a ${REDACTED} and ${REDACTED}; abc stays`);
  });

  for (const [name, value, expected] of [
    ['Authorization', 'Bearer anything', `Bearer ${REDACTED}`],
    ['authorization', 'Basic dXNlcjpwdw==', `Basic ${REDACTED}`],
    ['Proxy-Authorization', 'weird-scheme-value', REDACTED],
    ['Cookie', 'session=1', REDACTED],
    ['set-cookie', 'id=2; HttpOnly', REDACTED],
    ['X-Api-Key', 'k', REDACTED],
    ['X-Trace', 'carries s3cret-token inside', `carries ${REDACTED} inside`],
    ['Content-Type', 'application/json', 'application/json'],
  ] as const) {
    test(`header ${name}: ${JSON.stringify(value)} → ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(scrubber.headers({ [name]: value }), { [name.toLowerCase()]: expected });
    });
  }
});

describe('truncate', () => {
  test('keeps short text and cuts long text, saying how long it was', () => {
    assert.equal(truncate('short', 10), 'short');
    assert.equal(truncate('x'.repeat(25), 10), `${'x'.repeat(10)}… [truncated: 25 characters in total]`);
  });
});
