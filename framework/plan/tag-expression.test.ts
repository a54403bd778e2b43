import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTagExpression, TagExpressionError } from './tag-expression.ts';

test('evaluates expressions against tag sets', () => {
  const cases: Array<[expr: string, tags: string[], expected: boolean]> = [
    ['api', ['api'], true],
    ['api', ['smoke'], false],
    ['@api', ['api'], true],
    ['api', ['@api'], true],
    ['api and not slow', ['api'], true],
    ['api and not slow', ['api', 'slow'], false],
    ['api and not slow', ['slow'], false],
    ['(smoke or api) and not @flaky', ['smoke'], true],
    ['(smoke or api) and not @flaky', ['api', 'flaky'], false],
    ['(smoke or api) and not @flaky', ['unit'], false],
    ['API AND NOT Slow', ['API'], true],
    ['Api', ['api'], false],
    ['not not api', ['api'], true],
    ['  api   or\tsmoke ', ['smoke'], true],
    ['a and (b or (c and not d))', ['a', 'c'], true],
    ['a and (b or (c and not d))', ['a', 'c', 'd'], false],
  ];
  for (const [expr, tags, expected] of cases) {
    assert.equal(parseTagExpression(expr).matches(tags), expected, `${expr} with [${tags.join(', ')}]`);
  }
});

test('precedence is not > and > or', () => {
  // a or b and c  ==  a or (b and c)
  const orAnd = parseTagExpression('a or b and c');
  assert.equal(orAnd.matches(['a']), true);
  assert.equal(orAnd.matches(['b']), false);
  assert.equal(orAnd.matches(['b', 'c']), true);
  // a and b or c  ==  (a and b) or c
  const andOr = parseTagExpression('a and b or c');
  assert.equal(andOr.matches(['c']), true);
  assert.equal(andOr.matches(['a']), false);
  // not a and b  ==  (not a) and b
  const notAnd = parseTagExpression('not a and b');
  assert.equal(notAnd.matches(['b']), true);
  assert.equal(notAnd.matches([]), false);
  assert.equal(notAnd.matches(['a', 'b']), false);
  // not a or b  ==  (not a) or b
  const notOr = parseTagExpression('not a or b');
  assert.equal(notOr.matches(['a', 'b']), true);
  assert.equal(notOr.matches(['a']), false);
});

test('keeps the source and lists the tags it mentions without @', () => {
  const expr = parseTagExpression('(@smoke or api) and not smoke');
  assert.equal(expr.source, '(@smoke or api) and not smoke');
  assert.deepEqual(expr.tags, ['smoke', 'api']);
});

test('syntax errors name the position and what was expected', () => {
  const cases: Array<[expr: string, message: string, column: number]> = [
    ['api and', 'tag expression "api and": expected a tag after "and" at column 8', 8],
    ['', 'tag expression "": expected a tag at column 1', 1],
    ['not', 'tag expression "not": expected a tag after "not" at column 4', 4],
    ['and api', 'tag expression "and api": expected a tag, found "and" at column 1', 1],
    ['api or or smoke', 'tag expression "api or or smoke": expected a tag after "or", found "or" at column 8', 8],
    ['(api', 'tag expression "(api": expected ")" to close the "(" at column 1, found the end at column 5', 5],
    ['api)', 'tag expression "api)": unexpected ")" with no matching "(" at column 4', 4],
    ['api smoke', 'tag expression "api smoke": expected "and" or "or" before "smoke" at column 5', 5],
    ['api and @', 'tag expression "api and @": expected a tag name after "@" at column 9', 9],
    ['()', 'tag expression "()": expected a tag after "(", found ")" at column 2', 2],
  ];
  for (const [expr, message, column] of cases) {
    assert.throws(
      () => parseTagExpression(expr),
      (err: unknown) => {
        assert.ok(err instanceof TagExpressionError, `${expr}: a TagExpressionError`);
        assert.equal(err.message, message);
        assert.equal(err.column, column);
        assert.equal(err.source, expr);
        return true;
      },
    );
  }
});
