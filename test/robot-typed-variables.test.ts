/**
 * Robot Framework 7.3's typed variables (issue 15): `${x: int}` in VAR,
 * keyword return value assignment, FOR loops, user keyword arguments and
 * embedded arguments, converted with Robot's rules and failing with
 * Robot's messages. Each suite is written here and run in-process; the
 * converter is also checked alone, table-driven.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Engine } from '../framework/runners/robot/engine.ts';
import { loadSuites } from '../framework/runners/robot/load-suite.ts';
import { runRobotText } from './helpers/robot-inline.ts';
import { convertValue } from '../framework/runners/robot/type-converter.ts';
import { parseTypeInfo } from '../framework/runners/robot/type-info.ts';
import { PyFloat } from '../framework/runners/robot/values.ts';

const dir = mkdtempSync(join(tmpdir(), 'robot-typed-'));

/** Runs a suite made of the sections given; returns 'STATUS message' per test name. */
function run(tests: string[], keywords: string[] = []): Promise<Record<string, string>> {
  return runRobotText(['*** Test Cases ***', ...tests, '', ...(keywords.length ? ['*** Keywords ***', ...keywords, ''] : [])].join('\n'));
}

describe('robot typed variables: the converter', () => {
  const convert = (value: unknown, type: string) => convertValue(value, parseTypeInfo(type), 'v');
  it('reads numbers as Python and Robot do: separators, base prefixes, integral decimals', () => {
    assert.equal(convert('1_000', 'int'), 1000);
    assert.equal(convert('-0x1f', 'int'), -31);
    assert.equal(convert('0B101', 'integer'), 5);
    assert.equal(convert('2.0', 'int'), 2);
    assert.equal(convert('1e2', 'int'), 100);
    assert.deepEqual(convert('1 000.25', 'float'), new PyFloat(1000.25));
    assert.throws(() => convert('2.5', 'int'), { message: "Argument 'v' got value '2.5' that cannot be converted to integer: Conversion would lose precision." });
    assert.throws(() => convert('0x1g', 'int'), { message: "Argument 'v' got value '0x1g' that cannot be converted to integer." });
    assert.throws(() => convert(new PyFloat(0.5), 'int'), { message: "Argument 'v' got value '0.5' (float) that cannot be converted to integer: Conversion would lose precision." });
  });
  it('reads Booleans from Robot\'s true and false words and leaves other text as it is', () => {
    assert.equal(convert('off', 'bool'), false);
    assert.equal(convert('', 'bool'), false);
    assert.equal(convert('Yes', 'boolean'), true);
    assert.equal(convert('none', 'bool'), null);
    assert.equal(convert('maybe', 'bool'), 'maybe');
  });
  it('converts nested types item by item and words a nested failure inside the outer one', () => {
    assert.deepEqual(convert('[1, "2"]', 'list[int]'), [1, 2]);
    assert.deepEqual(convert({ a: '3' }, 'dict[str, int]'), { a: 3 });
    assert.throws(() => convert(['7', 'x'], 'list[int]'), {
      message: "Argument 'v' got value '['7', 'x']' (list) that cannot be converted to list[int]: Item '1' got value 'x' that cannot be converted to integer.",
    });
    assert.throws(() => convert('nope', 'dict'), { message: "Argument 'v' got value 'nope' that cannot be converted to dictionary: Invalid expression." });
    assert.throws(() => convert('[1]', 'dict'), { message: "Argument 'v' got value '[1]' that cannot be converted to dictionary: Value is list, not dict." });
  });
  it('keeps a value a union member already has (text stays text with `| str`), tries members in order, and matches Literal members loosely', () => {
    assert.equal(convert('5', 'int | str'), '5');
    assert.deepEqual(convert('5', 'float | int'), new PyFloat(5));
    assert.deepEqual(convert('5.5', 'int | float'), new PyFloat(5.5));
    assert.equal(convert('RED_ONE', "Literal['red-one', 'blue']"), 'red-one');
    assert.throws(() => convert('green', "Literal['red', 'blue', 3]"), { message: "Argument 'v' got value 'green' that cannot be converted to 'red', 'blue' or 3." });
    assert.throws(() => convert('x', 'int | None'), { message: "Argument 'v' got value 'x' that cannot be converted to integer or None." });
  });
  it('rejects unknown and malformed types with Robot\'s messages', () => {
    assert.throws(() => convert('1', 'integr'), { message: "Unrecognized type 'integr'." });
    assert.throws(() => parseTypeInfo('list[int'), { message: "Parsing type 'list[int' failed: Error at end: Closing ']' missing." });
    assert.throws(() => parseTypeInfo('int]'), { message: "Parsing type 'int]' failed: Error at index 3: Extra content after 'int'." });
  });
});

describe('robot typed variables: VAR', () => {
  it('converts the value, list items and dictionary values, with any scope', async () => {
    const r = await run([
      'Typed VAR',
      '    VAR    ${n: int}    0x10',
      '    Should Be Equal    ${n}    ${16}',
      '    VAR    ${s: str}    ${7}',
      '    Should Be Equal    ${s}    7',
      '    VAR    ${joined: int}    4    2    separator=',
      '    Should Be Equal    ${joined}    ${42}',
      '    VAR    @{items: float}    1    2.5',
      '    Should Be Equal    ${items}    ${{[1.0, 2.5]}}',
      '    VAR    &{ages: int}    ann=30    bob=41',
      '    Should Be Equal    ${ages}    ${{{"ann": 30, "bob": 41}}}',
      '    VAR    ${flag: bool}    no    scope=TEST',
      '    Should Be Equal    ${flag}    ${False}',
      '    VAR    ${target}    dyn',
      '    VAR    ${${target}: int}    5',
      '    Should Be Equal    ${dyn}    ${5}',
      'Bad value',
      '    VAR    ${n: int}    twelve',
      'Unknown type',
      '    VAR    ${n: integr}    1',
    ]);
    assert.equal(r['Typed VAR'], 'PASS');
    assert.equal(r['Bad value'], "FAIL Setting variable '${n: int}' failed: Value 'twelve' cannot be converted to integer.");
    assert.equal(r['Unknown type'], "FAIL Invalid variable '${n: integr}': Unrecognized type 'integr'.");
  });
});

describe('robot typed variables: assigning return values', () => {
  it('converts each assigned variable, a list variable\'s items and a dictionary variable\'s values', async () => {
    const r = await run([
      'Typed assignment',
      '    ${n: int} =    Set Variable    0o17',
      '    Should Be Equal    ${n}    ${15}',
      '    ${first: int}    @{rest: float} =    Create List    1    2    3.5',
      '    Should Be Equal    ${first}    ${1}',
      '    Should Be Equal    ${rest}    ${{[2.0, 3.5]}}',
      '    &{d: int} =    Create Dictionary    x=1',
      '    Should Be Equal    ${d}    ${{{"x": 1}}}',
      '    ${maybe: int} =    IF    True    Set Variable    9    ELSE    Set Variable    x',
      '    Should Be Equal    ${maybe}    ${9}',
      'List to scalar type',
      '    ${x: float} =    Create List    1',
      'Bad literal',
      '    ${x: list[int]} =    Set Variable    not a list',
      'Unknown type fails before the keyword runs',
      '    ${x: nope} =    Fail    Should not run',
    ]);
    assert.equal(r['Typed assignment'], 'PASS');
    assert.equal(r['List to scalar type'], "FAIL ValueError: Return value '['1']' (list) cannot be converted to float.");
    assert.equal(r['Bad literal'], "FAIL ValueError: Return value 'not a list' cannot be converted to list[int]: Invalid expression.");
    assert.equal(r['Unknown type fails before the keyword runs'], "FAIL Unrecognized type 'nope'.");
  });
});

describe('robot typed variables: FOR loops', () => {
  it('converts each round\'s values, in IN, IN ENUMERATE and IN ZIP loops', async () => {
    const r = await run([
      'Typed loops',
      '    VAR    ${sum}    ${0}',
      '    FOR    ${i: int}    IN    1    2    3',
      '        ${sum} =    Evaluate    $sum + $i',
      '    END',
      '    Should Be Equal    ${sum}    ${6}',
      '    FOR    ${index: str}    ${value: float}    IN ENUMERATE    4',
      '        Should Be Equal    ${index}    0',
      '        Should Be Equal    ${value}    ${4.0}',
      '    END',
      '    VAR    @{names}    a    b',
      '    VAR    @{numbers}    10    20',
      '    FOR    ${name: str}    ${number: int}    IN ZIP    ${names}    ${numbers}',
      '        Should Be True    $number >= 10',
      '    END',
      'Bad round',
      '    FOR    ${i: int}    IN    1    one',
      '        Log    ${i}',
      '    END',
      'Unknown loop type',
      '    FOR    ${i: whole}    IN    1',
      '        Fail    Not run',
      '    END',
    ]);
    assert.equal(r['Typed loops'], 'PASS');
    assert.equal(r['Bad round'], "FAIL ValueError: FOR loop variable '${i: int}' got value 'one' that cannot be converted to integer.");
    assert.equal(r['Unknown loop type'], "FAIL Invalid FOR loop variable '${i: whole}': Unrecognized type 'whole'.");
  });
});

describe('robot typed variables: user keyword arguments', () => {
  it('converts given values, used defaults, varargs items and kwargs values', async () => {
    const r = await run([
      'Typed arguments',
      '    Area    3    2.5',
      '    Area    3',
      '    Total    1    2    3',
      '    Options    a=1.5',
      '    Add 2 and 40',
      'Bad given value',
      '    Area    three',
      'Bad default',
      '    Broken default',
      'Bad embedded value',
      '    Add 2 and forty',
      'Unknown argument type',
      '    Unknown type    1',
      'Unknown embedded type',
      '    Half of ${n: real}',
    ], [
      'Area',
      '    [Arguments]    ${w: int}    ${h: float}=1.5',
      '    ${area} =    Evaluate    $w * $h',
      '    Should Be True    isinstance($w, int) and isinstance($h, float)',
      'Total',
      '    [Arguments]    @{parts: int}',
      '    Should Be Equal    ${parts}    ${{[1, 2, 3]}}',
      'Options',
      '    [Arguments]    &{opts: float}',
      '    Should Be Equal    ${opts}    ${{{"a": 1.5}}}',
      'Add ${x: int} and ${y: int}',
      '    Should Be Equal    ${{$x + $y}}    ${42}',
      'Broken default',
      '    [Arguments]    ${n: int}=many',
      '    No Operation',
      'Unknown type',
      '    [Arguments]    ${n: number}',
      '    No Operation',
      'Half of ${n: real}',
      '    No Operation',
    ]);
    assert.equal(r['Typed arguments'], 'PASS');
    assert.equal(r['Bad given value'], "FAIL ValueError: Argument 'w' got value 'three' that cannot be converted to integer.");
    assert.equal(r['Bad default'], "FAIL ValueError: Default value for argument 'n' got value 'many' that cannot be converted to integer.");
    assert.equal(r['Bad embedded value'], "FAIL ValueError: Argument 'y' got value 'forty' that cannot be converted to integer.");
    assert.equal(r['Unknown argument type'], "FAIL Invalid argument specification: Invalid argument '${n: number}': Unrecognized type 'number'.");
    assert.equal(r['Unknown embedded type'], "FAIL Invalid embedded argument '${n: real}': Unrecognized type 'real'.");
  });
});

describe('robot typed variables: type syntax where a variable is used', () => {
  it('is extended variable syntax, as in Robot: its base must exist and the rest must evaluate', async () => {
    const r = await run([
      'Missing base',
      '    Log    ${nowhere: int}',
      'Existing base',
      '    VAR    ${here}    1',
      '    Log    ${here: int}',
    ]);
    assert.equal(r['Missing base'], "FAIL Resolving variable '${nowhere: int}' failed: Variable '${nowhere}' not found.");
    assert.match(r['Existing base'], /^FAIL Resolving variable '\$\{here: int\}' failed: SyntaxError: /);
  });
});

describe('robot typed variables: the Variables section', () => {
  it('converts typed definitions and reports a bad type or value as an error of the file, naming its line', async () => {
    const sub = join(dir, 'section');
    mkdirSync(sub);
    writeFileSync(join(sub, 'suite.robot'), [
      '*** Variables ***',
      '${LIMIT: int}           1_024',
      '${RATIO: whatever}      1',
      '&{PORTS: str=int}       web=80    db=lots',
      '',
      '*** Test Cases ***',
      'Typed definitions',
      '    Should Be Equal    ${LIMIT}    ${1024}',
      '    Variable Should Not Exist    ${RATIO}',
      '    Variable Should Not Exist    ${PORTS}',
      '',
    ].join('\n'));
    const errors: string[] = [];
    const suite = await new Engine({ console: () => undefined, rootDir: sub, onFileError: (message) => errors.push(message) }).run(loadSuites([join(sub, 'suite.robot')]));
    assert.equal(`${suite.tests[0].status} ${suite.tests[0].message}`.trim(), 'PASS');
    const file = join(sub, 'suite.robot');
    assert.deepEqual(errors, [
      `Error in file '${file}' on line 3: Setting variable '\${RATIO: whatever}' failed: Invalid variable '\${RATIO: whatever}': Unrecognized type 'whatever'.`,
      `Error in file '${file}' on line 4: Setting variable '&{PORTS: str=int}' failed: Value '{'web': '80', 'db': 'lots'}' (dictionary) cannot be converted to dict[str, int]: Item 'db' got value 'lots' that cannot be converted to integer.`,
    ]);
  });
});
