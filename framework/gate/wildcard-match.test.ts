import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wildcardMatch } from './wildcard-match.ts';

test('* stands for any text, also none; every other character is itself', () => {
  const cases: Array<[string, string, boolean]> = [
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['', '', true],
    ['*', '', true],
    ['*', 'anything', true],
    ['**', 'x', true],
    ['a*', 'a', true],
    ['a*', 'ba', false],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a*b', 'ab', true],
    ['a*b', 'a', false],
    ['ab*ba', 'aba', false],
    ['ab*ba', 'abba', true],
    ['*a*b*', 'xxaxxbxx', true],
    ['*a*b*', 'xxbxxaxx', false],
    ['*ab*ab*', 'abab', true],
    ['*ab*ab*', 'aba', false],
    ['a.b', 'axb', false],
    ['a.b', 'a.b', true],
    ['(x)*[y]', '(x) and [y]', true],
    ['^$*', '^$', true],
    ['smoke › * › one', 'smoke › a.spec.ts › one', true],
    ['smoke › * › one', 'smoke › a.spec.ts › one (x)', false],
    ['* › broken', 'default › a.spec.ts › broken', true],
  ];
  for (const [pattern, text, expected] of cases) assert.equal(wildcardMatch(pattern, text), expected, `${pattern} ~ ${text}`);
});

test('many stars against a long text: no backtracking, the answer comes at once', { timeout: 30_000 }, () => {
  // As a regular expression (^.*a.*a…b$) this pattern takes seconds on 30 characters and hours on 60.
  const pattern = `${'*a'.repeat(14)}*b`;
  assert.equal(wildcardMatch(pattern, 'a'.repeat(10_000)), false);
  assert.equal(wildcardMatch(pattern, `${'a'.repeat(10_000)}b`), true);
  assert.equal(wildcardMatch(pattern, `${'a'.repeat(13)}b`), false, 'fourteen a are needed');
  assert.equal(wildcardMatch(pattern, `${'a'.repeat(14)}b`), true);
});
