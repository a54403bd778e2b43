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
import { runRobotText } from './helpers/robot-inline.ts';

const dir = mkdtempSync(join(tmpdir(), 'robot-kw-'));

/** Runs `text` as a suite file (plus `resources`, by file name) and returns 'STATUS message' per test name. */
const run = runRobotText;

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
    // Spacing between cells of one line is kept, as Robot 6.1+ keeps it.
    assert.equal(result.tests[0].doc, 'first    line\nsecond\n\nfourth\nfifth');
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

describe('robot user keyword arguments', () => {
  it('checks calls as Robot does, with its messages', async () => {
    const r = await run(lines(
      '*** Test Cases ***',
      'Positional to named-only',
      '    Named Only    oops    kwo=value',
      'Unexpected named after named',
      '    Named Only    kwo=value    bad=1    worse=2',
      'Missing named-only',
      '    Two Named Only    b=1',
      'Too many',
      '    Two Positional    1    2    3',
      'Too few with kwargs',
      '    Positional And Kwargs    1',
      'Multiple values',
      '    Two Positional    1    a=2',
      'Positional after named',
      '    Two Positional    a=1    2',
      'Name from a variable',
      '    ${name} =    Set Variable    kwo',
      '    ${r} =    Named Only    ${name}=value',
      '    Should Be Equal    ${r}    value',
      'Equal sign in positional',
      '    ${r} =    Two Positional    x=1    <=',
      '    Should Be Equal    ${r}    x=1-<=',
      'Default uses earlier argument',
      '    ${r} =    Defaults    1',
      '    Should Be Equal    ${r}    1-1',
      'Invalid default',
      '    Bad Default',
      'Non-string name',
      '    Positional And Kwargs    1    2    ${42}=no',
      '*** Keywords ***',
      'Named Only',
      '    [Arguments]    @{}    ${kwo}',
      '    RETURN    ${kwo}',
      'Two Named Only',
      '    [Arguments]    @{}    ${c}    ${b}    ${a}',
      '    No Operation',
      'Two Positional',
      '    [Arguments]    ${a}    ${b}',
      '    RETURN    ${a}-${b}',
      'Positional And Kwargs',
      '    [Arguments]    ${a}    ${b}    &{kw}',
      '    No Operation',
      'Defaults',
      '    [Arguments]    ${a}    ${b}=${a}',
      '    RETURN    ${a}-${b}',
      'Bad Default',
      '    [Arguments]    ${x}=@{TEST NAME}',
      '    No Operation',
    ));
    assert.deepEqual(r, {
      'Positional to named-only': "FAIL Keyword 'Named Only' expected 0 non-named arguments, got 1.",
      'Unexpected named after named': "FAIL Keyword 'Named Only' got unexpected named arguments 'bad' and 'worse'.",
      'Missing named-only': "FAIL Keyword 'Two Named Only' missing named-only arguments 'a' and 'c'.",
      'Too many': "FAIL Keyword 'Two Positional' expected 2 arguments, got 3.",
      'Too few with kwargs': "FAIL Keyword 'Positional And Kwargs' expected 2 non-named arguments, got 1.",
      'Multiple values': "FAIL Keyword 'Two Positional' got multiple values for argument 'a'.",
      'Positional after named': "FAIL Keyword 'Two Positional' got positional argument after named arguments.",
      'Name from a variable': 'PASS',
      'Equal sign in positional': 'PASS',
      'Default uses earlier argument': 'PASS',
      'Invalid default': "FAIL Resolving argument default values failed: Value of variable '@{TEST NAME}' is not list or list-like.",
      'Non-string name': 'FAIL Argument names must be strings.',
    });
  });

  it('fails every call to a keyword whose [Arguments] are invalid', async () => {
    const r = await run(lines(
      '*** Test Cases ***',
      'Kwargs not last',
      '    Kwargs Not Last',
      'Several errors',
      '    Several',
      '*** Keywords ***',
      'Kwargs Not Last',
      '    [Arguments]    &{kw}    @{va}',
      '    No Operation',
      'Several',
      '    [Arguments]    bad    ${d}=1    ${m}    @{a}=x',
      '    No Operation',
    ));
    assert.deepEqual(r, {
      'Kwargs not last': 'FAIL Invalid argument specification: Only last argument can be kwargs.',
      'Several errors': "FAIL Invalid argument specification: Multiple errors:\n- Invalid argument syntax 'bad'.\n- Non-default argument after default arguments.\n- Only normal arguments accept default values, list arguments like '@{a}' do not.",
    });
  });

  it('keeps a test body\'s own variables from the keywords it calls, and returns @{list} as a list', async () => {
    const r = await run(lines(
      '*** Variables ***',
      '${VAR}    suite value',
      '*** Test Cases ***',
      'Local stays local',
      '    ${var} =    Set Variable    local value',
      '    ${r} =    Default From Var',
      '    Should Be Equal    ${r}    suite value',
      'List return',
      '    ${r} =    Return List',
      '    Should Be Equal    ${r}    ${{["one"]}}',
      '*** Keywords ***',
      'Default From Var',
      '    [Arguments]    ${x}=${VAR}',
      '    RETURN    ${x}',
      'Return List',
      '    @{l} =    Create List    one',
      '    RETURN    @{l}',
    ));
    assert.deepEqual(r, { 'Local stays local': 'PASS', 'List return': 'PASS' });
  });
});

describe('robot keyword lookup', () => {
  it('fails calls to a keyword defined twice, and names every embedded match', async () => {
    const r = await run(lines(
      '*** Settings ***',
      'Resource    one.resource',
      'Resource    two.resource',
      '*** Test Cases ***',
      'Defined twice',
      '    Twice',
      'Embedded in two resources',
      '    x-one-y-two-z',
      '*** Keywords ***',
      'Twice',
      '    No Operation',
      'TWICE',
      '    No Operation',
    ), {
      'one.resource': lines('*** Keywords ***', '${a}-one-${b}', '    No Operation'),
      'two.resource': lines('*** Keywords ***', '${a}-two-${b}', '    No Operation'),
    });
    assert.deepEqual(r, {
      'Defined twice': 'FAIL Keyword with same name defined multiple times.',
      'Embedded in two resources': "FAIL Multiple keywords matching name 'x-one-y-two-z' found:\n    one.${a}-one-${b}\n    two.${a}-two-${b}",
    });
  });

  it('drops BDD prefixes, matches custom patterns and variables in embedded names', async () => {
    const r = await run(lines(
      '*** Variables ***',
      '${DATE}    2011-06-21',
      '*** Test Cases ***',
      'BDD',
      '    Given the date is 2011-06-21',
      '    And Should Be Equal    1    1',
      'Variable as embedded argument',
      '    ${n} =    Set Variable    ${42}',
      '    ${r} =    Number ${n} is a number',
      '    Should Be Equal    ${r}    ${42}',
      'Variable in a custom pattern',
      '    The date is ${DATE}',
      'More specific match wins',
      '    ${r} =    Pick 1 and b',
      '    Should Be Equal    ${r}    specific',
      '*** Keywords ***',
      'The date is ${date:\\d{4}-\\d{2}-\\d{2}}',
      '    Should Be Equal    ${date}    2011-06-21',
      'Number ${n} is a number',
      '    RETURN    ${n}',
      'Pick ${a} and ${b}',
      '    RETURN    generic',
      'Pick ${x} and b',
      '    RETURN    specific',
    ));
    assert.deepEqual(r, { BDD: 'PASS', 'Variable as embedded argument': 'PASS', 'Variable in a custom pattern': 'PASS', 'More specific match wins': 'PASS' });
  });
});

describe('robot Keyword Should Exist', () => {
  it('fails for a keyword defined twice', async () => {
    const r = await run(lines('*** Test Cases ***', 'T', '    Keyword Should Exist    Dupe', '*** Keywords ***', 'Dupe', '    No Operation', 'Dupe', '    No Operation'));
    assert.deepEqual(r, { T: 'FAIL Keyword with same name defined multiple times.' });
  });
});

describe('robot suite status', () => {
  it('skips every test when the suite setup skips, keeping the earlier message when the teardown skips', async () => {
    const setup = await run(lines('*** Settings ***', 'Suite Setup    Skip    Cannot go on', '*** Test Cases ***', 'T', '    Fail    not run'));
    assert.deepEqual(setup, { T: 'SKIP Skipped in parent suite setup:\nCannot go on' });
    const teardown = await run(lines('*** Settings ***', 'Suite Teardown    Skip    Late', '*** Test Cases ***', 'Failing', '    Fail    Oh no', 'Passing', '    No Operation'));
    assert.deepEqual(teardown, {
      Failing: 'SKIP Skipped in parent suite teardown:\nLate\n\nEarlier message:\nOh no',
      Passing: 'SKIP Skipped in parent suite teardown:\nLate',
    });
  });

  it('stops the run after Fatal Error or a failed robot:exit-on-failure test', async () => {
    const r = await run(lines(
      '*** Test Cases ***',
      'Tagged and failing',
      '    [Tags]    robot:exit-on-failure',
      '    Fail    Bad',
      'After it',
      '    No Operation',
    ));
    assert.deepEqual(r, { 'Tagged and failing': 'FAIL Bad', 'After it': 'FAIL Test execution stopped due to a fatal error.' });
    const fatal = await run(lines('*** Test Cases ***', 'Fatal', '    Fatal Error    The End', 'Next', '    No Operation'));
    assert.deepEqual(fatal, { Fatal: 'FAIL The End', Next: 'FAIL Test execution stopped due to a fatal error.' });
  });

  it('stops runaway recursion with Robot\'s message', async () => {
    const r = await run(lines('*** Test Cases ***', 'T', '    Recurse', '*** Keywords ***', 'Recurse', '    Recurse'));
    assert.deepEqual(r, { T: 'FAIL Recursive execution stopped.' });
  });
});
