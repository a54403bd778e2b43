import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forbiddenOnlyMessage, resolveForbidOnly } from './forbid-only.ts';

test('forbidOnly: the flag wins, then the config, then $CI', () => {
  const table: [boolean | undefined, boolean | undefined, string | undefined, boolean][] = [
    [undefined, undefined, '1', true],
    [undefined, undefined, 'true', true],
    [undefined, undefined, '', false],
    [undefined, undefined, '0', false],
    [undefined, undefined, 'false', false],
    [undefined, undefined, undefined, false],
    [undefined, false, '1', false],
    [undefined, true, undefined, true],
    [false, true, '1', false],
    [true, false, undefined, true],
  ];
  for (const [flag, config, ci, forbid] of table) {
    assert.equal(resolveForbidOnly(flag, config, ci === undefined ? {} : { CI: ci }).forbid, forbid, `flag ${flag}, config ${config}, CI ${ci}`);
  }
});

test('the refusal names every .only by file:line:column', () => {
  const message = forbiddenOnlyMessage(
    [
      { kind: 'test.only', title: 'b', location: { file: 'a.spec.ts', line: 3, column: 6 } },
      { kind: 'describe.only', title: 'group', location: { file: 'c.spec.ts', line: 7, column: 1 } },
    ],
    'the CI environment variable is set',
  );
  assert.match(message, /forbidOnly is on \(the CI environment variable is set\)/);
  assert.match(message, /a\.spec\.ts:3:6 test\.only\("b"\)/);
  assert.match(message, /c\.spec\.ts:7:1 describe\.only\("group"\)/);
  assert.match(message, /--no-forbid-only/);
});
