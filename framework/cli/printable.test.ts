import assert from 'node:assert/strict';
import { test } from 'node:test';
import { printable } from './printable.ts';

test('printable: controls, ANSI escapes, line and direction marks become visible escapes; other text is kept', () => {
  const cases: Array<[string, string]> = [
    ['v1.2.3 gate=deploy', 'v1.2.3 gate=deploy'],
    ['a\nb\r\tc', 'a\\nb\\r\\tc'],
    ['\u001b[31mred\u001b[0m', '\\u001B[31mred\\u001B[0m'],
    ['\u0000\u007f\u0085', '\\u0000\\u007F\\u0085'],
    ['x\u2028y\u202Ez', 'x\\u2028y\\u202Ez'],
    ['\uD800 \uDC00', '\\uD800 \\uDC00'],
    ['😀 é ü', '😀 é ü'],
    ['C:\\new', 'C:\\\\new'],
  ];
  for (const [text, expected] of cases) assert.equal(printable(text), expected, JSON.stringify(text));
});
