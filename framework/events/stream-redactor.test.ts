import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, Redactor } from './redactor.ts';
import { StreamRedactor } from './stream-redactor.ts';

/** Writes the chunks through one stream and returns what was released, chunk by chunk, then what end() gave. */
function stream(secrets: string[], chunks: string[]): string[] {
  const out = new StreamRedactor(new Redactor(secrets));
  return [...chunks.map((chunk) => out.write(chunk)), out.end()];
}

test('a secret in pieces is redacted where the pieces are joined; other text passes as it came', () => {
  const cases: { chunks: string[]; released: string[] }[] = [
    { chunks: ['hun', 'ter2\n'], released: ['', `${REDACTED}\n`, ''] },
    { chunks: ['pw: h', 'u', 'nter', '2 ok\n'], released: ['pw: ', '', '', `${REDACTED} ok\n`, ''] },
    { chunks: ['hunter2 and hun', 'ter2'], released: [`${REDACTED} and `, REDACTED, ''] },
    // A piece that is not continued is released as it was, at the next chunk or at the end.
    { chunks: ['hun', 'dred\n'], released: ['', 'hundred\n', ''] },
    { chunks: ['last words: hunt'], released: ['last words: ', 'hunt'] },
    { chunks: ['plain\n', 'text\n'], released: ['plain\n', 'text\n', ''] },
  ];
  for (const { chunks, released } of cases) {
    assert.deepEqual(stream(['hunter2'], chunks), released, JSON.stringify(chunks));
    assert.ok(!released.join('').includes('hunter2'));
  }
});

test('whatever way a text is cut, the joined output holds no secret and loses nothing else', () => {
  const secrets = ['hunter2', 'abcabd', 's3cr3t-t0ken'];
  const text = 'a hunter2 b abcabcabd c s3cr3t-t0kens3cr3t-t0ken d abcab';
  const expected = new Redactor(secrets).text(text);
  for (let a = 0; a <= text.length; a++) {
    for (let b = a; b <= text.length; b += 3) {
      const joined = stream(secrets, [text.slice(0, a), text.slice(a, b), text.slice(b)]).join('');
      assert.equal(joined, expected, `cut at ${a} and ${b}`);
    }
  }
});

test('without secrets nothing is held', () => {
  assert.deepEqual(stream([], ['hun', 'ter2']), ['hun', 'ter2', '']);
});
