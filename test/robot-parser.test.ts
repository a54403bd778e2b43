/** The robot adapter's parser and expression evaluator, table-driven (issue 8, items 1 and 2). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RobotSyntaxError } from '../framework/runners/robot/ast.ts';
import { evaluateExpression } from '../framework/runners/robot/expression.ts';
import { splitLine } from '../framework/runners/robot/lexer.ts';
import { parseRobot } from '../framework/runners/robot/parse-file.ts';
import { parseTimeString, formatTime } from '../framework/runners/robot/time-string.ts';

describe('robot lexer', () => {
  const cases: [string, string[]][] = [
    ['Keyword    arg one    arg2', ['Keyword', 'arg one', 'arg2']],
    ['    Log    x', ['', 'Log', 'x']],
    ['\tLog\tx', ['', 'Log', 'x']],
    ['| | Log | x |', ['', 'Log', 'x']],
    ['Log    x    # a comment', ['Log', 'x']],
    ['Log    \\#x', ['Log', '\\#x']],
    ['# only a comment', []],
  ];
  for (const [line, cells] of cases) it(JSON.stringify(line), () => assert.deepEqual(splitLine(line), cells));
});

describe('robot parser', () => {
  it('parses settings, variables, tests with settings and nested control structures', () => {
    const file = parseRobot([
      '*** Settings ***',
      'Documentation    Doc',
      '...              more',
      'Suite Setup      Log    up',
      'Test Tags        a    b',
      'Library          Collections',
      '*** Variables ***',
      '${X}    1',
      '*** Test Cases ***',
      'T',
      '    [Tags]    t',
      '    [Timeout]    1s',
      '    FOR    ${i}    IN RANGE    3',
      '        IF    $i == 1',
      '            BREAK',
      '        END',
      '    END',
      '    ${a}    ${b}=    Kw',
      '    ...    arg',
    ].join('\n'), '/x/t.robot');
    // A continuation line is a new line of documentation, as in Robot 6.1 and later.
    assert.equal(file.settings.doc, 'Doc\nmore');
    assert.deepEqual(file.settings.testTags, ['a', 'b']);
    assert.equal(file.settings.suiteSetup?.name, 'Log');
    assert.deepEqual(file.settings.imports.map((i) => i.name), ['Collections']);
    assert.equal(file.variables[0].name, '${X}');
    const test = file.tests[0];
    assert.deepEqual([test.tags, test.timeout], [['t'], '1s']);
    assert.equal(test.body[0].kind, 'for');
    const call = test.body[1];
    assert.ok(call.kind === 'keyword');
    assert.deepEqual([call.assign, call.name, call.args], [['${a}', '${b}'], 'Kw', ['arg']]);
  });

  it('throws for an unknown section, naming file and line', () => {
    assert.throws(() => parseRobot('*** Test Cases ***\nT\n    No Operation\n*** Bogus ***\n', '/x/b.robot'), (error: unknown) => {
      assert.ok(error instanceof RobotSyntaxError);
      assert.equal(error.source.line, 4);
      assert.match(error.message, /^\/x\/b\.robot:4: Unrecognized section header '\*\*\* Bogus \*\*\*'/);
      return true;
    });
  });

  it('keeps smaller mistakes as errors with their line, and still parses the file', () => {
    const file = parseRobot('*** Settings ***\nNo Such Setting    x\n*** Test Cases ***\nT\n    [Bogus]    y\n    Log    z\n', '/x/e.robot');
    assert.deepEqual(file.errors.map((e) => [e.source.line, e.message]), [[2, "Non-existing setting 'No Such Setting'."]]);
    // An invalid test setting fails the test where it stands, as in Robot.
    assert.deepEqual(file.tests[0].body.map((s) => (s.kind === 'error' ? s.message : s.kind)), ["Non-existing setting 'Bogus'.", 'keyword']);
  });

  it('turns a malformed block into an error statement with Robot\'s message', () => {
    const file = parseRobot('*** Test Cases ***\nT\n    WHILE    True\n        Log    x\n', '/x/w.robot');
    assert.deepEqual(file.tests[0].body.map((s) => (s.kind === 'error' ? s.message : s.kind)), ['WHILE loop must have closing END.']);
  });
});

describe('robot expressions', () => {
  const ok: [string, unknown][] = [
    ['1 + 2 * 3', 7],
    ["'a' in 'abc' and not 0", true],
    ['1 < 2 < 3', true],
    ["len([1, 2]) == 2 if True else False", true],
    ["'x,y'.split(',')[1]", 'y'],
    ["{'a': 1}['a']", 1],
    ['$n * 2', 42],
  ];
  for (const [expression, value] of ok) {
    it(expression, () => assert.deepEqual(evaluateExpression(expression, { n: 21 }), value));
  }
  const refused = ["__import__('os')", "globalThis", "process.exit(1)", "''.constructor", "(1).__class__", 'eval("1")'];
  for (const expression of refused) {
    it(`refuses ${expression}`, () => assert.throws(() => evaluateExpression(expression), /NameError|AttributeError|invalid syntax/));
  }
});

describe('robot time strings', () => {
  it('reads and writes Robot\'s forms', () => {
    assert.equal(parseTimeString('1 minute 30 seconds'), 90_000);
    assert.equal(parseTimeString('1.5s'), 1500);
    assert.equal(parseTimeString('100ms'), 100);
    assert.equal(parseTimeString('2'), 2000);
    assert.equal(parseTimeString('01:00:01'), 3_601_000);
    assert.equal(formatTime(90_000), '1 minute 30 seconds');
    assert.equal(formatTime(1000), '1 second');
    assert.throws(() => parseTimeString('soon'), /Invalid time string 'soon'/);
  });
});
