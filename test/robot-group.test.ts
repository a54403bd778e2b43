/**
 * GROUP ... END as Robot Framework 7.3 runs it (issue 15): small suites
 * written here, run in-process, checked for each test's status and message
 * and for the result tree (the group node, its resolved name, the steps
 * shown NOT RUN); then once through the CLI for output.xml against Robot's
 * schema and the steps the other reporters show.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Engine } from '../framework/runners/robot/engine.ts';
import { parseRobot } from '../framework/runners/robot/parse-file.ts';
import type { BodyResult, SuiteResult } from '../framework/runners/robot/result.ts';
import { outcomes, runInline } from './helpers/run-inline.ts';
import { validatesAgainst } from './helpers/specs.ts';

async function run(text: string, options: { dryRun?: boolean } = {}): Promise<SuiteResult> {
  const source = '/virtual/group.robot';
  const spec = { name: 'Group', source, file: parseRobot(text, source), children: [], errors: [] };
  return new Engine({ console: () => undefined, ...options }).run(spec);
}

function outcome(suite: SuiteResult, name: string): { status: string; message: string } {
  const t = suite.tests.find((x) => x.name === name);
  assert.ok(t, `no test ${name}`);
  return { status: t.status, message: t.message };
}

/** A node as `type name STATUS`, its children indented under it. */
function tree(nodes: readonly BodyResult[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${'  '.repeat(depth)}${n.type}${n.name !== undefined ? ` [${n.name}]` : n.attrs.type ? ` [${n.attrs.type}]` : ''} ${n.status}`, ...tree(n.body, depth + 1)]);
}

function bodyOf(suite: SuiteResult, name: string): string[] {
  return tree(suite.tests.find((x) => x.name === name)!.body);
}

describe('GROUP runs its steps under a node named as resolved', () => {
  test('names resolve, failures fail the group and the test, the steps after them are NOT RUN', async () => {
    const suite = await run(`
*** Variables ***
\${ROLE}    admin

*** Test Cases ***
Named and anonymous
    GROUP    Login as \${ROLE}
        Log    one
    END
    GROUP
        Log    two
    END
Failure stops the test
    GROUP    First
        Fail    broken
        Log    not run
    END
    GROUP    Second \${not set}
        Log    not run either
    END
In a keyword and nested
    Grouped Keyword
Continues with the tag
    [Tags]    robot:continue-on-failure
    GROUP    A
        Fail    a1
        Fail    a2
    END
    GROUP    B
        Fail    b
    END

*** Keywords ***
Grouped Keyword
    GROUP    Outer
        GROUP    Inner \${{1 + 1}}
            Log    deep
        END
    END
`);
    assert.deepEqual(outcome(suite, 'Named and anonymous'), { status: 'PASS', message: '' });
    assert.deepEqual(bodyOf(suite, 'Named and anonymous'), ['group [Login as admin] PASS', '  kw [Log] PASS', 'group [] PASS', '  kw [Log] PASS']);
    assert.deepEqual(outcome(suite, 'Failure stops the test'), { status: 'FAIL', message: 'broken' });
    // The group that did not run keeps its name as written, and shows its steps.
    assert.deepEqual(bodyOf(suite, 'Failure stops the test'), [
      'group [First] FAIL', '  kw [Fail] FAIL', '  kw [Log] NOT RUN', 'group [Second ${not set}] NOT RUN', '  kw [Log] NOT RUN',
    ]);
    assert.deepEqual(outcome(suite, 'In a keyword and nested'), { status: 'PASS', message: '' });
    assert.deepEqual(bodyOf(suite, 'In a keyword and nested'), ['kw [Grouped Keyword] PASS', '  group [Outer] PASS', '    group [Inner 2] PASS', '      kw [Log] PASS']);
    assert.deepEqual(outcome(suite, 'Continues with the tag'), { status: 'FAIL', message: 'Several failures occurred:\n\n1) a1\n\n2) a2\n\n3) b' });
  });

  test('inside WHILE and IF a group is named per round, and one in a branch not taken (or after a failing one) is shown NOT RUN', async () => {
    const suite = await run(`
*** Test Cases ***
Rounds
    VAR    \${i}    \${0}
    WHILE    $i < 2
        GROUP    Round \${i}
            VAR    \${i}    \${i + 1}
        END
    END
    IF    $i == 2
        Log    two rounds
    ELSE
        GROUP    \${never resolved}
            Fail    not run
        END
    END
Failing branch
    IF    True
        GROUP    Taken
            Fail    broken
        END
    ELSE
        GROUP    Other
            Log    not run
        END
    END
`);
    assert.deepEqual(outcome(suite, 'Rounds'), { status: 'PASS', message: '' });
    assert.deepEqual(bodyOf(suite, 'Rounds'), [
      'variable [${i}] PASS',
      'while PASS', '  iter PASS', '    group [Round 0] PASS', '      variable [${i}] PASS', '  iter PASS', '    group [Round 1] PASS', '      variable [${i}] PASS',
      'if PASS', '  branch [IF] PASS', '    kw [Log] PASS', '  branch [ELSE] NOT RUN', '    group [${never resolved}] NOT RUN', '      kw [Fail] NOT RUN',
    ]);
    assert.deepEqual(outcome(suite, 'Failing branch'), { status: 'FAIL', message: 'broken' });
    // As Robot's IfRunner: the branches after a failing one are still shown, NOT RUN.
    assert.deepEqual(bodyOf(suite, 'Failing branch'), [
      'if FAIL', '  branch [IF] FAIL', '    group [Taken] FAIL', '      kw [Fail] FAIL', '  branch [ELSE] NOT RUN', '    group [Other] NOT RUN', '      kw [Log] NOT RUN',
    ]);
  });
});

describe('an invalid GROUP fails with Robot\'s message and runs none of its steps', () => {
  test('missing END, empty, several names, a name that does not resolve', async () => {
    const suite = await run(`
*** Test Cases ***
No END
    GROUP    Open
        Log    not run
Empty
    GROUP    Nothing
    END
    Log    not run
Several names
    GROUP    One    Two    Three
        Log    not run
    END
Unknown variable
    GROUP    \${missing} here
        Log    not run
    END
END with arguments
    GROUP    G
        Log    not run
    END    extra
Not reported after a failure
    Fail    first
    GROUP
    END
`);
    assert.deepEqual(outcome(suite, 'No END'), { status: 'FAIL', message: 'GROUP must have closing END.' });
    assert.deepEqual(bodyOf(suite, 'No END'), ['group [Open] FAIL', '  kw [Log] NOT RUN']);
    assert.deepEqual(outcome(suite, 'Empty'), { status: 'FAIL', message: 'GROUP cannot be empty.' });
    assert.deepEqual(bodyOf(suite, 'Empty'), ['group [Nothing] FAIL', 'kw [Log] NOT RUN']);
    assert.deepEqual(outcome(suite, 'Several names'), { status: 'FAIL', message: "GROUP accepts only one argument as name, got 3 arguments 'One', 'Two' and 'Three'." });
    assert.deepEqual(bodyOf(suite, 'Several names'), ['group [One, Two, Three] FAIL', '  kw [Log] NOT RUN']);
    assert.deepEqual(outcome(suite, 'Unknown variable'), { status: 'FAIL', message: "Variable '${missing}' not found." });
    assert.deepEqual(bodyOf(suite, 'Unknown variable'), ['group [${missing} here] FAIL', '  kw [Log] NOT RUN']);
    assert.deepEqual(outcome(suite, 'END with arguments'), { status: 'FAIL', message: "END does not accept arguments, got 'extra'." });
    assert.deepEqual(outcome(suite, 'Not reported after a failure'), { status: 'FAIL', message: 'first' });
  });
});

describe('groups in a templated test', () => {
  test('rows go on after failures; skipped rows skip only when every step skipped', async () => {
    const suite = await run(`
*** Settings ***
Test Template    Run Keyword

*** Test Cases ***
Failures add up
    GROUP    1
        Fail    one
        Log     ok
        Fail    two
    END
    GROUP    2
        Fail    three
    END
A skip among passes passes
    GROUP    1
        Skip    s
        Log     ok
    END
    GROUP    2
        Log     ok
    END
Every step skipped
    GROUP    1
        Skip    a
        Skip    b
    END
    GROUP    2
        Skip    c
    END
`);
    assert.deepEqual(outcome(suite, 'Failures add up'), { status: 'FAIL', message: 'Several failures occurred:\n\n1) one\n\n2) two\n\n3) three' });
    assert.deepEqual(outcome(suite, 'A skip among passes passes'), { status: 'PASS', message: '' });
    assert.deepEqual(outcome(suite, 'Every step skipped'), { status: 'SKIP', message: 'All iterations skipped.' });
    const groups = suite.tests.find((t) => t.name === 'Every step skipped')!.body;
    assert.deepEqual(groups.map((g) => [g.status, g.message]), [['SKIP', 'All iterations skipped.'], ['SKIP', 'c']]);
  });

  test('a FOR whose rounds all skipped is skipped as "All iterations skipped."', async () => {
    const suite = await run(`
*** Test Cases ***
Rounds skipped
    [Template]    Skip
    FOR    \${x}    IN    a    b
        \${x}
    END
    c
`);
    const loop = suite.tests[0].body[0];
    assert.deepEqual([loop.type, loop.status, loop.message], ['for', 'SKIP', 'All iterations skipped.']);
    assert.deepEqual(outcome(suite, 'Rounds skipped'), { status: 'SKIP', message: 'All iterations skipped.' });
  });
});

describe('--dryrun', () => {
  test('checks the keywords in a group and resolves its name, except in a WHILE', async () => {
    const suite = await run(`
*** Test Cases ***
Keyword checked
    GROUP    Checked
        No Such Keyword
    END
Name resolved
    GROUP    \${undefined}
        Log    x
    END
Name in WHILE left as written
    WHILE    True    limit=2
        GROUP    \${set in the loop}
            Log    x
        END
    END
Invalid group
    GROUP    a    b
        Log    x
    END
`, { dryRun: true });
    assert.deepEqual(outcome(suite, 'Keyword checked'), { status: 'FAIL', message: "No keyword with name 'No Such Keyword' found." });
    assert.deepEqual(outcome(suite, 'Name resolved'), { status: 'FAIL', message: "Variable '${undefined}' not found." });
    assert.deepEqual(outcome(suite, 'Name in WHILE left as written'), { status: 'PASS', message: '' });
    assert.deepEqual(outcome(suite, 'Invalid group'), { status: 'FAIL', message: "GROUP accepts only one argument as name, got 2 arguments 'a' and 'b'." });
  });
});

test('output.xml holds <group> valid against Robot\'s schema; the JSON and Allure reports show a group as a step', async (t) => {
  const result = await runInline(
    {
      'r/grouped.robot': [
        '*** Test Cases ***',
        'Grouped',
        '    GROUP    Login as ${{"admin"}}',
        '        Log    inside',
        '    END',
        '    GROUP',
        '        Fail    broken',
        '    END',
      ].join('\n'),
      'tollgate.config.ts': `export default { suites: [{ name: 'r', kind: 'integration', runner: 'robot', files: 'r/*.robot' }] };`,
    },
    ['run', '--reporter', 'robot-xml=out/output.xml', '--reporter', 'json=out/result.json', '--reporter', 'allure=out/allure'],
  );
  assert.equal(result.exitCode, 1, result.output);
  assert.equal(outcomes(result.events()).Grouped?.message, 'broken', result.output);
  const xmlFile = join(result.dir, 'out', 'output.xml');
  await validatesAgainst(t, 'robot-result.xsd', xmlFile);
  const xml = readFileSync(xmlFile, 'utf8');
  assert.match(xml, /<group name="Login as admin">\n<kw name="Log" owner="BuiltIn">/);
  assert.match(xml, /<group>\n<kw name="Fail" owner="BuiltIn">[\s\S]*?<\/kw>\n<status status="FAIL" [^>]*>broken<\/status>\n<\/group>/);

  const report = JSON.parse(readFileSync(join(result.dir, 'out', 'result.json'), 'utf8')) as { tests: { attempts: { steps: { title: string; steps: { title: string }[] }[] }[] }[] };
  const steps = report.tests[0].attempts[0].steps;
  assert.deepEqual(steps.map((s) => [s.title, s.steps.map((c) => c.title)]), [['GROUP    Login as admin', ['Log    inside']], ['GROUP', ['Fail    broken']]]);

  const allureDir = join(result.dir, 'out', 'allure');
  const allure = readdirSync(allureDir).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(allureDir, f), 'utf8')) as { steps: { name: string }[] });
  assert.deepEqual(allure[0].steps.map((s) => s.name), ['GROUP    Login as admin', 'GROUP']);
});
