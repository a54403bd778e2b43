import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ResolvedSuite } from '../../model/config.ts';
import { makeTestId } from '../../model/test-case.ts';
import { ForeignSuiteError } from '../shared/foreign-suite-error.ts';
import { eventsOfType, finalResults, recordingContext, waitForExit } from '../shared/runner-test-context.ts';
import { runCommandSuite } from './command-runner.ts';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-command-'));
  made.push(dir);
  return dir;
}

async function runCommand(suite: Partial<ResolvedSuite>, rootDir = project()) {
  const ctx = recordingContext({ suite: { name: 'cmd', runner: 'command', ...suite }, rootDir });
  let thrown: unknown;
  try {
    await runCommandSuite(ctx);
  } catch (error) {
    thrown = error;
  }
  return { ctx, rootDir, events: ctx.events, results: finalResults(ctx.events), thrown, logs: eventsOfType(ctx.events, 'log').map((l) => l.text).join('') };
}

describe('runner command, format tap', () => {
  it('turns TAP printed by the command into tests', async () => {
    const tap = String.raw`TAP version 14\n1..3\nok 1 - a\nnot ok 2 - b\n  ---\n  found: 1\n  wanted: 2\n  ...\nok 3 - c # SKIP later\n`;
    const run = await runCommand({ command: `printf '${tap}'` });
    assert.equal(run.thrown, undefined);
    assert.equal(run.results.get('a')?.outcome, 'passed');
    const b = run.results.get('b');
    assert.equal(b?.outcome, 'failed');
    assert.equal(b.errors[0].diff, '--- expected\n+++ actual\n-2\n+1');
    assert.equal(run.results.get('c')?.outcome, 'skipped');
    assert.equal(b.testId, makeTestId('cmd', '', ['b']));
    const added = eventsOfType(run.events, 'test.add')[0].test;
    assert.equal(added.runner, 'command');
  });

  it('reads node:test TAP, where each test point is a test', async () => {
    const run = await runCommand({ command: `node --test --test-reporter=tap ${join(fixtures, 'node-test.mjs')}` });
    assert.equal(run.thrown, undefined, String(run.thrown));
    assert.equal(run.results.get('adds')?.outcome, 'passed');
    const compares = run.results.get('compares objects');
    assert.equal(compares?.outcome, 'failed');
    assert.match(compares.errors[0].message, /deep-equal/);
    assert.match(compares.errors[0].diff ?? '', /-\s+"a": 2/);
    assert.ok(compares.duration > 0, 'duration_ms is read');
    assert.equal(run.results.get('group > inner')?.outcome, 'passed');
    assert.equal(run.results.get('group > later')?.outcome, 'skipped');
    assert.equal(run.results.size, 4);
  });

  it('passes the run and suite environment to the command and logs its stderr', async () => {
    const run = await runCommand({
      command: 'echo "oops on stderr" >&2; printf "ok 1 - env $TOLLGATE_ENV_NAME $SUITE_VAR\\n1..1\\n"',
      env: { SUITE_VAR: 'from-suite' },
    });
    assert.equal(run.thrown, undefined);
    assert.equal(run.results.get('env test from-suite')?.outcome, 'passed');
    const stderr = eventsOfType(run.events, 'log').filter((l) => l.stream === 'stderr');
    assert.deepEqual(stderr.map((l) => l.text), ['oops on stderr\n']);
  });

  it('fails the suite when the command exits non-zero although every test passed', async () => {
    const run = await runCommand({ command: `printf 'ok 1 - a\\n1..1\\n'; echo 'cleanup failed: disk full' >&2; exit 3` });
    assert.equal(run.results.get('a')?.outcome, 'passed');
    assert.ok(run.thrown instanceof ForeignSuiteError);
    assert.match(run.thrown.message, /exited with code 3 although all its 1 tests passed or were skipped; its stderr ended with:\ncleanup failed: disk full$/);
  });

  it('does not add a suite error when a failing test explains the exit code', async () => {
    const run = await runCommand({ command: `printf 'not ok 1 - a\\n1..1\\n'; exit 1` });
    assert.equal(run.results.get('a')?.outcome, 'failed');
    assert.equal(run.thrown, undefined);
  });

  it('fails the suite when the command produces no results, keeping its output', async () => {
    const run = await runCommand({ command: 'echo hello there' });
    assert.ok(run.thrown instanceof ForeignSuiteError);
    assert.match(run.thrown.message, /produced no test results \(no TAP test points on its stdout\) and exited with code 0/);
    assert.match(run.logs, /hello there/);
  });

  it('reports a bail out and a broken plan', async () => {
    const bail = await runCommand({ command: String.raw`printf 'TAP version 14\n1..2\nok 1 - a\nBail out! database down\n'` });
    assert.ok(bail.thrown instanceof ForeignSuiteError);
    assert.match(bail.thrown.message, /bailed out: database down/);
    const plan = await runCommand({ command: String.raw`printf 'TAP version 14\n1..3\nok 1 - a\n'` });
    assert.ok(plan.thrown instanceof ForeignSuiteError);
    assert.match(plan.thrown.message, /planned 3 tests but reported 1/);
  });

  it('fails a subtest the stream ended inside of', async () => {
    const tap = String.raw`TAP version 14\n# Subtest: group\n    ok 1 - fine\n`;
    const run = await runCommand({ command: `printf '${tap}'; exit 1` });
    const group = run.results.get('group');
    assert.equal(group?.outcome, 'failed');
    assert.match(group.errors[0].message, /did not finish/);
  });

  it('stops the command and what it started when the run is aborted', async () => {
    const dir = project();
    const pidFile = join(dir, 'sleep.pid');
    const ctx = recordingContext({ suite: { name: 'cmd', runner: 'command', command: `sleep 60 & echo $! > ${pidFile}; wait` }, rootDir: dir });
    const running = runCommandSuite(ctx);
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') await new Promise((r) => setTimeout(r, 20));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    const abortedAt = Date.now();
    ctx.abort();
    await running;
    assert.ok(Date.now() - abortedAt < 5000, 'returns soon after the abort');
    assert.equal(await waitForExit(pid, 3000), true, 'the background sleep was killed with its group');
  });

  it('names the missing command', async () => {
    const run = await runCommand({});
    assert.ok(run.thrown instanceof ForeignSuiteError);
    assert.match(run.thrown.message, /has no "command"/);
  });
});

describe('runner command, format junit', () => {
  it('reads the report the command wrote, with flaky reruns, reruns that failed, errors and skips', async () => {
    const run = await runCommand({
      command: `mkdir -p reports && cp ${join(fixtures, 'surefire.xml')} reports/TEST-site.xml && echo built`,
      format: 'junit',
      report: 'reports/*.xml',
    });
    assert.ok(run.thrown instanceof ForeignSuiteError === false, String(run.thrown));
    const title = (name: string) => `com.acme.SiteTest > ${name}`;
    assert.equal(run.results.get(title('creates a site'))?.outcome, 'passed');
    assert.equal(run.results.get(title('creates a site'))?.duration, 250);

    const flaky = eventsOfType(run.events, 'test.end').filter((e) => e.testId === makeTestId('cmd', 'reports/TEST-site.xml', ['com.acme.SiteTest', 'lists sites']));
    assert.deepEqual(flaky.map((e) => [e.attempt, e.status, e.outcome]), [[0, 'failed', undefined], [1, 'passed', 'flaky']]);
    assert.equal(flaky[0].errors[0].message, 'connection reset');
    assert.match(flaky[0].errors[0].stack ?? '', /SiteTest\.java:30/);

    const deletes = eventsOfType(run.events, 'test.end').filter((e) => e.testId === makeTestId('cmd', 'reports/TEST-site.xml', ['com.acme.SiteTest', 'deletes a site']));
    assert.deepEqual(deletes.map((e) => [e.attempt, e.status, e.outcome]), [[0, 'failed', undefined], [1, 'failed', 'failed']]);
    assert.equal(deletes[0].errors[0].message, 'expected: <204> but was: <500>');

    const imports = run.results.get(title('imports sites'));
    assert.equal(imports?.outcome, 'failed');
    assert.equal(imports.errors[0].message, 'java.lang.NullPointerException: null');
    assert.match(imports.errors[0].stack ?? '', /Importer\.java:7/);

    assert.equal(run.results.get(title('exports sites'))?.outcome, 'skipped');
    const logs = eventsOfType(run.events, 'log');
    assert.ok(logs.some((l) => l.text === 'created site 42' && l.testId === makeTestId('cmd', 'reports/TEST-site.xml', ['com.acme.SiteTest', 'creates a site'])));
    assert.ok(logs.some((l) => l.text === 'first try' && l.attempt === 0));
    assert.ok(logs.some((l) => l.text === 'suite warning' && l.stream === 'stderr' && l.testId === undefined));
    assert.ok(logs.some((l) => l.text === 'built\n' && l.stream === 'stdout'), "the command's own output is logged");
  });

  it('uses the file and line a testcase names', async () => {
    const run = await runCommand({ command: `cp ${join(fixtures, 'passing.xml')} junit.xml`, format: 'junit', report: 'junit.xml' });
    assert.equal(run.thrown, undefined);
    const test = eventsOfType(run.events, 'test.add')[0].test;
    assert.deepEqual(test.titlePath, ['pytest', 'tests.test_pod', 'test_health']);
    assert.equal(test.id, makeTestId('cmd', 'tests/test_pod.py', ['pytest', 'tests.test_pod', 'test_health']));
    assert.deepEqual(test.location, { file: 'tests/test_pod.py', line: 3, column: 0 });
  });

  it('fails the suite when the report is missing, naming the path', async () => {
    const run = await runCommand({ command: 'true', format: 'junit', report: 'out/junit.xml' });
    assert.ok(run.thrown instanceof ForeignSuiteError);
    assert.match(run.thrown.message, /wrote no JUnit report: "out\/junit\.xml" does not exist under /);
  });

  it('refuses a report left over from an earlier run', async () => {
    const dir = project();
    writeFileSync(join(dir, 'junit.xml'), readFileSync(join(fixtures, 'passing.xml')));
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'junit.xml'), old, old);
    const run = await runCommand({ command: 'true', format: 'junit', report: 'junit.xml' }, dir);
    assert.ok(run.thrown instanceof ForeignSuiteError);
    assert.match(run.thrown.message, /only older reports were found, which this run did not write: junit\.xml/);
    assert.equal(run.results.size, 0, 'no test is taken from the stale report');
  });

  it('fails the suite when the command exits non-zero with every test passing, or writes broken XML', async () => {
    const failing = await runCommand({ command: `cp ${join(fixtures, 'passing.xml')} junit.xml; exit 2`, format: 'junit', report: 'junit.xml' });
    assert.ok(failing.thrown instanceof ForeignSuiteError);
    assert.match(failing.thrown.message, /exited with code 2 although all its 1 tests passed/);

    const dir = project();
    mkdirSync(join(dir, 'r'));
    const broken = await runCommand({ command: `printf '<testsuite><testcase name="a"></testsuite>' > r/junit.xml`, format: 'junit', report: 'r/junit.xml' }, dir);
    assert.ok(broken.thrown instanceof ForeignSuiteError);
    assert.match(broken.thrown.message, /r\/junit\.xml:1:\d+ is not well-formed XML/);
  });
});
