import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatch, editDistance } from './closest-match.ts';

test('editDistance counts insertions, deletions, substitutions and adjacent swaps', () => {
  const cases: Array<[string, string, number]> = [
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['retires', 'retries', 1],
    ['timout', 'timeout', 1],
    ['smoke', 'smoke', 0],
  ];
  for (const [a, b, d] of cases) {
    assert.equal(editDistance(a, b), d, `${a} → ${b}`);
    assert.equal(editDistance(b, a), d, `${b} → ${a}`);
  }
});

test('closestMatch suggests plausible typos only', () => {
  const keys = ['name', 'kind', 'runner', 'files', 'timeout', 'retries'];
  const cases: Array<[string, string | undefined]> = [
    ['retires', 'retries'],
    ['Kind', 'kind'],
    ['file', 'files'],
    ['timout', 'timeout'],
    ['banana', undefined],
    ['x', undefined],
  ];
  for (const [word, expected] of cases) assert.equal(closestMatch(word, keys), expected, word);
  assert.equal(closestMatch('b', ['a']), undefined, 'a one-letter word is not a typo of another');
  assert.equal(closestMatch('aa', ['a']), 'a');
});
