/**
 * Robot Framework 7.3 behaviours the core conformance set still missed
 * (issue 15): each case is a small suite written here, run in-process, and
 * checked for the status and message Robot gives it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine } from '../framework/runners/robot/engine.ts';
import { parseRobot } from '../framework/runners/robot/parse-file.ts';

type Outcome = Record<string, { status: string; message: string }>;

async function run(text: string): Promise<Outcome> {
  const source = '/virtual/core-last.robot';
  const spec = { name: 'Core Last', source, file: parseRobot(text, source), children: [], errors: [] };
  const result = await new Engine({ console: () => undefined }).run(spec);
  return Object.fromEntries(result.tests.map((t) => [t.name, { status: t.status, message: t.message }]));
}

function expect(outcome: Outcome, name: string, status: string, message = ''): void {
  assert.deepEqual(outcome[name], { status, message }, name);
}

describe('Continue For Loop and Exit For Loop', () => {
  test('work only in a loop with no user keyword in between', async () => {
    const outcome = await run(`
*** Test Cases ***
Continue outside loop
    Continue For Loop
Exit outside loop
    Exit For Loop
Continue in keyword called from loop
    FOR    \${x}    IN    a    b
        Only Continue
    END
Exit in keyword teardown
    FOR    \${x}    IN    a    b
        Exit In Teardown
    END
Keyword with its own loop
    FOR    \${x}    IN    a    b
        Own Loop
    END
In loop through Run Keyword
    FOR    \${x}    IN    a    b
        Run Keyword    Exit For Loop
        Fail    not reached
    END

*** Keywords ***
Only Continue
    Continue For Loop
Exit In Teardown
    No Operation
    [Teardown]    Exit For Loop
Own Loop
    FOR    \${y}    IN    1    2
        Continue For Loop
        Fail    not reached
    END
`);
    expect(outcome, 'Continue outside loop', 'FAIL', "'Continue For Loop' can only be used inside a loop.");
    expect(outcome, 'Exit outside loop', 'FAIL', "'Exit For Loop' can only be used inside a loop.");
    expect(outcome, 'Continue in keyword called from loop', 'FAIL', "'Continue For Loop' can only be used inside a loop.");
    expect(outcome, 'Exit in keyword teardown', 'FAIL', "Keyword teardown failed:\n'Exit For Loop' can only be used inside a loop.");
    expect(outcome, 'Keyword with its own loop', 'PASS');
    expect(outcome, 'In loop through Run Keyword', 'PASS');
  });
});

describe('isinstance and type in expressions', () => {
  test('follow Python for the values FOR loops and literals give', async () => {
    const outcome = await run(`
*** Variables ***
&{DICT}    a=1    b=2

*** Test Cases ***
Types
    FOR    \${index}    \${item}    IN ENUMERATE    @{DICT}
        Should Be True    isinstance($index, int)
        Should Be True    isinstance($item, type(u'string'))
    END
    FOR    \${pair}    IN    &{DICT}
        Should Be True    isinstance($pair, tuple) and isinstance($pair[0], str)
    END
    Should Be True    isinstance(1.5, float) and not isinstance(1.5, int) and isinstance(True, (int, dict))
    Should Be True    isinstance({}, dict) and isinstance(b'x', bytes) and not isinstance('1', (int, float))
Not a type
    Should Be True    isinstance(1, 2)
`);
    expect(outcome, 'Types', 'PASS');
    expect(outcome, 'Not a type', 'FAIL', "Evaluating expression 'isinstance(1, 2)' failed: TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union");
  });
});

describe('assigning a wrong kind of value to a list or dictionary variable', () => {
  test("is worded as Robot's 'Setting variable ... failed'", async () => {
    const outcome = await run(`
*** Test Cases ***
List
    @{x} =    IF    True    Set Variable    String is not list
Dict
    &{x} =    Set Variable    not a dict
`);
    expect(outcome, 'List', 'FAIL', "Setting variable '@{x}' failed: Expected list-like value, got string.");
    expect(outcome, 'Dict', 'FAIL', "Setting variable '&{x}' failed: Expected dictionary-like value, got string.");
  });
});

describe('EXCEPT type=REGEXP', () => {
  test('honours Python inline flags at the start of the pattern', async () => {
    const outcome = await run(`
*** Test Cases ***
Inline flags
    TRY
        Fail    MESSAGE\\nIN\\nMANY\\nLINES
    EXCEPT    message.*lines    type=REGEXP
        Fail    Should not be executed
    EXCEPT    (?is)message.*lines    type=REGEXP
        No Operation
    END
`);
    expect(outcome, 'Inline flags', 'PASS');
  });
});

describe('assigning None to several variables', () => {
  test('gives each scalar None and a list variable an empty list', async () => {
    const outcome = await run(`
*** Test Cases ***
No branch run
    \${x}    @{y}    \${z} =    IF    False    Not Run
    Should Be Equal    \${x}    \${None}
    Should Be Empty    \${y}
    Should Be Equal    \${z}    \${None}
    \${a}    \${b} =    Set Variable    \${None}
    Should Be Equal    \${b}    \${None}
`);
    expect(outcome, 'No branch run', 'PASS');
  });
});

describe('Should Be True and Evaluate with an expression that does not parse', () => {
  test('fail with a SyntaxError as Python reports it', async () => {
    const outcome = await run(`
*** Test Cases ***
Unclosed quote
    Should Be True    "quotes" != "quote missing
`);
    expect(outcome, 'Unclosed quote', 'FAIL', `Evaluating expression '"quotes" != "quote missing' failed: SyntaxError: invalid syntax`);
  });
});
