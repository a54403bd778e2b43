/**
 * Standard-library behaviour Tollgate lacked against Robot 7.3 (issue 15):
 * Get Variables, Log Variables, Get Library Instance, Reload Library, Set
 * Tags / Remove Tags in a suite setup (every test below gets the change),
 * Set Test Message in a test teardown, ${PREV TEST NAME|STATUS|MESSAGE},
 * results computed as Python computes them (round(), difflib's unified
 * diff, repr()), and Python's messages when BuiltIn, Collections or String
 * get an argument of another type. Each case is a small suite written here
 * and run in-process; statuses and messages are Robot 7.3's (checked
 * against Robot 7.3.2 running the same data).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../framework/runners/robot/engine.ts';
import { loadSuites } from '../framework/runners/robot/load-suite.ts';
import type { BodyResult, SuiteResult, TestResult } from '../framework/runners/robot/result.ts';

const dir = mkdtempSync(join(tmpdir(), 'robot-builtin-semantics-'));
let runs = 0;

/** Writes the files, runs `entry` (a file or the folder) and returns 'STATUS message' per test, and the tests' results. */
async function runFiles(files: Record<string, string>, entry = 'suite.robot'): Promise<{ tests: Record<string, string>; results: Record<string, TestResult> }> {
  const sub = join(dir, String(++runs));
  mkdirSync(sub);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(sub, name, '..'), { recursive: true });
    writeFileSync(join(sub, name), text);
  }
  const suite = await new Engine({ console: () => undefined, rootDir: sub }).run(loadSuites([entry === '.' ? sub : join(sub, entry)]));
  const tests: Record<string, string> = {};
  const results: Record<string, TestResult> = {};
  const visit = (s: SuiteResult) => {
    for (const test of s.tests) {
      tests[test.name] = `${test.status} ${test.message}`.trim();
      results[test.name] = test;
    }
    s.suites.forEach(visit);
  };
  visit(suite);
  return { tests, results };
}

function messages(nodes: BodyResult[]): string[] {
  return nodes.flatMap((n) => [...n.messages.map((m) => `${m.level} ${m.text}`), ...messages(n.body)]);
}

describe('robot BuiltIn: Set Tags and Remove Tags in a suite setup', () => {
  it('change every test of the suite, recursively; ${TEST TAGS} is a sorted copy; a suite teardown refuses them', async () => {
    const { tests, results } = await runFiles({
      'tree/__init__.robot': [
        '*** Settings ***',
        'Suite Setup    Run Keywords    Set Tags    from-init    drop-me    AND    Remove Tags    DROP*',
        'Test Tags    init-tag',
        '',
      ].join('\n'),
      'tree/child.robot': [
        '*** Settings ***',
        'Suite Setup    Set Tags    Zeta    alpha    Alpha',
        'Suite Teardown    Remove Tags    alpha',
        'Test Tags    own',
        '*** Test Cases ***',
        'Tags from both suite setups',
        '    Should Be True    $TEST_TAGS == ["alpha", "from-init", "init-tag", "own", "Zeta"]',
        'Changing the variable changes no tag',
        '    Set Tags    new',
        '    Append To List    ${TEST TAGS}    not a tag',
        '    Remove Tags    Z*',
        '    Should Be True    $TEST_TAGS == ["alpha", "from-init", "init-tag", "new", "own"]',
        '*** Settings ***',
        'Library    Collections',
        '',
      ].join('\n'),
    }, 'tree');
    assert.deepEqual(tests, {
      'Tags from both suite setups': "FAIL Parent suite teardown failed:\n'Remove Tags' cannot be used in suite teardown.",
      'Changing the variable changes no tag': "FAIL Parent suite teardown failed:\n'Remove Tags' cannot be used in suite teardown.",
    });
    assert.deepEqual(results['Changing the variable changes no tag'].tags, ['alpha', 'from-init', 'init-tag', 'new', 'own']);
    assert.deepEqual(results['Tags from both suite setups'].tags, ['alpha', 'from-init', 'init-tag', 'own', 'Zeta']);
  });

  it("log Robot's messages", async () => {
    const { results } = await runFiles({
      'suite.robot': '*** Test Cases ***\nT\n    Set Tags    a    b    c\n    Remove Tags    a\n',
    });
    assert.deepEqual(messages(results.T.body), ["INFO Set tags 'a', 'b' and 'c'.", "INFO Removed tag 'a'."]);
  });
});

describe('robot BuiltIn: Get Variables and Log Variables', () => {
  const suite = [
    '*** Variables ***',
    '${SCALAR}    value',
    '@{LIST}    a    b',
    '&{DICT}    k=v',
    '*** Test Cases ***',
    'Get Variables decorates names by their value',
    '    ${local} =    Set Variable    mine',
    '    ${vars} =    Get Variables',
    '    Should Be Equal    ${vars}[\\${SCALAR}]    value',
    '    Should Be Equal    ${vars}[\\@{LIST}]    ${LIST}',
    '    Should Be Equal    ${vars}[\\&{DICT}]    ${DICT}',
    '    Should Be Equal    ${vars}[\\${local}]    mine',
    '    Should Be Equal    ${vars}[\\${SPACE}]    ${SPACE}',
    '    ${bare} =    Get Variables    no_decoration=Yes',
    '    Should Be Equal    ${bare}[LIST]    ${LIST}',
    'A copy: changing it sets no variable',
    '    ${vars} =    Get Variables',
    '    Set To Dictionary    ${vars}    \\${new}    value',
    '    Variable Should Not Exist    \\${new}',
    'Keyword locals are not visible outside',
    '    Set Inner',
    '    ${vars} =    Get Variables',
    '    Dictionary Should Not Contain Key    ${vars}    \\${inner}',
    'Log Variables',
    '    ${local} =    Set Variable    mine',
    '    Log Variables    DEBUG',
    '*** Keywords ***',
    'Set Inner',
    '    ${inner} =    Set Variable    x',
    '*** Settings ***',
    'Library    Collections',
    '',
  ].join('\n');

  it('Get Variables returns every variable in scope, as a copy', async () => {
    const { tests } = await runFiles({ 'suite.robot': suite });
    assert.deepEqual(tests, {
      'Get Variables decorates names by their value': 'PASS',
      'A copy: changing it sets no variable': 'PASS',
      'Keyword locals are not visible outside': 'PASS',
      'Log Variables': 'PASS',
    });
  });

  it('Log Variables logs each one as `${name} = value`, sorted by name, at the level given', async () => {
    const { results } = await runFiles({ 'suite.robot': suite });
    const logged = messages(results['Log Variables'].body).filter((m) => m.startsWith('DEBUG'));
    for (const line of ['DEBUG ${SCALAR} = value', 'DEBUG @{LIST} = [ a | b ]', 'DEBUG &{DICT} = { k=v }', 'DEBUG ${local} = mine', 'DEBUG ${True} = True']) {
      assert.ok(logged.includes(line), `${line} in ${JSON.stringify(logged)}`);
    }
    const names = logged.map((m) => m.slice(8, m.indexOf('}')).toLowerCase());
    assert.deepEqual(names, [...names].sort());
  });
});

const LIBRARY = `
export default class Greeter {
  static ROBOT_LIBRARY_SCOPE = 'SUITE';
  constructor(greeting = 'Hello') { this.greeting = greeting; }
  greet(name) { return this.greeting + ', ' + name; }
  addKeyword(name) { this[name] = () => 'added ' + name; }
  removeKeyword(name) { Object.getPrototypeOf(this)[name] = undefined; }
}
`;

describe('robot BuiltIn: Get Library Instance and Reload Library', () => {
  it('Get Library Instance gives the library object, by name or alias; all=True gives every one', async () => {
    const { tests } = await runFiles({
      'greeter.ts': LIBRARY,
      'suite.robot': [
        '*** Settings ***',
        'Library    greeter.ts',
        'Library    greeter.ts    Hi    AS    Other Greeter',
        '*** Test Cases ***',
        'By name',
        '    ${lib} =    Get Library Instance    Greeter',
        '    ${text} =    Call Method    ${lib}    greet    you',
        '    Should Be Equal    ${text}    Hello, you',
        'By alias, ignoring case and spaces',
        '    ${lib} =    Get Library Instance    other_greeter',
        '    Should Be Equal    ${lib.greeting}    Hi',
        'All',
        '    ${all} =    Get Library Instance    all=True',
        '    Should Be True    "BuiltIn" in $all and "Other Greeter" in $all and "Greeter" in $all',
        'Unknown',
        '    Get Library Instance    Nope',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, {
      'By name': 'PASS',
      'By alias, ignoring case and spaces': 'PASS',
      All: 'PASS',
      Unknown: "FAIL No library 'Nope' found.",
    });
  });

  it('Reload Library reads the keywords again from the same instance', async () => {
    const { tests } = await runFiles({
      'greeter.ts': LIBRARY,
      'suite.robot': [
        '*** Settings ***',
        'Library    greeter.ts',
        '*** Test Cases ***',
        'Added keyword is found after reloading',
        '    Run Keyword And Expect Error    No keyword with name \'Wave\' found.    Wave',
        '    Add Keyword    wave',
        '    Reload Library    Greeter',
        '    ${text} =    Wave',
        '    Should Be Equal    ${text}    added wave',
        'Reloading by instance keeps its state',
        '    ${lib} =    Get Library Instance    Greeter',
        '    Add Keyword    nod',
        '    Reload Library    ${lib}',
        '    Nod',
        'Removed keyword is gone after reloading',
        '    Remove Keyword    greet',
        '    Reload Library    Greeter',
        '    Greet    you',
        'None',
        '    Reload Library    ${None}',
        'Not a library',
        '    Reload Library    ${1}',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, {
      'Added keyword is found after reloading': 'PASS',
      'Reloading by instance keeps its state': 'PASS',
      'Removed keyword is gone after reloading': "FAIL No keyword with name 'Greet' found.",
      None: 'FAIL Library can not be None.',
      'Not a library': "FAIL No library '1' found.",
    });
  });
});

describe('robot BuiltIn: Set Suite Variable and friends take $name, @name and &name', () => {
  it('as Robot 7.3 does', async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'Set',
        '    @{list} =    Create List    a    b',
        '    Set Suite Variable    @list',
        '    ${x} =    Set Variable    1',
        '    Set Global Variable    $x',
        'Seen',
        '    Should Be Equal    ${list}    ${{["a", "b"]}}',
        '    Should Be Equal    ${x}    1',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, { Set: 'PASS', Seen: 'PASS' });
  });
});

describe('robot BuiltIn: Set Test Message in a test teardown, and ${PREV TEST ...}', () => {
  it("a teardown's message replaces or extends a failure's; the next test sees the previous one's name, status and message", async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'Replaced in teardown',
        '    Fail    Ignored',
        '    [Teardown]    Set Test Message    From teardown',
        'Appended in teardown',
        '    Fail    My failure',
        '    [Teardown]    Set Test Message    is continued    append=yes',
        'After a continuable failure',
        '    Run Keyword And Continue On Failure    Fail    Failure',
        '    [Teardown]    Set Test Message    Set message',
        'Body message extended in teardown',
        '    Set Test Message    Body',
        '    [Teardown]    Set Test Message    and teardown    append=True',
        'Previous test',
        '    Should Be Equal    ${PREV TEST NAME}    Body message extended in teardown',
        '    Should Be Equal    ${PREV_TEST_STATUS}    PASS',
        '    Should Be Equal    ${PREV TEST MESSAGE}    Body and teardown',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, {
      'Replaced in teardown': 'FAIL From teardown',
      'Appended in teardown': 'FAIL My failure is continued',
      'After a continuable failure': 'FAIL Set message',
      'Body message extended in teardown': 'PASS Body and teardown',
      'Previous test': 'PASS',
    });
  });

  it('${PREV TEST NAME} is empty before any test ended', async () => {
    const { tests } = await runFiles({ 'suite.robot': '*** Test Cases ***\nFirst\n    Should Be Equal    ${PREV TEST NAME}|${PREV TEST STATUS}    |\n' });
    assert.deepEqual(tests, { First: 'PASS' });
  });
});

describe('robot BuiltIn: results as Python computes them', () => {
  it("precision rounds as Python's round(): exact ties to the even neighbour", async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'Ties to even',
        '    Should Be Equal As Numbers    135    145    precision=-1',
        '    Should Be Equal As Numbers    2.5    2    precision=0',
        '    ${n} =    Convert To Number    0.125    2',
        '    Should Be Equal    ${n}    ${0.12}',
        '    ${n} =    Convert To Number    2.675    2',
        '    Should Be Equal    ${n}    ${2.67}',
        'Not a tie',
        '    Should Be Equal As Numbers    115    145    precision=-1    msg=Failure',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, { 'Ties to even': 'PASS', 'Not a tie': 'FAIL Failure: 120.0 != 140.0' });
  });

  it("multiline strings differ as difflib's unified diff, hunk headers included; repr escapes non-printable characters", async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'Diff',
        '    Should Be Equal As Strings    foo\\nbar\\ndar    foo\\nbar\\ngar\\ndar',
        'Two hunks',
        '    Should Be Equal    1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n10    0\\n1\\n2\\n3\\n4\\n5\\n6\\n7\\n8\\n9\\n10\\n11',
        'Repr',
        '    Should Be Equal    NB    NB\\x00    formatter=repr',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, {
      Diff: 'FAIL Multiline strings are different:\n--- first\n+++ second\n@@ -1,3 +1,4 @@\n foo\n bar\n+gar\n dar',
      'Two hunks': 'FAIL Multiline strings are different:\n--- first\n+++ second\n@@ -1,3 +1,4 @@\n+0\n 1\n 2\n 3\n@@ -7,4 +8,5 @@\n 7\n 8\n 9\n-10\n+10\n+11',
      Repr: "FAIL 'NB' != 'NB\\x00'",
    });
  });
});

describe("robot standard libraries: Python's results and messages for arguments of another type", () => {
  it('BuiltIn conversions, Should Start With / Should Match / Should Contain, Fail, Call Method and Get Time', async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'Integer from None',
        '    Convert To Integer    ${None}',
        'Integer with a bad base',
        '    Convert To Integer    10    base=37',
        'Number from a prefixed integer',
        '    ${n} =    Convert To Number    0x10',
        '    Should Be Equal    ${n}    ${16.0}',
        'Number from a list',
        '    Convert To Number    ${{[1]}}',
        'Start with on a number',
        '    Should Start With    ${1}    1',
        'Start with a number',
        '    Should Not End With    abc    ${1}',
        'Match on a number',
        '    Should Match    ${1}    1',
        'Contain in a number',
        '    Should Contain    ${1}    1',
        'Count in a number',
        '    Get Count    ${1}    1',
        'Fail with an empty message',
        '    Fail    ${EMPTY}',
        'Fail with bytes',
        '    Fail    ${{b"abc"}}',
        'Method of a string',
        '    Call Method    abc    nope',
        'Get Time parts of a given time',
        '    ${parts} =    Get Time    year month    2006-02-24 15:08:31',
        '    Should Be Equal    ${parts}    ${{["2006", "02"]}}',
        '    ${year} =    Get Time    year    2006-02-24 15:08:31',
        '    Should Be Equal    ${year}    2006',
        'Get Time of a bad time',
        '    Get Time    epoch    yesterday',
        'Evaluate with a namespace',
        '    ${n} =    Evaluate    x + 1    namespace=${{{"x": 41}}}',
        '    Should Be Equal    ${n}    ${42}',
        'Evaluate with a Python module',
        '    Evaluate    math.pi    modules=math',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, {
      'Integer from None': "FAIL 'None' cannot be converted to an integer: TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
      'Integer with a bad base': "FAIL '10' cannot be converted to an integer: ValueError: int() base must be >= 2 and <= 36, or 0",
      'Number from a prefixed integer': 'PASS',
      'Number from a list': "FAIL '[1]' cannot be converted to a floating point number: TypeError: float() argument must be a string or a real number, not 'list'",
      'Start with on a number': "FAIL AttributeError: 'int' object has no attribute 'startswith'",
      'Start with a number': 'FAIL TypeError: endswith first arg must be str or a tuple of str, not int',
      'Match on a number': "FAIL TypeError: expected string or bytes-like object, got 'int'",
      'Contain in a number': "FAIL TypeError: argument of type 'int' is not iterable",
      'Count in a number': "FAIL Converting '1' to list failed: TypeError: 'int' object is not iterable",
      'Fail with an empty message': 'FAIL AssertionError',
      'Fail with bytes': "FAIL b'abc'",
      'Method of a string': "FAIL str object does not have method 'nope'.",
      'Get Time parts of a given time': 'PASS',
      'Get Time of a bad time': "FAIL ValueError: Invalid time format 'yesterday'.",
      'Evaluate with a namespace': 'PASS',
      'Evaluate with a Python module': "FAIL Evaluating expression 'math.pi' failed: NameError: name 'math' is not defined nor importable as module: Python module 'math' given in 'modules' cannot be imported, as Tollgate evaluates expressions in TypeScript; use a keyword or a variable instead.",
    });
  });

  it("Call Method calls Python's str, list and dict methods, those that change the object included", async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'String method',
        '    ${r} =    Call Method    abc    upper',
        '    Should Be Equal    ${r}    ABC',
        'List methods change the list',
        '    ${l} =    Create List    a',
        '    Call Method    ${l}    append    b',
        '    Call Method    ${l}    insert    ${0}    z',
        '    ${p} =    Call Method    ${l}    pop',
        '    Should Be Equal    ${l}|${p}    ${{["z", "a"]}}|b',
        'Dictionary methods',
        '    ${d} =    Create Dictionary    a=1',
        '    ${w} =    Call Method    ${d}    pop    z    dflt',
        '    Call Method    ${d}    update    ${{{"k": "v"}}}',
        '    Should Be Equal    ${d}|${w}    ${{{"a": "1", "k": "v"}}}|dflt',
        'Python errors',
        '    ${l} =    Create List    a',
        '    Run Keyword And Expect Error    Calling method \'remove\' failed: ValueError: list.remove(x): x not in list    Call Method    ${l}    remove    b',
        '    Call Method    ${l}    insert    0    z',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, {
      'String method': 'PASS',
      'List methods change the list': 'PASS',
      'Dictionary methods': 'PASS',
      'Python errors': "FAIL Calling method 'insert' failed: TypeError: 'str' object cannot be interpreted as an integer",
    });
  });

  it("Return From Keyword and Run Keyword And Return outside a user keyword fail with Robot's 'Invalid 'RETURN' usage.'", async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'Run Keyword And Return',
        '    Run Keyword And Return    Log    x',
        '    Fail    not run',
        'In setup',
        '    [Setup]    Return From Keyword',
        '    No Operation',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, { 'Run Keyword And Return': "FAIL Invalid 'RETURN' usage.", 'In setup': "FAIL Setup failed:\nInvalid 'RETURN' usage." });
  });

  it("bytes have Python's lower() and upper() (ASCII letters only), as extended variable syntax calls them", async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Settings ***',
        'Library    String',
        '*** Variables ***',
        '${BYTES}    ${{b"Hello"}}',
        '*** Test Cases ***',
        'Lower and upper',
        '    Should Be Lower Case    ${BYTES.lower()}',
        '    Should Be Upper Case    ${BYTES.upper()}',
        '    Should Be Equal    ${BYTES.upper()}    ${{b"HELLO"}}',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, { 'Lower and upper': 'PASS' });
  });

  it('an expression without parentheses around a tuple is one, as in Python', async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Test Cases ***',
        'Bare tuple',
        '    ${t} =    Evaluate    1, 2',
        '    Should Be Equal    ${t}    ${{[1, 2]}}',
        '    Should Be Equal    ${{3,}}    ${{[3]}}',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, { 'Bare tuple': 'PASS' });
  });

  it('Collections and String: dictionaries are not changed as lists, default= is a named argument, None is no index', async () => {
    const { tests } = await runFiles({
      'suite.robot': [
        '*** Settings ***',
        'Library    Collections',
        'Library    String',
        '*** Variables ***',
        '&{D}    a=1    b=2',
        '@{L}    a    b',
        '*** Test Cases ***',
        'Append to a dictionary',
        '    Append To List    ${D}    x',
        'Reverse a dictionary',
        '    Reverse List    ${D}',
        'Slice a dictionary',
        '    Get Slice From List    ${D}',
        'Default by name',
        '    ${v} =    Get From Dictionary    ${D}    z    default=dflt',
        '    ${p} =    Pop From Dictionary    ${D}    z    default=d',
        '    Should Be Equal    ${v}${p}    dfltd',
        'Missing key',
        '    Get From Dictionary    ${D}    z',
        'Ignored keys',
        '    Dictionaries Should Be Equal    ${D}    ${{{"a": "1", "b": "3"}}}    ignore_keys=${{["b"]}}',
        'Dictionary from strings',
        '    ${d} =    Convert To Dictionary    ${{["ab", "cd"]}}',
        '    Should Be Equal    ${d}    ${{{"a": "b", "c": "d"}}}',
        '    Convert To Dictionary    ${L}',
        'None as an index',
        '    Get From List    ${L}    ${None}',
        'Lower case of a number',
        '    Convert To Lower Case    ${1}',
        'Fetch from None',
        '    Fetch From Left    ${None}    x',
        'Line number None',
        '    Get Line    abc    ${None}',
        '',
      ].join('\n'),
    });
    assert.deepEqual(tests, {
      'Append to a dictionary': 'FAIL AttributeError: append',
      'Reverse a dictionary': 'FAIL AttributeError: reverse',
      'Slice a dictionary': "FAIL TypeError: unhashable type: 'slice'",
      'Default by name': 'PASS',
      'Missing key': "FAIL Dictionary does not contain key 'z'.",
      'Ignored keys': 'PASS',
      'Dictionary from strings': 'FAIL ValueError: dictionary update sequence element #0 has length 1; 2 is required',
      'None as an index': "FAIL TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
      'Lower case of a number': "FAIL AttributeError: 'int' object has no attribute 'lower'",
      'Fetch from None': "FAIL AttributeError: 'NoneType' object has no attribute 'split'",
      'Line number None': "FAIL TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
    });
  });
});
