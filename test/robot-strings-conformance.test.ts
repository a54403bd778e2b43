/**
 * Robot Framework 7.3's String and Collections libraries (issue 15): each
 * case is a small suite written here, run in-process, and checked against
 * the status and message Robot gives it (Python's str.format, split, rsplit,
 * splitlines, casefold; Collections' normalisation and messages).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../framework/runners/robot/engine.ts';
import { loadSuites } from '../framework/runners/robot/load-suite.ts';
import type { SuiteResult } from '../framework/runners/robot/result.ts';

const dir = mkdtempSync(join(tmpdir(), 'robot-strings-'));
let files = 0;

/** Runs the test cases (with String and Collections imported) and returns 'STATUS message' per test name. */
async function run(...rows: string[]): Promise<Record<string, string>> {
  return (await runFiles({ 'suite.robot': ['*** Settings ***', 'Library    String', 'Library    Collections', '', '*** Test Cases ***', ...rows].join('\n') })).tests;
}

/** Runs files (a directory suite when there are several) and returns each test's 'STATUS message' and the file errors reported. */
async function runFiles(texts: Record<string, string>): Promise<{ tests: Record<string, string>; errors: string[] }> {
  const sub = join(dir, String(++files));
  mkdirSync(sub);
  for (const [name, text] of Object.entries(texts)) {
    mkdirSync(join(sub, name, '..'), { recursive: true });
    writeFileSync(join(sub, name), `${text}\n`);
  }
  const path = Object.keys(texts).length === 1 ? join(sub, Object.keys(texts)[0]) : sub;
  const errors: string[] = [];
  const result = await new Engine({ console: () => undefined, rootDir: sub, onFileError: (message) => errors.push(message.replace(/^Error in file '.*?' on line (\d+): /, 'line $1: ')) }).run(loadSuites([path]));
  const tests: Record<string, string> = {};
  const visit = (suite: SuiteResult) => {
    for (const test of suite.tests) tests[test.name] = `${test.status} ${test.message}`.trim();
    suite.suites.forEach(visit);
  };
  visit(result);
  return { tests, errors };
}

describe('robot String library', () => {
  it('formats as Python str.format: named, indexed, attribute and item fields, format specs', async () => {
    const r = await run(
      'Named',
      '    ${s} =    Format String    Hi {name}!    name=Bob',
      '    Should Be Equal    ${s}    Hi Bob!',
      'Specs',
      '    ${s} =    Format String    [{:>8.3f}|{:<4}|{:^7}|{:+d}|{:#x}|{:,}]    ${3.14159}    ab    mid    ${5}    ${255}    ${1234567}',
      '    Should Be Equal    ${s}    [${SPACE*3}3.142|ab${SPACE*2}|${SPACE*2}mid${SPACE*2}|+5|0xff|1,234,567]',
      'Nested spec and access',
      '    &{user} =    Create Dictionary    first=Ada    langs=x',
      '    ${s} =    Format String    {0:{fill}>{width}} {u[first]} {u.first} {{literal}}    7    fill=0    width=${3}    u=${user}',
      '    Should Be Equal    ${s}    007 Ada Ada {literal}',
      'Template that looks like a named argument',
      '    ${s} =    Format String    a={}    b',
      '    Should Be Equal    ${s}    a=b',
      'Missing field',
      '    Format String    {missing}',
    );
    assert.deepEqual(r, {
      Named: 'PASS',
      Specs: 'PASS',
      'Nested spec and access': 'PASS',
      'Template that looks like a named argument': 'PASS',
      'Missing field': "FAIL KeyError: 'missing'",
    });
  });

  it('splits from the right, into characters, and on whitespace with a maximum as Python does', async () => {
    const r = await run(
      'Split',
      '    @{r} =    Split String From Right    a-b-c-d    -    2',
      '    Should Be Equal    ${r}    ${{["a-b", "c", "d"]}}',
      '    @{r} =    Split String From Right    ${SPACE}x y${SPACE*2}z${SPACE}    max_split=1',
      '    Should Be Equal    ${r}    ${{[" x y", "z"]}}',
      '    @{r} =    Split String    ${SPACE}x y${SPACE*2}z${SPACE}    ${EMPTY}    1',
      '    ${expected} =    Create List    x    y${SPACE*2}z${SPACE}',
      '    Should Be Equal    ${r}    ${expected}',
      '    @{r} =    Split String To Characters    abc',
      '    Should Be Equal    ${r}    ${{["a", "b", "c"]}}',
      'Invalid max split',
      '    Split String    a b    max_split=many',
    );
    assert.deepEqual(r, { Split: 'PASS', 'Invalid max split': "FAIL ValueError: Cannot convert 'max_split' argument 'many' to an integer." });
  });

  it('gets lines matching a glob or a regexp, caseless by casefold', async () => {
    const r = await run(
      'Lines',
      '    ${text} =    Set Variable    Alpha one\\nbeta two\\nGAMMA three\\nStraße\\n',
      '    ${r} =    Get Lines Matching Pattern    ${text}    *a*e',
      '    Should Be Equal    ${r}    Alpha one\\nStraße',
      '    ${r} =    Get Lines Matching Pattern    ${text}    *SS?    ignore_case=True',
      '    Should Be Equal    ${r}    Straße',
      '    ${r} =    Get Lines Matching Regexp    ${text}    [a-z]+ t.*',
      '    Should Be Equal    ${r}    beta two',
      '    ${r} =    Get Lines Matching Regexp    ${text}    T    partial_match=yes    flags=IGNORECASE',
      '    Should Be Equal    ${r}    beta two\\nGAMMA three\\nStraße',
      '    ${r} =    Get Lines Containing String    ${text}    ss    ignore_case=True',
      '    Should Be Equal    ${r}    Straße',
    );
    assert.deepEqual(r, { Lines: 'PASS' });
  });

  it('title-cases words that are lower case, with excludes, and checks title case', async () => {
    const r = await run(
      'Title',
      '    ${r} =    Convert To Title Case    it\'s an OK iPhone 3g    exclude=an',
      '    Should Be Equal    ${r}    It\'s an OK iPhone 3G',
      '    Should Be Title Case    Fine Words',
      'Not title case',
      '    Should Be Title Case    Some words',
    );
    assert.deepEqual(r, { Title: 'PASS', 'Not title case': "FAIL 'Some words' is not title case." });
  });

  it('refuses an invalid strip mode instead of passing', async () => {
    const r = await run('Strip', '    Strip String    ${SPACE}x${SPACE}    mode=sideways');
    assert.deepEqual(r, { Strip: "FAIL ValueError: Invalid mode 'sideways'." });
  });

  it('encodes and decodes bytes with error handlers, and removes or replaces by regexp', async () => {
    const r = await run(
      'Bytes',
      '    ${b} =    Encode String To Bytes    Hyvä    UTF-8',
      '    Should Be Byte String    ${b}',
      '    Should Be Equal    ${b}    ${{b"Hyv\\xc3\\xa4"}}',
      '    ${s} =    Decode Bytes To String    ${b}    ASCII    errors=ignore',
      '    Should Be Equal    ${s}    Hyv',
      '    ${s} =    Decode Bytes To String    ${b}    UTF-8',
      '    Should Be Equal    ${s}    Hyvä',
      'Encode error',
      '    Encode String To Bytes    Hyvä    ASCII',
      'Regexp',
      '    ${s} =    Remove String Using Regexp    aXbxc    x    flags=IGNORECASE',
      '    Should Be Equal    ${s}    abc',
      '    ${s} =    Replace String Using Regexp    2026-12-06    (?P<y>\\\\d+)-(\\\\d+)-(\\\\d+)    \\\\3.\\\\2.\\\\g<y>',
      '    Should Be Equal    ${s}    06.12.2026',
      '    ${s} =    Generate Random String    3-4    [NUMBERS]',
      '    Should Match Regexp    ${s}    ^\\\\d{3,4}$',
    );
    assert.deepEqual(r, {
      Bytes: 'PASS',
      'Encode error': "FAIL UnicodeEncodeError: 'ascii' codec can't encode character '\\xe4' in position 3: ordinal not in range(128)",
      Regexp: 'PASS',
    });
  });
});

describe('robot Collections library', () => {
  it('compares lists ignoring order and case, and names differing indexes with their types', async () => {
    const r = await run(
      'Equal',
      '    Lists Should Be Equal    ${{["B", "a"]}}    ${{["A", "b"]}}    ignore_order=True    ignore_case=True',
      'Different',
      '    Lists Should Be Equal    ${{[1, "2"]}}    ${{[2, 2]}}    names=${{["first", "second"]}}',
      'Different with message',
      '    Lists Should Be Equal    ${{[1]}}    ${{[1, 2]}}    Oops',
    );
    assert.deepEqual(r, {
      Equal: 'PASS',
      Different: 'FAIL Lists are different:\nIndex 0 (first): 1 != 2\nIndex 1 (second): 2 (string) != 2 (integer)',
      'Different with message': 'FAIL Oops\nLengths are different: 1 != 2',
    });
  });

  it('matches list items by glob, regexp, case and whitespace', async () => {
    const r = await run(
      'Matches',
      '    ${l} =    Create List    apple    Apricot    b a n a n a    ${1}',
      '    ${m} =    Get Matches    ${l}    a*',
      '    Should Be Equal    ${m}    ${{["apple"]}}',
      '    ${n} =    Get Match Count    ${l}    A*    ignore_case=True',
      '    Should Be Equal    ${n}    ${2}',
      '    ${n} =    Get Match Count    ${l}    regexp=ban    whitespace_insensitive=True',
      '    Should Be Equal    ${n}    ${1}',
      '    Should Contain Match    ${l}    glob=?pricot',
      '    Should Not Contain Match    ${l}    cherry',
      'Contains match',
      '    ${l} =    Create List    x    y',
      '    Should Not Contain Match    ${l}    regexp=[xz]',
    );
    assert.deepEqual(r, { Matches: 'PASS', 'Contains match': "FAIL [ x | y ] contains match for pattern 'regexp=[xz]'." });
  });

  it('finds duplicates ignoring case instead of passing', async () => {
    const r = await run('Dupes', '    List Should Not Contain Duplicates    ${{["a", "A", "b", "c", "C"]}}    ignore_case=True');
    assert.deepEqual(r, { Dupes: "FAIL 'a' and 'c' found multiple times." });
  });

  it('compares dictionaries ignoring keys and case, and lists missing keys', async () => {
    const r = await run(
      'Equal',
      '    Dictionaries Should Be Equal    ${{{"A": "x", "t": 1}}}    ${{{"a": "X", "t": 2}}}    ignore_keys=["t"]    ignore_case=True',
      'Missing',
      '    Dictionaries Should Be Equal    ${{{"a": 1, "b": 2}}}    ${{{"a": 1, "c": 2}}}',
      'Values',
      '    Dictionaries Should Be Equal    ${{{"a": 1}}}    ${{{"a": "1"}}}',
    );
    assert.deepEqual(r, {
      Equal: 'PASS',
      Missing: "FAIL Following keys missing from first dictionary: 'c'\nFollowing keys missing from second dictionary: 'b'",
      Values: 'FAIL Following keys have different values:\nKey a: 1 (integer) != 1 (string)',
    });
  });

  it('has the list and dictionary keywords with Python indexes and errors', async () => {
    const r = await run(
      'Lists',
      '    ${l} =    Create List    a    b    a    c',
      '    Set List Value    ${l}    -1    z',
      '    Should Be Equal    ${l}    ${{["a", "b", "a", "z"]}}',
      '    ${n} =    Count Values In List    ${l}    a    1',
      '    Should Be Equal    ${n}    ${1}',
      '    ${i} =    Get Index From List    ${l}    a    1',
      '    Should Be Equal    ${i}    ${2}',
      '    ${d} =    Create Dictionary    a=1    b=2    c=3',
      '    Keep In Dictionary    ${d}    a    c',
      '    ${v} =    Pop From Dictionary    ${d}    a',
      '    Should Be Equal    ${d}    ${{{"c": "3"}}}',
      '    Should Be Equal    ${v}    1',
      'Bad index',
      '    ${l} =    Create List    a',
      '    Get From List    ${l}    first',
      'Out of range',
      '    ${l} =    Create List    a    b',
      '    Remove From List    ${l}    5',
      'Not a list',
      '    Append To List    text    x',
    );
    assert.deepEqual(r, {
      Lists: 'PASS',
      'Bad index': "FAIL ValueError: Cannot convert index 'first' to an integer.",
      'Out of range': 'FAIL IndexError: Given index 5 is out of the range 0-1.',
      'Not a list': 'FAIL TypeError: Expected argument 1 to be a list or list-like, got string instead.',
    });
  });
});

describe('robot variables', () => {
  it('resolves the Variables section lazily and reports a recursive or broken value once', async () => {
    const r = await runFiles({
      'suite.robot': [
        '*** Variables ***',
        '${GREETING}    Hello, ${NAME}!',
        '${NAME}        ${FIRST} ${LAST}',
        '${FIRST}       Ada',
        '${LAST}        Lovelace',
        '${NAME}        not this one',
        '${LOOP 1}      ${LOOP 2}',
        '${LOOP 2}      ${LOOP 1}',
        '${BROKEN}      ${NOWHERE}',
        '',
        '*** Test Cases ***',
        'Later definitions',
        '    Should Be Equal    ${GREETING}    Hello, Ada Lovelace!',
        'Broken',
        '    Log    ${BROKEN}',
      ].join('\n'),
    });
    assert.deepEqual(r.tests, { 'Later definitions': 'PASS', Broken: "FAIL Variable '${BROKEN}' not found." });
    assert.deepEqual(r.errors, [
      "line 7: Setting variable '${LOOP 1}' failed: Recursive variable definition.",
      "line 8: Setting variable '${LOOP 2}' failed: Variable '${LOOP 1}' not found.",
      "line 9: Setting variable '${BROKEN}' failed: Variable '${NOWHERE}' not found.",
    ]);
  });

  it('joins scalar values with SEPARATOR= or separator=, splits dict items outside variables, and converts typed values', async () => {
    const r = await runFiles({
      'suite.robot': [
        '*** Variables ***',
        '${MARKER}      SEPARATOR=-    a    b    c',
        '${OPTION}      x    y    separator=${EMPTY}',
        '${SPACED}      one    two',
        '@{ITEMS}       1    separator=2',
        '&{DICT}        k\\=1=v    ${{"="}}=eq    plain=${1}',
        '${NUMBER: int}    0x10',
        '@{FLOATS: float}    1    2.5',
        '${BAD: int}    ten',
        '',
        '*** Test Cases ***',
        'Values',
        '    Should Be Equal    ${MARKER}    a-b-c',
        '    Should Be Equal    ${OPTION}    xy',
        '    Should Be Equal    ${SPACED}    one two',
        '    Should Be Equal    ${ITEMS}    ${{["1", "separator=2"]}}',
        '    Should Be Equal    ${DICT}    ${{{"k=1": "v", "=": "eq", "plain": 1}}}',
        '    Should Be Equal    ${NUMBER}    ${16}',
        '    Should Be Equal    ${FLOATS}    ${{[1.0, 2.5]}}',
      ].join('\n'),
    });
    assert.deepEqual(r.tests, { Values: 'PASS' });
    assert.deepEqual(r.errors, ["line 9: Setting variable '${BAD: int}' failed: Value 'ten' cannot be converted to integer."]);
  });

  it('scopes variables as Robot does: test body, keywords, child suites and test variables set in suite setup', async () => {
    const r = await runFiles({
      '__init__.robot': [
        '*** Settings ***',
        'Suite Setup    Parent Setup',
        '*** Keywords ***',
        'Parent Setup',
        '    VAR    ${ONLY PARENT}    p    scope=SUITE',
        '    VAR    ${FOR CHILDREN}    c    scope=SUITES',
      ].join('\n'),
      'child.robot': [
        '*** Settings ***',
        'Suite Setup    Set Test Variable    ${FROM SETUP}    setup',
        '*** Test Cases ***',
        'Child suite',
        '    Variable Should Not Exist    ${ONLY PARENT}',
        '    Should Be Equal    ${FOR CHILDREN}    c',
        'Test variable from suite setup',
        '    Variable Should Not Exist    ${FROM SETUP}',
        'Keywords see test variables only',
        '    ${mine} =    Set Variable    local',
        '    Set Test Variable    ${shared}    test',
        '    Check Scope',
        'Extended syntax on numbers',
        '    Should Be Equal    ${0 + 1}    ${1}',
        '*** Keywords ***',
        'Check Scope',
        '    Variable Should Not Exist    ${mine}',
        '    Should Be Equal    ${shared}    test',
      ].join('\n'),
    });
    assert.deepEqual(r.tests, {
      'Child suite': 'PASS',
      'Test variable from suite setup': 'PASS',
      'Keywords see test variables only': 'PASS',
      'Extended syntax on numbers': 'PASS',
    });
  });

  it('reads VAR options only from the trailing cells, as Robot lexes them', async () => {
    const r = await run(
      'Options',
      '    VAR    &{d}    scope=value    scope=TEST',
      '    Should Be Equal    ${d}    ${{{"scope": "value"}}}',
      '    VAR    ${s}    separator=x    a    b    separator=-',
      '    Should Be Equal    ${s}    separator=x-a-b',
      '    VAR    ${eq}=    fine',
      '    Should Be Equal    ${eq}    fine',
      'Bad name',
      '    VAR    bad    value',
    );
    assert.deepEqual(r, { Options: 'PASS', 'Bad name': "FAIL Invalid variable name 'bad'." });
  });
});
