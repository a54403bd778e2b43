/**
 * Robot Framework 7.3 semantics of user keywords, settings and test status
 * (issue 15): each case is a small suite written here, run in-process, and
 * checked against the status and message Robot gives it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../framework/runners/robot/engine.ts';
import { loadSuites } from '../framework/runners/robot/load-suite.ts';
import type { SuiteResult } from '../framework/runners/robot/result.ts';

const dir = mkdtempSync(join(tmpdir(), 'robot-kw-'));
let files = 0;

/** Runs `text` as a suite file (plus `resources`, by file name) and returns 'STATUS message' per test name. */
async function run(text: string, resources: Record<string, string> = {}): Promise<Record<string, string>> {
  const sub = join(dir, String(++files));
  const { mkdirSync } = await import('node:fs');
  mkdirSync(sub);
  for (const [name, content] of Object.entries(resources)) writeFileSync(join(sub, name), content);
  const path = join(sub, 'suite.robot');
  writeFileSync(path, text);
  const result = await new Engine({ console: () => undefined, rootDir: sub }).run(loadSuites([path]));
  const out: Record<string, string> = {};
  const visit = (suite: SuiteResult) => {
    for (const test of suite.tests) out[test.name] = `${test.status} ${test.message}`.trim();
    suite.suites.forEach(visit);
  };
  visit(result);
  return out;
}

const lines = (...rows: string[]) => `${rows.join('\n')}\n`;

describe('robot test and keyword settings', () => {
  it('fails a test or keyword whose [Timeout] has a message as a second value', async () => {
    const r = await run(lines(
      '*** Test Cases ***',
      'Test timeout with message',
      '    [Timeout]    1s    My message',
      '    No Operation',
      'Keyword timeout with message',
      '    Timed',
      '*** Keywords ***',
      'Timed',
      '    [Timeout]    1s    My    message',
      '    No Operation',
    ));
    assert.deepEqual(r, {
      'Test timeout with message': "FAIL Setting 'Timeout' accepts only one value, got 2.",
      'Keyword timeout with message': "FAIL Setting 'Timeout' accepts only one value, got 3.",
    });
  });

  it('fails at an unknown or repeated setting, where it stands', async () => {
    const r = await run(lines(
      '*** Test Cases ***',
      'Unknown',
      '    Log    runs first',
      '    [Bogus]    x',
      '    Fail    not reached',
      'Not for tests',
      '    [Arguments]    ${x}',
      '    No Operation',
      'Twice',
      '    [Tags]    a',
      '    [Tags]    b',
      '    No Operation',
    ));
    assert.deepEqual(r, {
      Unknown: "FAIL Non-existing setting 'Bogus'.",
      'Not for tests': "FAIL Setting 'Arguments' is not allowed with tests or tasks.",
      Twice: "FAIL Setting 'Tags' is allowed only once. Only the first value is used.",
    });
  });

  it('joins documentation lines with newlines', async () => {
    const path = join(dir, 'doc.robot');
    writeFileSync(path, lines('*** Test Cases ***', 'T', '    [Documentation]    first    line', '    ...    second', '    ...', '    ...    fourth\\n', '    ...    fifth', '    No Operation'));
    const result = await new Engine({ console: () => undefined }).run(loadSuites([path]));
    assert.equal(result.tests[0].doc, 'first line\nsecond\n\nfourth\nfifth');
  });

  it('runs the deprecated [Return] setting as a RETURN at the end of the keyword', async () => {
    const r = await run(lines(
      '*** Test Cases ***',
      'Return setting',
      '    ${x} =    Only Return    a',
      '    Should Be Equal    ${x}    a-b',
      '*** Keywords ***',
      'Only Return',
      '    [Arguments]    ${a}',
      '    [Return]    ${a}-b',
    ));
    assert.deepEqual(r, { 'Return setting': 'PASS' });
  });
});
