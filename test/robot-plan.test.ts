import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { outputXmlPath } from '../framework/runners/robot/robot-runner.ts';
import { outcomes, runCli, writeProject } from './helpers/run-inline.ts';

/**
 * A robot suite's tests are known before it runs (the adapter parses the
 * files, as `robot --dryrun` does): `--list` shows them, and --tag, --grep
 * and --last-failed choose among them as among native tests.
 */
function project(): string {
  return writeProject({
    'tollgate.config.ts': `export default { suites: [{ name: 'rf', kind: 'integration', runner: 'robot', files: 'rf/**/*.robot', tags: ['robot'] }] };`,
    'rf/a.robot': [
      '*** Settings ***',
      'Test Tags    area-a',
      '',
      '*** Test Cases ***',
      'Fast check',
      '    [Tags]    smoke',
      '    Log    fast',
      'Slow check',
      '    [Tags]    slow',
      '    Log    slow',
      'Never listed',
      '    [Tags]    robot:exclude',
      '    Fail    excluded tests never run',
      '',
    ].join('\n'),
    'rf/b.robot': ['*** Test Cases ***', 'Other smoke', '    [Tags]    smoke', '    Should Be Equal    1    1', 'Failing one', '    Fail    boom', ''].join('\n'),
  });
}

const ID = (file: string, name: string) => `rf › rf/${file} › ${name}`;

test('--list shows the tests of a robot suite with their tags, and why each filtered one is left out', async () => {
  const dir = project();
  const listed = await runCli(dir, ['run', '--list', '--tag', 'smoke']);
  assert.equal(listed.exitCode, 0, listed.output);
  assert.match(listed.stdout, /^rf \(integration, runner robot\): 2 file\(s\)$/m);
  assert.match(listed.stdout, /^ {2}\+ rf\/a\.robot › Fast check @robot @area-a @smoke$/m);
  assert.match(listed.stdout, /^ {2}\+ rf\/b\.robot › Other smoke @robot @smoke$/m);
  assert.match(listed.stdout, new RegExp(`^  - ${ID('a.robot', 'Slow check')}: --tag "smoke"; test has @robot @area-a @slow$`, 'm'));
  assert.match(listed.stdout, new RegExp(`^  - ${ID('b.robot', 'Failing one')}: --tag "smoke"`, 'm'));
  assert.doesNotMatch(listed.stdout, /Never listed/, 'robot:exclude leaves a test out of the suite, as in Robot');
  assert.match(listed.stdout, /0 test\(s\) in 0 file\(s\), 2 test\(s\) in 1 suite\(s\) of other runners; 2 test\(s\) and 0 suite\(s\) left out/);
});

test('the ids the plan lists are those the run reports', async () => {
  const dir = project();
  const listed = await runCli(dir, ['run', '--list']);
  const planned = [...listed.stdout.matchAll(/^ {2}\+ rf\/(\S+) › (.+?) @/gm)].map(([, file, name]) => ID(file!, name!)).sort();
  assert.equal(planned.length, 4, listed.stdout);
  const ran = await runCli(dir, ['run']);
  assert.equal(ran.exitCode, 1, ran.output);
  const reported = ran.events().flatMap((e) => (e.type === 'test.add' ? [e.test.id] : [])).sort();
  assert.deepEqual(reported, planned);
});

test('--tag and --grep run only the robot tests they keep; output.xml holds only those', async () => {
  const dir = project();
  const smoke = await runCli(dir, ['run', '--tag', 'smoke']);
  assert.equal(smoke.exitCode, 0, smoke.output);
  assert.deepEqual(Object.keys(outcomes(smoke.events())).sort(), ['Fast check', 'Other smoke']);
  assert.equal(smoke.verdict().status, 'PASS');
  const xml = fs.readFileSync(outputXmlPath(smoke.runDir, 'rf'), 'utf8');
  assert.deepEqual([...xml.matchAll(/<test id="[^"]+" name="([^"]+)"/g)].map(([, name]) => name).sort(), ['Fast check', 'Other smoke']);

  const grep = await runCli(dir, ['run', '--grep', 'Failing'], { cwd: dir });
  assert.equal(grep.exitCode, 1, grep.output);
  const byTitle = outcomes(grep.events());
  assert.deepEqual(Object.keys(byTitle), ['Failing one']);
  assert.equal(byTitle['Failing one']!.message, 'boom');

  // --last-failed after that run: the failed robot test again, alone.
  const again = await runCli(dir, ['run', '--last-failed']);
  assert.deepEqual(Object.keys(outcomes(again.events())), ['Failing one'], again.output);
});

test('a filter that keeps none of a robot suite\'s tests leaves it out, and the run is not a pass', async () => {
  const dir = project();
  const result = await runCli(dir, ['run', '--tag', 'nothing-has-this']);
  assert.notEqual(result.exitCode, 0, result.output);
  assert.notEqual(result.verdict().status, 'PASS');
  const listed = await runCli(dir, ['run', '--list', '--tag', 'nothing-has-this']);
  assert.match(listed.stdout, /- suite rf \(integration\): none of its 4 test\(s\) is selected/);
});

test('a robot file that does not parse still runs its suite under a filter, so the error is reported', async () => {
  const dir = project();
  fs.writeFileSync(path.join(dir, 'rf', 'broken.robot'), '*** Test Cases ***\nFine\n    Log    x\n*** Bogus Section ***\n');
  const result = await runCli(dir, ['run', '--tag', 'smoke']);
  assert.equal(result.exitCode, 1, result.output);
  assert.match(result.output, /rf\/broken\.robot:4/);
  assert.deepEqual(Object.keys(outcomes(result.events())).sort(), ['Fast check', 'Other smoke']);
});
