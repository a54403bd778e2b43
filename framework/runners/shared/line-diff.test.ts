import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lineDiff } from './line-diff.ts';

describe('lineDiff', () => {
  it('aligns equal lines and marks the rest', () => {
    assert.equal(lineDiff('a\nb\nc', 'a\nx\nc'), '--- expected\n+++ actual\n a\n-b\n+x\n c');
  });

  it('prints objects as indented JSON before diffing', () => {
    assert.equal(lineDiff({ a: 1 }, { a: 2 }), '--- expected\n+++ actual\n {\n-  "a": 1\n+  "a": 2\n }');
  });

  it('handles undefined and values JSON cannot print', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    assert.equal(lineDiff(undefined, 1), '--- expected\n+++ actual\n-undefined\n+1');
    assert.match(lineDiff(circular, 'x'), /-\[object Object\]/);
  });
});
