/**
 * Robot Framework's own options on `tollgate run` (issue 15, item 4):
 * --include, --exclude, --test, --robot-suite (robot's --suite; tollgate's
 * --suite still selects tollgate suites), --variable, --variablefile,
 * --dryrun and --exitonfailure, the same per suite in the config
 * (`suites[].robot`), with --list showing what would run; bad values exit
 * 2 naming the flag. A folder run without a config names its top suite
 * after the folder, as `robot DIR` does.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { outputXmlPath } from '../framework/runners/robot/robot-runner.ts';
import { outcomes, runCli, writeProject } from './helpers/run-inline.ts';
import { validatesAgainst } from './helpers/specs.ts';

const CHECKS = [
  '*** Test Cases ***',
  'Login works',
  '    [Tags]    smoke    api',
  '    Log    login',
  'Login is slow',
  '    [Tags]    slow    api',
  '    Log    slow login',
  'Logout works',
  '    [Tags]    smoke    ui',
  '    Log    logout',
  '',
].join('\n');

const ROBOT_CONFIG = `export default { suites: [
  { name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/**/*.robot' },
  { name: 'unit', kind: 'unit', files: 'unit/*.spec.ts' },
] };`;

function ran(result: Awaited<ReturnType<typeof runCli>>): string[] {
  return Object.keys(outcomes(result.events())).sort();
}

test('--include and --exclude select robot tests by tag patterns, in the run and in --list', async () => {
  const dir = writeProject({ 'tollgate.config.ts': ROBOT_CONFIG, 'rf/checks.robot': CHECKS, 'unit/a.spec.ts': `import { test } from 'tollgate';\ntest('unit one', () => {});\n` });
  const result = await runCli(dir, ['run', '--suite', 'rf', '--include', 'api', '--exclude', 'SLOW']);
  assert.equal(result.exitCode, 0, result.output);
  assert.deepEqual(ran(result), ['Login works']);
  // Robot's pattern syntax: AND, OR, NOT and wildcards.
  const patterns = await runCli(dir, ['run', '--suite', 'rf', '--include', 'smokeANDu?', '--include', 'slowNOTui']);
  assert.deepEqual(ran(patterns), ['Login is slow', 'Logout works']);
  const listed = await runCli(dir, ['run', '--list', '--include', 'smoke']);
  assert.equal(listed.exitCode, 0, listed.output);
  assert.match(listed.stdout, /\+ rf\/checks\.robot › Login works/);
  assert.match(listed.stdout, /\+ rf\/checks\.robot › Logout works/);
  assert.doesNotMatch(listed.stdout, /\+ rf\/checks\.robot › Login is slow/);
  assert.match(listed.stdout, /unit one/, 'the flags select among robot tests only; native suites are untouched');
});

test('--test matches name or long name with * and ?, ignoring case and spaces; --robot-suite picks Robot suites while --suite still picks tollgate suites', async () => {
  const dir = writeProject({
    'tollgate.config.ts': ROBOT_CONFIG,
    'rf/checks.robot': CHECKS,
    'rf/admin/users.robot': ['*** Settings ***', 'Suite Setup    Log To Console    users-setup-ran', '*** Test Cases ***', 'Create user', '    Log    create', 'Delete user', '    Log    delete', ''].join('\n'),
    'unit/a.spec.ts': `import { test } from 'tollgate';\ntest('unit one', () => {});\n`,
  });
  const byName = await runCli(dir, ['run', '--suite', 'rf', '--test', 'log?n*', '--test', 'rf.admin.users.DELETEUSER']);
  assert.equal(byName.exitCode, 0, byName.output);
  assert.deepEqual(ran(byName), ['Delete user', 'Login is slow', 'Login works']);

  const bySuite = await runCli(dir, ['run', '--suite', 'rf', '--robot-suite', 'Checks']);
  assert.equal(bySuite.exitCode, 0, bySuite.output);
  assert.deepEqual(ran(bySuite), ['Login is slow', 'Login works', 'Logout works']);
  assert.doesNotMatch(bySuite.output, /users-setup-ran/, 'a suite the selection empties is removed before it runs: its setup does not run');

  const both = await runCli(dir, ['run', '--suite', 'rf', '--robot-suite', 'rf.admin', '--test', '*create*']);
  assert.deepEqual(ran(both), ['Create user'], 'with --robot-suite and --test, a test must match both (as in Robot)');

  const tollgateSuite = await runCli(dir, ['run', '--suite', 'unit']);
  assert.equal(tollgateSuite.exitCode, 0, tollgateSuite.output);
  assert.deepEqual(ran(tollgateSuite), ['unit one'], '--suite keeps selecting tollgate suites by name');
});

test('--variable NAME:VALUE and --variablefile (YAML, JSON) set variables; --variable wins over the files', async () => {
  const dir = writeProject({
    'tollgate.config.ts': `export default { suites: [{ name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/*.robot' }] };`,
    'rf/vars.robot': [
      '*** Variables ***',
      '${HOST}    from-file',
      '*** Test Cases ***',
      'Uses variables',
      '    Should Be Equal    ${HOST}    http://example.com:8080',
      '    Should Be Equal    ${REGION}    eu',
      '    Should Be Equal    ${USERS}[1]    bob',
      '    Should Be Equal    ${LIMITS.max}    ${10}',
      '    Should Be Equal    ${FROM JSON}    json',
      '    Should Be Equal    ${EMPTY VALUE}    ${EMPTY}',
      '',
    ].join('\n'),
    'vars.yaml': 'REGION: us\nUSERS: [alice, bob]\nLIMITS:\n  max: 10\n',
    'more.json': JSON.stringify({ 'FROM JSON': 'json' }),
  });
  const result = await runCli(dir, ['run', '--variable', 'HOST:http://example.com:8080', '--variable', 'REGION:eu', '--variable', 'EMPTY VALUE:', '--variablefile', 'vars.yaml', '--variablefile', 'more.json']);
  assert.equal(result.exitCode, 0, result.output);
  assert.equal(outcomes(result.events())['Uses variables']?.outcome, 'passed', result.output);
});

test('--dryrun checks keyword calls without running library keywords', async () => {
  const dir = writeProject({
    'tollgate.config.ts': `export default { suites: [{ name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/*.robot' }] };`,
    'rf/dry.robot': ['*** Test Cases ***', 'Would fail when run', '    Should Be Equal    a    b', 'Calls a keyword that does not exist', '    No Such Keyword Anywhere', ''].join('\n'),
  });
  const result = await runCli(dir, ['run', '--dryrun']);
  const done = outcomes(result.events());
  assert.equal(done['Would fail when run']?.outcome, 'passed', result.output);
  assert.equal(done['Calls a keyword that does not exist']?.outcome, 'failed');
  assert.match(done['Calls a keyword that does not exist']!.message, /No keyword with name 'No Such Keyword Anywhere' found/);
  assert.equal(result.exitCode, 1);
});

test('--exitonfailure: after the first failed test the rest fail without running, with Robot\'s message and the robot:exit tag', async (t) => {
  const dir = writeProject({
    'tollgate.config.ts': `export default { suites: [{ name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/*.robot' }] };`,
    'rf/a_first.robot': ['*** Test Cases ***', 'Passes', '    Log    ok', 'Fails', '    Fail    first failure', 'Not run', '    Log To Console    not-run-ran', ''].join('\n'),
    'rf/b_second.robot': ['*** Settings ***', 'Suite Setup    Log To Console    second-setup-ran', '*** Test Cases ***', 'Later suite', '    Log    never', ''].join('\n'),
  });
  const result = await runCli(dir, ['run', '--exitonfailure']);
  assert.equal(result.exitCode, 1, result.output);
  const done = outcomes(result.events());
  assert.equal(done.Passes?.outcome, 'passed');
  assert.equal(done.Fails?.message, 'first failure');
  for (const name of ['Not run', 'Later suite']) {
    assert.equal(done[name]?.outcome, 'failed', name);
    assert.equal(done[name]?.message, 'Failure occurred and exit-on-failure mode is in use.');
  }
  assert.doesNotMatch(result.output, /not-run-ran|second-setup-ran/);
  const xml = readFileSync(outputXmlPath(result.runDir, 'rf'), 'utf8');
  assert.match(xml, /<test [^>]*name="Not run"[^]*?<tag>robot:exit<\/tag>/);
  await validatesAgainst(t, 'robot-result.xsd', outputXmlPath(result.runDir, 'rf'));
});

test('the config gives the same options per suite (suites[].robot); a flag replaces the config\'s value', async () => {
  const dir = writeProject({
    'tollgate.config.ts': `export default { suites: [{ name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/**/*.robot',
      robot: { include: ['smoke'], exclude: ['ui'], variables: { GREETING: 'hello' }, variableFiles: ['vars/env.yaml'], exitOnFailure: true } }] };`,
    'rf/checks.robot': CHECKS.replace('    Log    login', '    Should Be Equal    ${GREETING} ${TARGET}    hello staging'),
    'vars/env.yaml': 'TARGET: staging\n',
  });
  const result = await runCli(dir, ['run']);
  assert.equal(result.exitCode, 0, result.output);
  assert.deepEqual(ran(result), ['Login works']);
  const overridden = await runCli(dir, ['run', '--include', 'slow']);
  assert.deepEqual(ran(overridden), ['Login is slow']);
});

test('the older ROBOT_INCLUDE environment variable still selects; --include replaces it', async () => {
  const dir = writeProject({ 'tollgate.config.ts': `export default { suites: [{ name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/*.robot', env: { ROBOT_INCLUDE: 'slow' } }] };`, 'rf/checks.robot': CHECKS });
  assert.deepEqual(ran(await runCli(dir, ['run'])), ['Login is slow']);
  assert.deepEqual(ran(await runCli(dir, ['run', '--include', 'ui'])), ['Logout works']);
});

test('bad values exit 2 naming the flag or the config key and the fix, without a stack trace', async () => {
  const dir = writeProject({
    'tollgate.config.ts': `export default { suites: [{ name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/*.robot' }] };`,
    'rf/checks.robot': CHECKS,
    'vars.py': 'HOST = "x"\n',
    'list.yaml': '- a\n- b\n',
  });
  const cases: [string[], RegExp][] = [
    [['--variable', 'HOST'], /--variable takes NAME:VALUE, e\.g\. --variable HOST:example\.com \(got "HOST": no colon\)/],
    [['--variablefile', 'vars.py'], /--variablefile vars\.py: .*Python variable file.*write the variables as a YAML or JSON mapping/],
    [['--variablefile', 'missing.yaml'], /--variablefile missing\.yaml: cannot read .*missing\.yaml \(ENOENT\)/],
    [['--variablefile', 'list.yaml'], /--variablefile list\.yaml: .*must be a mapping of NAME → value, got a list/],
    [['--variable', ':value'], /--variable takes NAME:VALUE, .*no name before the colon/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(dir, ['run', ...args]);
    assert.equal(result.exitCode, 2, `${args.join(' ')}: ${result.output}`);
    assert.match(result.stderr, message);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  }

  const badConfig = writeProject({
    'tollgate.config.ts': `export default { suites: [
      { name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/*.robot', robot: { include: 'smoke', dryrun: true, variableFiles: ['vars.py'] } },
      { name: 'unit', kind: 'unit', files: 'unit/*.spec.ts', robot: { dryRun: true } },
    ] };`,
    'rf/checks.robot': CHECKS,
  });
  const config = await runCli(badConfig, ['run']);
  assert.equal(config.exitCode, 2, config.output);
  assert.match(config.stderr, /suites\[0\]\.robot\.include/);
  assert.match(config.stderr, /suites\[0\]\.robot\.dryrun/);
  assert.match(config.stderr, /suites\[0\]\.robot\.variableFiles\[0\]/);
  assert.match(config.stderr, /suites\[1\]/);
  assert.match(config.stderr, /runner 'robot'/);
  assert.doesNotMatch(config.stderr, /\n\s+at /);

  const missingFile = writeProject({
    'tollgate.config.ts': `export default { suites: [{ name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/*.robot', robot: { variableFiles: ['gone.yaml'] } }] };`,
    'rf/checks.robot': CHECKS,
  });
  const missing = await runCli(missingFile, ['run']);
  assert.equal(missing.exitCode, 2, missing.output);
  assert.match(missing.stderr, /suites\[0\]\.robot\.variableFiles\[0\]: cannot read .*gone\.yaml/);

  const noRobot = writeProject({ 'tollgate.config.ts': `export default { suites: [{ name: 'unit', kind: 'unit', files: 'unit/*.spec.ts' }] };`, 'unit/a.spec.ts': `import { test } from 'tollgate';\ntest('u', () => {});\n` });
  const flagWithoutRobot = await runCli(noRobot, ['run', '--dryrun']);
  assert.equal(flagWithoutRobot.exitCode, 2, flagWithoutRobot.output);
  assert.match(flagWithoutRobot.stderr, /--dryrun: Robot Framework's options apply to suites with runner 'robot'/);
});

test('a folder run without a config names the top suite after the folder, as `robot DIR` does', async () => {
  const dir = writeProject({ 'acceptance_tests/login.robot': '*** Test Cases ***\nWorks\n    Log    ok\n' });
  const result = await runCli(dir, ['run', 'acceptance_tests']);
  assert.equal(result.exitCode, 0, result.output);
  const xml = readFileSync(outputXmlPath(result.runDir, 'robot'), 'utf8');
  assert.match(xml, /<suite id="s1" name="Acceptance Tests" source="[^"]*acceptance_tests">\n<suite id="s1-s1" name="Login"/);
  const byTest = await runCli(dir, ['run', 'acceptance_tests', '--test', 'Acceptance Tests.Login.Works']);
  assert.deepEqual(ran(byTest), ['Works'], 'the long name starts with the folder\'s suite');
  assert.ok(join(dir, 'acceptance_tests'));
});
