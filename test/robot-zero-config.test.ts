import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outcomes, runInline } from './helpers/run-inline.ts';

test('without a config, .robot files run as a robot suite beside native tests', async () => {
  const result = await runInline(
    {
      'checks.robot': '*** Test Cases ***\nAdds\n    Should Be Equal    ${{1+1}}    ${2}\nFails\n    Should Be Equal    a    b\n',
      'native.spec.ts': `import { test } from 'tollgate';\ntest('native', () => {});`,
    },
    ['run', '.'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const byTitle = outcomes(result.events());
  assert.equal(byTitle['Adds'].outcome, 'passed');
  assert.equal(byTitle['Fails'].outcome, 'failed');
  assert.equal(byTitle['Fails'].message, 'a != b');
  assert.equal(byTitle['native'].outcome, 'passed');
});
