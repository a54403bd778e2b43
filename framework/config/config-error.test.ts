import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, formatConfigError } from './config-error.ts';

test('formats every problem with its path and hint', () => {
  const err = new ConfigError('/p/tollgate.config.ts', [
    { path: 'suites[0].kind', message: 'must be one of unit, smoke, integration, performance, soak (got "smok")', hint: 'did you mean "smoke"?' },
    { path: 'suites[1].retires', message: 'unknown key "retires" — did you mean "retries"?', hint: 'known keys here: name, kind' },
    { path: 'workers', message: 'must be at least 1 (got 0)', hint: '' },
  ]);
  assert.ok(err instanceof Error);
  assert.equal(err.file, '/p/tollgate.config.ts');
  assert.equal(err.problems.length, 3);
  assert.equal(
    formatConfigError(err, '/p'),
    [
      'tollgate.config.ts has 3 problems:',
      '  suites[0].kind: must be one of unit, smoke, integration, performance, soak (got "smok")',
      '    hint: did you mean "smoke"?',
      '  suites[1].retires: unknown key "retires" — did you mean "retries"?',
      '    hint: known keys here: name, kind',
      '  workers: must be at least 1 (got 0)',
    ].join('\n'),
  );
  assert.match(formatConfigError(err), /^\/p\/tollgate.config.ts has 3 problems:/);
});

test('a file that did not load shows file:line:column and the message, no stack', () => {
  const err = new ConfigError('/p/tollgate.config.ts', [{ path: '', message: 'syntax error: Expected "}" but found "kind"', hint: 'Fix the syntax at this line.' }], {
    line: 3,
    column: 17,
  });
  const text = formatConfigError(err, '/p');
  assert.equal(text, 'tollgate.config.ts:3:17: syntax error: Expected "}" but found "kind"\n  hint: Fix the syntax at this line.');
  assert.doesNotMatch(text, /\n\s+at /);
  assert.equal(err.message, '/p/tollgate.config.ts:3: syntax error: Expected "}" but found "kind"');
});

test('one problem at a path still reads as a list', () => {
  const err = new ConfigError('/p/tollgate.config.ts', [{ path: 'timeout', message: 'expected an integer, got "30s"', hint: 'milliseconds' }]);
  assert.equal(formatConfigError(err, '/p'), 'tollgate.config.ts has 1 problem:\n  timeout: expected an integer, got "30s"\n    hint: milliseconds');
});
