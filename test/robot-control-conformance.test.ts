/**
 * Control structures as Robot Framework 7.3 runs and rejects them (issue
 * 15): each case is a small suite written here, run in-process, and checked
 * for the status and message Robot gives it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Engine } from '../framework/runners/robot/engine.ts';
import { parseRobot } from '../framework/runners/robot/parse-file.ts';

type Outcome = Record<string, { status: string; message: string }>;

async function run(text: string, options: { signal?: AbortSignal } = {}): Promise<Outcome> {
  const source = '/virtual/control.robot';
  const spec = { name: 'Control', source, file: parseRobot(text, source), children: [], errors: [] };
  const result = await new Engine({ console: () => undefined, ...options }).run(spec);
  return Object.fromEntries(result.tests.map((t) => [t.name, { status: t.status, message: t.message }]));
}

function expect(outcome: Outcome, name: string, status: string, message = ''): void {
  assert.deepEqual(outcome[name], { status, message }, name);
}

describe('continuable failures through loops', () => {
  test('BREAK and CONTINUE after a continuable failure still fail the test, and the loop goes on after one', async () => {
    const outcome = await run(`
*** Test Cases ***
Break after failure
    FOR    \${i}    IN RANGE    5
        Run Keyword And Continue On Failure    Fail    first
        IF    \${i} == 1    BREAK
    END
    Log    runs
Continue after failure
    \${n}=    Set Variable    \${0}
    WHILE    \$n < 2
        \${n}=    Evaluate    \$n + 1
        Run Keyword And Continue On Failure    Fail    round \${n}
        CONTINUE
    END
Failure in keyword then RETURN
    Returns After Failure
Tag continues in loop
    [Tags]    robot:continue-on-failure
    FOR    \${x}    IN    a    b
        Fail    \${x}
    END
    Fail    after

*** Keywords ***
Returns After Failure
    Run Keyword And Continue On Failure    Fail    before return
    RETURN    value
`);
    expect(outcome, 'Break after failure', 'FAIL', 'Several failures occurred:\n\n1) first\n\n2) first');
    expect(outcome, 'Continue after failure', 'FAIL', 'Several failures occurred:\n\n1) round 1\n\n2) round 2');
    expect(outcome, 'Failure in keyword then RETURN', 'FAIL', 'before return');
    expect(outcome, 'Tag continues in loop', 'FAIL', 'Several failures occurred:\n\n1) a\n\n2) b\n\n3) after');
  });
});

describe('continue on failure follows the tags of the test and of each user keyword', () => {
  test('templated rows go on, the keywords they call stop at their first failure unless tagged', async () => {
    const outcome = await run(`
*** Test Cases ***
Templated
    [Template]    Two Failures
    one
    two
Recursive tag
    [Tags]    robot:recursive-continue-on-failure
    Two Failures    deep
Plain tag stays in the test
    [Tags]    robot:continue-on-failure
    Two Failures    shallow
    Fail    after
Keyword timeout in template
    [Template]    Slow
    5 seconds
    0
Stop tag in template
    [Tags]    robot:stop-on-failure
    [Template]    Fail
    first
    second

*** Keywords ***
Two Failures
    [Arguments]    \${x}
    Fail    \${x} 1
    Fail    \${x} 2
Slow
    [Arguments]    \${time}
    [Timeout]    300 milliseconds
    Sleep    \${time}
    Fail    done \${time}
`);
    expect(outcome, 'Templated', 'FAIL', 'Several failures occurred:\n\n1) one 1\n\n2) two 1');
    expect(outcome, 'Recursive tag', 'FAIL', 'Several failures occurred:\n\n1) deep 1\n\n2) deep 2');
    expect(outcome, 'Plain tag stays in the test', 'FAIL', 'Several failures occurred:\n\n1) shallow 1\n\n2) after');
    expect(outcome, 'Keyword timeout in template', 'FAIL', 'Several failures occurred:\n\n1) Keyword timeout 300 milliseconds exceeded.\n\n2) done 0');
    expect(outcome, 'Stop tag in template', 'FAIL', 'first');
  });
});

describe('invalid syntax is rejected with Robot\'s messages', () => {
  test('BREAK, CONTINUE and RETURN where they cannot be', async () => {
    const outcome = await run(`
*** Test Cases ***
Break in finally
    FOR    \${x}    IN    a
        TRY
            Log    \${x}
        FINALLY
            BREAK
        END
    END
Continue outside loop
    CONTINUE
Continue in IF outside loop
    IF    True
        CONTINUE
    END
Return in test
    RETURN
Return in test IF
    IF    True
        RETURN
    END
Return in finally
    Keyword With Finally Return
Break with argument
    WHILE    True
        BREAK    now
    END

*** Keywords ***
Keyword With Finally Return
    TRY
        No Operation
    FINALLY
        RETURN
    END
`);
    expect(outcome, 'Break in finally', 'FAIL', 'BREAK cannot be used in FINALLY branch.');
    expect(outcome, 'Continue outside loop', 'FAIL', 'CONTINUE is not allowed in this context.');
    expect(outcome, 'Continue in IF outside loop', 'FAIL', 'CONTINUE can only be used inside a loop.');
    expect(outcome, 'Return in test', 'FAIL', 'RETURN is not allowed in this context.');
    expect(outcome, 'Return in test IF', 'FAIL', 'RETURN can only be used inside a user keyword.');
    expect(outcome, 'Return in finally', 'FAIL', 'RETURN cannot be used in FINALLY branch.');
    expect(outcome, 'Break with argument', 'FAIL', "BREAK does not accept arguments, got 'now'.");
  });

  test('inline IF: assignments in branches, nesting, structure', async () => {
    const outcome = await run(`
*** Test Cases ***
Assign in branch
    IF    True    \${x}=    Set Variable    1
Nested
    IF    True    IF    True    No Operation
Two lists
    @{a}    @{b}=    IF    True    Create List    ELSE    Create List
Control structure with assign
    \${x}=    IF    True    RETURN    ELSE    Set Variable    1
Else if after else
    IF    False    No Operation    ELSE    No Operation    ELSE IF    True    No Operation
Assign mark in the middle
    \${a}=    \${b}=    IF    True    Create List    1    2
`);
    expect(outcome, 'Assign in branch', 'FAIL', 'Inline IF branches cannot contain assignments.');
    expect(outcome, 'Nested', 'FAIL', 'Inline IF cannot be nested.');
    expect(outcome, 'Two lists', 'FAIL', 'Assignment can contain only one list variable.');
    expect(outcome, 'Control structure with assign', 'FAIL', 'Inline IF with assignment can only contain keyword calls.');
    expect(outcome, 'Else if after else', 'FAIL', 'ELSE IF not allowed after ELSE.');
    expect(outcome, 'Assign mark in the middle', 'FAIL', "Assign mark '=' can be used only with the last variable.");
  });

  test('FOR, IF, WHILE and TRY blocks: every problem, in Robot\'s order', async () => {
    const outcome = await run(`
*** Test Cases ***
For without anything
    FOR
        No Operation
    END
For bad variable
    FOR    \${x}    y    IN    1
        No Operation
    END
If problems
    IF
    ELSE
        No Operation
    ELSE IF    a    b
    END    x    y
While problems
    WHILE    a    b    on_limit=pass
        No Operation
    END
While bad on_limit
    WHILE    True    limit=3    on_limit=maybe
        No Operation
    END
Try problems
    TRY
        No Operation
    ELSE
        No Operation
    EXCEPT    AS    \${a}    \${b}
        No Operation
    FINALLY    now
        No Operation
    END
Except type
    TRY
        Fail    x
    EXCEPT    x    type=fuzzy
        No Operation
    END
Missing END
    FOR    \${x}    IN    a
        No Operation
`);
    expect(outcome, 'For without anything', 'FAIL', "Multiple errors:\n- FOR loop has no variables.\n- FOR loop has no 'IN' or other valid separator.");
    expect(outcome, 'For bad variable', 'FAIL', "Invalid FOR loop variable 'y'.");
    expect(outcome, 'If problems', 'FAIL', "Multiple errors:\n- IF must have a condition.\n- IF branch cannot be empty.\n- ELSE IF not allowed after ELSE.\n- ELSE IF cannot have more than one condition, got 'a' and 'b'.\n- ELSE IF branch cannot be empty.\n- END does not accept arguments, got 'x' and 'y'.");
    expect(outcome, 'While problems', 'FAIL', "Multiple errors:\n- WHILE accepts only one condition, got 2 conditions 'a' and 'b'.\n- WHILE option 'on_limit' cannot be used without 'limit'.");
    expect(outcome, 'While bad on_limit', 'FAIL', "WHILE option 'on_limit' does not accept value 'maybe'. Valid values are 'PASS' and 'FAIL'.");
    expect(outcome, 'Try problems', 'FAIL', "Multiple errors:\n- EXCEPT not allowed after ELSE.\n- EXCEPT AS accepts only one value.\n- FINALLY does not accept arguments, got 'now'.");
    expect(outcome, 'Except type', 'FAIL', "EXCEPT option 'type' does not accept value 'fuzzy'. Valid values are 'GLOB', 'REGEXP', 'START' and 'LITERAL'.");
    expect(outcome, 'Missing END', 'FAIL', 'FOR loop must have closing END.');
  });

  test('invalid data cannot be caught by EXCEPT, and TRY and WHILE take no template rows', async () => {
    const outcome = await run(`
*** Test Cases ***
Syntax error in TRY
    TRY
        IF    True
        END
    EXCEPT
        Log    caught
    END
Templated TRY
    [Template]    Log
    TRY
        hello
    EXCEPT
        world
    END
Templated WHILE
    [Template]    Log
    WHILE    True    limit=2
        hello
    END
Old FOR syntax
    :FOR    \${x}    IN    a
`);
    expect(outcome, 'Syntax error in TRY', 'FAIL', 'IF branch cannot be empty.');
    expect(outcome, 'Templated TRY', 'FAIL', 'TRY does not support templates.');
    expect(outcome, 'Templated WHILE', 'FAIL', 'WHILE does not support templates.');
    expect(outcome, 'Old FOR syntax', 'FAIL', "Support for the old FOR loop syntax has been removed. Replace ':FOR' with 'FOR', end the loop with 'END', and remove escaping backslashes.");
  });
});

describe('conditions, limits and FOR flavors', () => {
  test('a condition that cannot be evaluated names its IF or WHILE, with Robot\'s $var advice', async () => {
    const outcome = await run(`
*** Variables ***
\${x}    text

*** Test Cases ***
Unknown name
    IF    nope    No Operation
Resolved variable
    WHILE    \${x} == 'x'
        No Operation
    END
Missing variable
    IF    True
        No Operation
    ELSE IF    \${missing}
        No Operation
    END
    IF    \${missing}    No Operation
`);
    expect(outcome, 'Unknown name', 'FAIL', "Invalid IF condition: Evaluating expression 'nope' failed: NameError: name 'nope' is not defined nor importable as module");
    expect(outcome, 'Resolved variable', 'FAIL', `Invalid WHILE loop condition: Evaluating expression "text == 'x'" failed: NameError: name 'text' is not defined nor importable as module\n\nVariables in the original expression "\${x} == 'x'" were resolved before the expression was evaluated. Try using "$x == 'x'" syntax to avoid that. See Evaluating Expressions appendix in Robot Framework User Guide for more details.`);
    expect(outcome, 'Missing variable', 'FAIL', "Invalid IF condition: Evaluating expression '${missing}' failed: Variable '${missing}' not found.");
  });

  test('WHILE limits: counts, times in words, bad values, on_limit', async () => {
    const outcome = await run(`
*** Test Cases ***
Count with underscore
    WHILE    True    limit=1_0
        No Operation
    END
Time limit
    WHILE    True    limit=0.05s
        No Operation
    END
Negative limit
    WHILE    True    limit=-1
        No Operation
    END
On limit pass
    WHILE    True    limit=3    on_limit=pass
        No Operation
    END
On limit from variable
    \${mode}=    Set Variable    sometimes
    WHILE    True    limit=3    on_limit=\${mode}
        No Operation
    END
Failures and limit
    [Tags]    robot:continue-on-failure
    WHILE    True    limit=2
        Fail    again
    END
`);
    expect(outcome, 'Count with underscore', 'FAIL', "WHILE loop was aborted because it did not finish within the limit of 10 iterations. Use the 'limit' argument to increase or remove the limit if needed.");
    expect(outcome, 'Time limit', 'FAIL', "WHILE loop was aborted because it did not finish within the limit of 50 milliseconds. Use the 'limit' argument to increase or remove the limit if needed.");
    expect(outcome, 'Negative limit', 'FAIL', "Invalid WHILE loop limit: Iteration count must be a positive integer, got '-1'.");
    expect(outcome, 'On limit pass', 'PASS');
    expect(outcome, 'On limit from variable', 'FAIL', "Invalid WHILE loop 'on_limit': Value 'sometimes' is not accepted. Valid values are 'PASS' and 'FAIL'.");
    expect(outcome, 'Failures and limit', 'FAIL', "Several failures occurred:\n\n1) again\n\n2) again\n\n3) WHILE loop was aborted because it did not finish within the limit of 2 iterations. Use the 'limit' argument to increase or remove the limit if needed.");
  });

  test('FOR IN RANGE, IN ENUMERATE, IN ZIP and dictionaries as Robot iterates them', async () => {
    const outcome = await run(`
*** Test Cases ***
Range with two variables
    \${seen}=    Create List
    FOR    \${a}    \${b}    IN RANGE    4
        Append To List    \${seen}    \${a}-\${b}
    END
    Should Be Equal    \${seen}    \${{['0-1', '2-3']}}
Range of floats
    \${seen}=    Create List
    FOR    \${f}    IN RANGE    0.1    0.4    0.1
        Append To List    \${seen}    \${f}
    END
    Should Be Equal    \${seen}    \${{[0.1, 0.2, 0.3]}}
Range of text
    FOR    \${i}    IN RANGE    not a number
        No Operation
    END
Enumerate start
    FOR    \${i}    \${x}    IN ENUMERATE    a    b    start=zero
        No Operation
    END
Enumerate start twice
    \${seen}=    Create List
    FOR    \${i}    \${x}    IN ENUMERATE    a    start=1    start=5
        Append To List    \${seen}    \${i}:\${x}
    END
    Should Be Equal    \${seen}    \${{['5:a', '6:start=1']}}
Zip mode
    FOR    \${x}    IN ZIP    \${{[1]}}    mode=sideways
        No Operation
    END
Zip text
    FOR    \${x}    \${y}    IN ZIP    \${{[1]}}    abc
        No Operation
    END
Zip strict
    FOR    \${x}    \${y}    IN ZIP    \${{[1, 2]}}    \${{[1]}}    mode=STRICT
        No Operation
    END
Dict with three variables
    &{d}=    Create Dictionary    a=1
    FOR    \${k}    \${v}    \${z}    IN    &{d}
        No Operation
    END
Dict and plain value
    &{d}=    Create Dictionary    a=1
    FOR    \${k}    \${v}    IN    &{d}    plain
        No Operation
    END
Dict in range
    &{d}=    Create Dictionary    a=1
    FOR    \${k}    IN RANGE    &{d}
        No Operation
    END

*** Settings ***
Library    Collections
`);
    expect(outcome, 'Range with two variables', 'PASS');
    expect(outcome, 'Range of floats', 'PASS');
    assert.match(outcome['Range of text'].message, /^Converting FOR IN RANGE values failed: /);
    expect(outcome, 'Enumerate start', 'FAIL', "Invalid FOR IN ENUMERATE start value: Value must be an integer, got 'zero'.");
    expect(outcome, 'Enumerate start twice', 'PASS');
    expect(outcome, 'Zip mode', 'FAIL', "FOR option 'mode' does not accept value 'sideways'. Valid values are 'STRICT', 'SHORTEST' and 'LONGEST'.");
    expect(outcome, 'Zip text', 'FAIL', 'FOR IN ZIP items must be list-like, but item 2 is string.');
    expect(outcome, 'Zip strict', 'FAIL', 'FOR IN ZIP items must have equal lengths in the STRICT mode, but lengths are 2 and 1.');
    expect(outcome, 'Dict with three variables', 'FAIL', 'Number of FOR loop variables must be 1 or 2 when iterating over dictionaries, got 3.');
    expect(outcome, 'Dict and plain value', 'FAIL', "Invalid FOR loop value 'plain'. When iterating over dictionaries, values must be '&{dict}' variables or use 'key=value' syntax.");
    expect(outcome, 'Dict in range', 'FAIL', 'FOR IN RANGE loops do not support iterating over dictionaries.');
  });
});

describe('long loops stop promptly', () => {
  test('a FOR of millions of rounds stops at its test timeout', { timeout: 30_000 }, async () => {
    const outcome = await run(`
*** Test Cases ***
Long FOR
    [Timeout]    300 milliseconds
    FOR    \${i}    IN RANGE    3000000
        No Operation
    END
`);
    expect(outcome, 'Long FOR', 'FAIL', 'Test timeout 300 milliseconds exceeded.');
  });

  test('an endless WHILE stops when the run is aborted (SIGTERM)', { timeout: 30_000 }, async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const outcome = await run(`
*** Test Cases ***
Endless
    WHILE    True    limit=NONE
        No Operation
    END
Next
    No Operation
`, { signal: controller.signal });
    expect(outcome, 'Endless', 'FAIL', 'Execution terminated by signal');
    expect(outcome, 'Next', 'FAIL', 'Execution terminated by signal');
  });
});
