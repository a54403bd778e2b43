/**
 * Robot Framework 7.3's BuiltIn library (issue 15): each case is a small
 * suite written here, run in-process, and checked against the status and
 * message Robot gives it: Should keywords' options (which must never fall
 * into `msg`), Run Keyword variants that resolve only their own arguments,
 * the keywords BuiltIn lacked, and no keyword Robot's BuiltIn has not.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../framework/runners/robot/engine.ts';
import { loadSuites } from '../framework/runners/robot/load-suite.ts';
import type { SuiteResult } from '../framework/runners/robot/result.ts';

const dir = mkdtempSync(join(tmpdir(), 'robot-builtin-'));
let suites = 0;

/** Writes the files (the suite is `suite.robot`), runs the suite and returns 'STATUS message' per test name, and the suite result. */
async function runFiles(files: Record<string, string>): Promise<{ tests: Record<string, string>; suite: SuiteResult }> {
  const sub = join(dir, String(++suites));
  mkdirSync(sub);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(sub, name), text);
  const suite = await new Engine({ console: () => undefined, rootDir: sub }).run(loadSuites([join(sub, 'suite.robot')]));
  const tests: Record<string, string> = {};
  const visit = (s: SuiteResult) => {
    for (const test of s.tests) tests[test.name] = `${test.status} ${test.message}`.trim();
    s.suites.forEach(visit);
  };
  visit(suite);
  return { tests, suite };
}

async function run(...rows: string[]): Promise<Record<string, string>> {
  return (await runFiles({ 'suite.robot': ['*** Test Cases ***', ...rows, ''].join('\n') })).tests;
}

describe('robot BuiltIn: Should keywords take their options by name', () => {
  it('strip_spaces, collapse_spaces and ignore_case change the comparison instead of becoming the message', async () => {
    const r = await run(
      'Not equal as strings after strip',
      '    Should Not Be Equal As Strings    ${SPACE}a    a    strip_spaces=True',
      'Not equal as strings after collapse',
      '    Should Not Be Equal As Strings    a${SPACE*3}b    a b    collapse_spaces=yes',
      'Not start with, case-insensitive',
      '    Should Not Start With    Straße    STRASSE    ignore_case=True',
      'Not end with, trailing spaces stripped',
      '    Should Not End With    value${SPACE}    value    strip_spaces=TRAILING',
      'Start with, case-insensitive',
      '    Should Start With    Hello world    HELLO    ignore_case=True',
      'Custom message without values',
      '    Should Be Equal As Integers    1    2    Only this    values=No Values',
    );
    assert.deepEqual(r, {
      'Not equal as strings after strip': 'FAIL a == a',
      'Not equal as strings after collapse': 'FAIL a b == a b',
      'Not start with, case-insensitive': "FAIL 'strasse' starts with 'strasse'",
      'Not end with, trailing spaces stripped': "FAIL 'value' ends with 'value'",
      'Start with, case-insensitive': 'PASS',
      'Custom message without values': 'FAIL Only this',
    });
  });

  it("Should Be Equal's type and types convert as Robot 7.3 does", async () => {
    const r = await run(
      'Second converted',
      '    Should Be Equal    ${42}    42    type=int',
      '    Should Be Equal    ${{[1, 2, "x"]}}    [1, 2.0, "x"]    type=list[int|str]',
      '    Should Be Equal    ${False}    no    type=auto',
      'Both converted',
      '    Should Be Equal    42    0x2A    types=int',
      'First must match',
      '    Should Be Equal    42    42    type=int',
      'Both type and types',
      '    Should Be Equal    1    1    type=int    types=int',
      'Bad conversion',
      '    Should Be Equal    ${1}    bad    type=int',
      'Unknown type',
      '    Should Be Equal    ${1}    1    type=nope',
    );
    assert.deepEqual(r, {
      'Second converted': 'PASS',
      'Both converted': 'PASS',
      'First must match': "FAIL ValueError: Argument 'first' got value '42' that does not match type 'int'.",
      'Both type and types': "FAIL TypeError: Cannot use both 'type' and 'types' arguments.",
      'Bad conversion': "FAIL ValueError: Argument 'second' got value 'bad' that cannot be converted to integer.",
      'Unknown type': "FAIL TypeError: Unrecognized type 'nope'.",
    });
  });

  it('Should Contain Any takes msg and the options as named-only arguments', async () => {
    const r = await run(
      'Any, case-insensitive',
      '    Should Contain Any    Hello    x    LL    ignore_case=True',
      'Any fails with a custom message',
      '    Should Contain Any    abc    x    y    msg=Custom    values=False',
    );
    assert.deepEqual(r, { 'Any, case-insensitive': 'PASS', 'Any fails with a custom message': 'FAIL Custom' });
  });
});

describe('robot BuiltIn: Run Keyword variants resolve only their own arguments', () => {
  it('a branch that does not run never resolves its variables; ELSE and ELSE IF need their keyword', async () => {
    const r = await run(
      'False condition',
      '    Run Keyword If    False    Log    ${NON EXISTING}',
      '    Run Keyword Unless    True    Log    ${NON EXISTING}',
      '    Comment    ${NON EXISTING}',
      'ELSE branch runs',
      '    ${v} =    Run Keyword If    False    Fail    ${NON EXISTING}    ELSE    Set Variable    else',
      '    Should Be Equal    ${v}    else',
      'ELSE without keyword',
      '    Run Keyword If    True    Log    x    ELSE',
      'ELSE IF without keyword',
      '    Run Keyword If    True    Log    x    ELSE IF    True',
      'Repeat with a float count',
      '    Repeat Keyword    1.3    Log    x',
    );
    assert.equal(r['False condition'], 'PASS');
    assert.equal(r['ELSE branch runs'], 'PASS');
    assert.equal(r['ELSE without keyword'], 'FAIL ELSE requires keyword.');
    assert.equal(r['ELSE IF without keyword'], 'FAIL ELSE IF requires condition and keyword.');
    assert.match(r['Repeat with a float count'], /^FAIL '1\.3' cannot be converted to an integer: ValueError:/);
  });

  it('Run Keyword If Test Failed / Passed / Timeout Occurred run only in a test teardown, by the test status', async () => {
    const r = await run(
      'Failing test',
      '    Fail    Expected',
      '    [Teardown]    Run Keyword If Test Failed    Fail    Teardown ran',
      'Passing test',
      '    No Operation',
      '    [Teardown]    Run Keyword If Test Passed    Fail    Teardown ran',
      'Not run when the test passes',
      '    No Operation',
      '    [Teardown]    Run Keyword If Test Failed    Fail    Should not run',
      'Timed out',
      '    [Timeout]    50ms',
      '    Sleep    1s',
      '    [Teardown]    Run Keyword If Timeout Occurred    Fail    Timeout seen',
      'Outside a teardown',
      '    Run Keyword If Test Failed    Log    x',
    );
    assert.deepEqual(r, {
      'Failing test': 'FAIL Expected\n\nAlso teardown failed:\nTeardown ran',
      'Passing test': 'FAIL Teardown failed:\nTeardown ran',
      'Not run when the test passes': 'PASS',
      'Timed out': 'FAIL Test timeout 50 milliseconds exceeded.\n\nAlso teardown failed:\nTimeout seen',
      'Outside a teardown': "FAIL Keyword 'Run Keyword If Test Failed' can only be used in test teardown.",
    });
  });

  it('Run Keyword If All Tests Passed / Any Tests Failed look at the suite in its teardown', async () => {
    const { suite } = await runFiles({
      'suite.robot': [
        '*** Settings ***',
        'Suite Teardown    Run Keywords    Run Keyword If Any Tests Failed    Fail    Some failed    AND    Run Keyword If All Tests Passed    Fail    Never',
        '*** Test Cases ***',
        'Passes',
        '    No Operation',
        'Fails',
        '    Fail    Oops',
        '',
      ].join('\n'),
    });
    assert.equal(suite.message, 'Suite teardown failed:\nSome failed');
  });

  it('Run Keywords goes on after a continuable failure, and RETURN after one keeps it', async () => {
    const r = await run(
      'Continuable then more',
      '    Run Keywords    Run Keyword And Continue On Failure    Fail    One    AND    Fail    Two',
      'Continuable then return',
      '    Run Keywords    Run Keyword And Continue On Failure    Fail    Continuable    AND    Run Keyword And Return    Set Variable    x    AND    Fail    Not run',
    );
    assert.deepEqual(r, { 'Continuable then more': 'FAIL Several failures occurred:\n\n1) One\n\n2) Two', 'Continuable then return': 'FAIL Continuable' });
  });
});

describe('robot BuiltIn: keywords it lacked', () => {
  it('Convert To Bytes, Convert To Hex/Binary/Octal and Regexp Escape', async () => {
    const r = await run(
      'Bytes',
      '    ${b} =    Convert To Bytes    hyvä    text',
      '    Should Be Equal    ${b}    ${{bytes([104, 121, 118, 228])}}',
      '    ${b} =    Convert To Bytes    00 ff 10    hex',
      '    Should Be Equal    ${b}    ${{bytes(int(i) for i in [0, 255, 16])}}',
      'Bytes out of range',
      '    Convert To Bytes    256    int',
      'Radix',
      '    ${h} =    Convert To Hex    255    prefix=0x    length=4',
      '    Should Be Equal    ${h}    0x00FF',
      '    ${b} =    Convert To Binary    -5',
      '    Should Be Equal    ${b}    -101',
      'Escape',
      '    ${e} =    Regexp Escape    a.b*c',
      '    Should Be Equal    ${e}    a\\\\.b\\\\*c',
    );
    assert.deepEqual(r, {
      Bytes: 'PASS',
      'Bytes out of range': "FAIL Creating bytes failed: Integer '256' cannot be represented as a byte.",
      Radix: 'PASS',
      Escape: 'PASS',
    });
  });

  it('Set Suite Metadata, Set Suite Documentation and Set Test Message with append and separator', async () => {
    const { tests, suite } = await runFiles({
      'suite.robot': [
        '*** Settings ***',
        'Metadata    Version    1',
        '*** Test Cases ***',
        'Metadata and docs',
        '    Set Suite Metadata    version    2    append=yes    separator=/',
        '    Should Be Equal    ${SUITE METADATA}[Version]    1/2',
        '    Set Suite Documentation    New doc',
        '    Should Be Equal    ${SUITE DOCUMENTATION}    New doc',
        'Message',
        '    Set Test Message    First',
        '    Set Test Message    second    append=yes    separator=,${SPACE}',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, { 'Metadata and docs': 'PASS', Message: 'PASS First, second' });
    assert.deepEqual(suite.metadata, [['Version', '1/2']]);
    assert.equal(suite.doc, 'New doc');
  });

  it('Import Resource, Import Variables (YAML; a Python file is refused by name) and Set Library Search Order', async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'Import resource',
        '    Import Resource    ${CURDIR}/one.resource',
        '    ${v} =    From One',
        '    Should Be Equal    ${v}    one',
        'Import yaml variables',
        '    Import Variables    ${CURDIR}/vars.yaml',
        '    Should Be Equal    ${GREETING}    hello',
        'Python variable file',
        '    Import Variables    ${CURDIR}/vars.py',
        'Search order',
        '    Import Resource    ${CURDIR}/one.resource',
        '    Import Resource    ${CURDIR}/two.resource',
        '    Set Library Search Order    two',
        '    ${v} =    Same',
        '    Should Be Equal    ${v}    two',
        '',
      ].join('\n'),
      'one.resource': '*** Keywords ***\nFrom One\n    RETURN    one\nSame\n    RETURN    one\n',
      'two.resource': '*** Keywords ***\nSame\n    RETURN    two\n',
      'vars.yaml': 'GREETING: hello\n',
      'vars.py': 'GREETING = "hello"\n',
    });
    assert.equal(tests['Import resource'], 'PASS');
    assert.equal(tests['Import yaml variables'], 'PASS');
    assert.match(tests['Python variable file'], /^FAIL Importing variable file '.*vars\.py' failed: .*vars\.py is a Python variable file/);
    assert.equal(tests['Search order'], 'PASS');
  });

  it('Create Dictionary takes separate keys and values, key=value items and escaped equals', async () => {
    const r = await run(
      'Separate',
      '    &{d} =    Create Dictionary    a    1    b=2',
      '    Should Be Equal    ${d}    ${{{"a": "1", "b": "2"}}}',
      'Escaped equals',
      '    &{d} =    Create Dictionary    k\\=ey=v',
      '    Should Be Equal    ${d}    ${{{"k=ey": "v"}}}',
      'Odd count',
      '    Create Dictionary    a    1    b',
    );
    assert.deepEqual(r, { Separate: 'PASS', 'Escaped equals': 'PASS', 'Odd count': 'FAIL Expected even number of keys and values, got 3.' });
  });

  it('Continue For Loop If and Exit For Loop If leave the iteration and the loop', async () => {
    const r = await run(
      'Loop',
      '    ${seen} =    Set Variable    ${EMPTY}',
      '    FOR    ${i}    IN RANGE    10',
      '        Continue For Loop If    ${i} == 1',
      '        Exit For Loop If    ${i} == 3',
      '        ${seen} =    Set Variable    ${seen}${i}',
      '    END',
      '    Should Be Equal    ${seen}    02',
    );
    assert.equal(r.Loop, 'PASS');
  });

  it('Keyword Should Exist refuses an empty name as Robot does', async () => {
    const r = await run('Empty', '    Keyword Should Exist    ${EMPTY}');
    assert.equal(r.Empty, 'FAIL Keyword name cannot be empty.');
  });
});

describe('robot BuiltIn: names as data, formatters and time strings', () => {
  it('Variable Should (Not) Exist and Get Variable Value take names, and refuse what is not one', async () => {
    const r = await run(
      'Exists by name forms',
      '    ${x} =    Set Variable    1',
      '    Variable Should Exist    ${x}',
      '    Variable Should Exist    \\${x}',
      '    Variable Should Exist    $x',
      '    Variable Should Not Exist    ${nope}',
      'Not exists fails',
      '    ${x} =    Set Variable    1',
      '    Variable Should Not Exist    $x',
      'Invalid name',
      '    Variable Should Exist    invalid',
      'Default value',
      '    ${v} =    Get Variable Value    ${nope}',
      '    Should Be Equal    ${v}    ${None}',
      '    @{l} =    Get Variable Value    @{nope}',
      '    Should Be Empty    ${l}',
    );
    assert.deepEqual(r, {
      'Exists by name forms': 'PASS',
      'Not exists fails': "FAIL Variable '${x}' exists.",
      'Invalid name': "FAIL Invalid variable name 'invalid'.",
      'Default value': 'PASS',
    });
  });

  it("Log's formatter, Sleep's time string with spaces, and a keyword defined twice", async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'Bad formatter',
        '    Log    x    formatter=nope',
        'Sleep with spaced units',
        '    Sleep    0 hours 0 mins 0 S E C O N D S 5 milliseconds',
        'Bad sleep',
        '    Sleep    soon',
        'Twice',
        '    Defined Twice',
        '*** Keywords ***',
        'Defined Twice',
        '    No Operation',
        'Defined Twice',
        '    No Operation',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, {
      'Bad formatter': "FAIL ValueError: Invalid formatter 'nope'. Available 'str', 'repr', 'ascii', 'len' and 'type'.",
      'Sleep with spaced units': 'PASS',
      'Bad sleep': "FAIL ValueError: Invalid time string 'soon'.",
      Twice: 'FAIL Keyword with same name defined multiple times.',
    });
  });
});

describe('robot BuiltIn: only the keywords Robot has', () => {
  it('has no Should Be String, so String\'s is found without "Multiple keywords"', async () => {
    const { tests } = await runFiles({
      'suite.robot': '*** Settings ***\nLibrary    String\n*** Test Cases ***\nString keyword\n    Should Be String    abc\n',
    });
    assert.equal(tests['String keyword'], 'PASS');
  });
});
