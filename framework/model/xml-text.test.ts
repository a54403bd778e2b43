import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xmlSafeText } from './xml-text.ts';

test('xmlSafeText: characters XML 1.0 cannot hold become visible \\uXXXX; all others are kept', () => {
  const cases: Array<[string, string]> = [
    ['plain <&> "text"', 'plain <&> "text"'],
    ['tab\tnew\nline\rreturn', 'tab\tnew\nline\rreturn'],
    ['\u0000\u0001\u0008\u000B\u000C\u000E\u001F', '\\u0000\\u0001\\u0008\\u000B\\u000C\\u000E\\u001F'],
    ['a\uFFFEb\uFFFFc', 'a\\uFFFEb\\uFFFFc'],
    ['lone \uD800 and \uDFFF', 'lone \\uD800 and \\uDFFF'],
    ['pair \u{1F600} \uFFFD \uE000 \u007F \u0085', 'pair \u{1F600} \uFFFD \uE000 \u007F \u0085'],
  ];
  for (const [text, expected] of cases) assert.equal(xmlSafeText(text), expected, JSON.stringify(text));
});
