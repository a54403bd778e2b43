import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunEvent } from '../../model/events.ts';
import { makeTestId } from '../../model/test-case.ts';
import { ForeignSuiteError } from '../shared/foreign-suite-error.ts';
import { eventsOfType, finalResults, recordingContext, waitForExit } from '../shared/runner-test-context.ts';
import type { TapInstall } from './resolve-tap.ts';
import { resolveTap } from './resolve-tap.ts';
import { tapCommand } from './tap-command.ts';
import { runTapSuite } from './tap-runner.ts';

const here = dirname(fileURLToPath(import.meta.url));
const nodeModules = join(here, '../../../node_modules');

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway project holding the fixtures under test/, with this repo's node_modules (tap, typescript). */
function fixtureProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-tap-'));
  made.push(dir);
  cpSync(join(here, 'fixtures'), join(dir, 'test'), { recursive: true });
  symlinkSync(nodeModules, join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "fixture", "type": "module" }\n');
  return dir;
}

async function runFixtures(names: string[], suite: { timeout?: number; retries?: number } = {}, install?: TapInstall) {
  const dir = fixtureProject();
  const ctx = recordingContext({
    suite: { name: 'unit-tap', runner: 'tap', ...suite, env: { FIXTURE_DIR: dir } },
    rootDir: dir,
    files: names.map((name) => join(dir, 'test', `${name}.tap.ts`)),
  });
  let thrown: unknown;
  try {
    await runTapSuite(ctx, install ? { resolveTap: () => install } : {});
  } catch (error) {
    thrown = error;
  }
  return { dir, ctx, events: ctx.events, results: finalResults(ctx.events), thrown };
}

describe('runner tap on real tap files', { timeout: 240_000 }, () => {
  let run: Awaited<ReturnType<typeof runFixtures>>;
  before(async () => {
    run = await runFixtures(['passing', 'failing', 'skipped', 'nested', 'throws', 'exits', 'killed', 'syntax', 'loader']);
  });

  it('runs TypeScript files (with .ts imports) and passes what passed', () => {
    for (const title of ['doubles', 'adds', 'a top-level assertion']) {
      assert.equal(run.results.get(title)?.outcome, 'passed', title);
    }
    const doubles = run.events.find((e) => e.type === 'test.add' && e.test.title === 'doubles');
    assert.ok(doubles && doubles.type === 'test.add');
    assert.equal(doubles.test.id, makeTestId('unit-tap', 'test/passing.tap.ts', ['doubles']));
    assert.equal(doubles.test.runner, 'tap');
    assert.equal(doubles.test.location.file, 'test/passing.tap.ts');
    assert.equal(run.results.get('compiled by ts-node')?.outcome, 'passed', "tap's own typescript plugin compiles by default");
  });

  it('fails a subtest with each failing assertion as an error and an expect step', () => {
    const compares = run.results.get('compares');
    assert.equal(compares?.status, 'failed');
    assert.equal(compares.outcome, 'failed');
    assert.deepEqual(compares.errors.map((e) => e.message), ['strings differ', 'objects differ']);
    const [strings, objects] = compares.errors;
    assert.match(strings.diff ?? '', /-world/);
    assert.match(strings.diff ?? '', /\+hello/);
    assert.match(objects.diff ?? '', /"a": 2/);
    assert.deepEqual(strings.location, { file: 'test/failing.tap.ts', line: 4, column: 5 });
    assert.match(strings.snippet ?? '', /t\.equal\('hello', 'world'/);
    assert.ok(compares.duration > 0, 'duration comes from # time=');
    const steps = eventsOfType(run.events, 'step.end').filter((s) => s.testId === compares.testId);
    assert.deepEqual(steps.map((s) => s.error?.message), ['strings differ', 'objects differ']);
    const stepTitles = eventsOfType(run.events, 'step.begin').filter((s) => s.testId === compares.testId).map((s) => [s.title, s.category]);
    assert.deepEqual(stepTitles, [['strings differ', 'expect'], ['objects differ', 'expect']]);
    assert.equal(run.results.get('passes')?.outcome, 'passed');
  });

  it('maps SKIP and TODO to skipped, with their reasons as annotations', () => {
    const skip = run.results.get('not yet');
    assert.equal(skip?.status, 'skipped');
    assert.equal(skip.outcome, 'skipped');
    const todo = run.results.get('some day');
    assert.equal(todo?.outcome, 'skipped');
    const added = eventsOfType(run.events, 'test.add').map((e) => e.test);
    assert.deepEqual(added.find((t) => t.title === 'not yet')?.annotations, [{ type: 'skip', description: 'waiting for the API' }]);
    assert.deepEqual(added.find((t) => t.title === 'some day')?.annotations, [{ type: 'fixme', description: 'write it' }]);
    assert.equal(run.results.get('runs')?.outcome, 'passed');
  });

  it('turns nested subtests into tests with their title paths, groups into no test of their own unless they assert', () => {
    assert.equal(run.results.get('outer > inner passes')?.outcome, 'passed');
    assert.equal(run.results.get('outer > inner fails')?.outcome, 'failed');
    assert.deepEqual(run.results.get('outer > inner fails')?.errors.map((e) => e.message), ['two is not three']);
    assert.equal(run.results.get('outer > deeper > deepest')?.outcome, 'passed');
    assert.equal(run.results.get('outer')?.outcome, 'passed', "the group's own assertion makes a test");
    assert.equal(run.results.has('outer > deeper'), false, 'a group with no assertion of its own is no test');
  });

  it('fails the error thrown at the top level of a file', () => {
    assert.equal(run.results.get('before the throw')?.outcome, 'passed');
    const boom = run.results.get('boom at top level');
    assert.equal(boom?.outcome, 'failed');
    assert.match(boom.errors[0].message, /boom at top level/);
  });

  it('fails the test that called process.exit(1)', () => {
    assert.equal(run.results.get('before exit')?.outcome, 'passed');
    assert.equal(run.results.get('exits')?.outcome, 'failed');
  });

  it('reports a killed file and a file that cannot compile as errors of the suite', () => {
    assert.equal(run.results.get('dies')?.outcome, 'failed');
    assert.match(run.results.get('dies')?.errors[0].message ?? '', /did not finish/);
    const errors = eventsOfType(run.events, 'error');
    const killed = errors.find((e) => e.file === 'test/killed.tap.ts');
    assert.match(killed?.error.message ?? '', /killed by SIGKILL after 1 test/);
    const syntax = errors.find((e) => e.file === 'test/syntax.tap.ts');
    assert.match(syntax?.error.message ?? '', /exited with code 1 before reporting any test; its stderr:\n.*TS1135: Argument expression expected/s);
    assert.doesNotMatch(syntax?.error.message ?? '', /^\s+at /m, 'no stack frames in the excerpt');
    assert.equal(syntax?.suite, 'unit-tap');
    const stderr = eventsOfType(run.events, 'log').filter((l) => l.stream === 'stderr').map((l) => l.text).join('');
    assert.match(stderr, /TS1135|Unable to compile/, "the compiler's message is in the suite log");
    assert.ok(run.thrown instanceof ForeignSuiteError);
    assert.match(run.thrown.message, /killed\.tap\.ts was killed by SIGKILL/);
    assert.match(run.thrown.message, /syntax\.tap\.ts exited with code 1/);
    assert.equal(run.thrown.stack, undefined, 'a suite problem carries no stack trace');
  });

  it('keeps non-TAP output as logs', () => {
    const logs = eventsOfType(run.events, 'log').map((l) => l.text).join('');
    assert.match(logs, /a line of output/);
  });

  it('emits each attempt in order, whole, and survives JSON', () => {
    assertWellFormed(run.events);
  });
});

describe('runner tap: timeouts, retries and abort', { timeout: 240_000 }, () => {
  it('passes the suite timeout to tap, which stops a hanging test', async () => {
    // tap's timeout covers the whole file's process, compiling included: leave room for a busy machine.
    const run = await runFixtures(['hangs'], { timeout: 8000 });
    const hangs = run.results.get('hangs');
    assert.equal(hangs?.status, 'timedOut');
    assert.equal(hangs.outcome, 'failed');
    assert.match(hangs.errors[0].message, /timeout/);
    assertWellFormed(run.events);
  });

  it('reruns a file whose test failed and marks the test flaky when it passes on retry', async () => {
    const run = await runFixtures(['flaky'], { retries: 1 });
    assert.equal(run.thrown, undefined);
    const ends = eventsOfType(run.events, 'test.end').filter((e) => e.testId === makeTestId('unit-tap', 'test/flaky.tap.ts', ['flaky']));
    assert.deepEqual(ends.map((e) => [e.attempt, e.status, e.outcome]), [[0, 'failed', undefined], [1, 'passed', 'flaky']]);
    const stable = eventsOfType(run.events, 'test.end').filter((e) => e.testId === makeTestId('unit-tap', 'test/flaky.tap.ts', ['stable']));
    assert.deepEqual(stable.map((e) => [e.attempt, e.outcome]), [[0, 'passed']], 'a passed test is not run again as a new attempt');
    assertWellFormed(run.events);
  });

  it('stops the tap process tree when the run is aborted', async () => {
    const dir = fixtureProject();
    const ctx = recordingContext({ suite: { name: 'unit-tap', runner: 'tap', env: { FIXTURE_DIR: dir } }, rootDir: dir, files: [join(dir, 'test/slow.tap.ts')] });
    const running = runTapSuite(ctx);
    const marker = join(dir, 'slow-started');
    const deadline = Date.now() + 120_000;
    while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const pid = Number(readFileSync(marker, 'utf8'));
    const abortedAt = Date.now();
    ctx.abort();
    await running;
    assert.ok(Date.now() - abortedAt < 10_000, 'returns soon after the abort');
    assert.equal(await waitForExit(pid, 3000), true, 'the test file process is gone');
    assert.equal(eventsOfType(ctx.events, 'error').length, 0, 'an interrupted file is not reported as crashed');
  });

  it("loads TypeScript through tollgate's tsx when tap's typescript plugin cannot work", async () => {
    const install = resolveTap(here);
    assert.ok(install);
    const run = await runFixtures(['passing', 'loader'], {}, { ...install, typescript: 'tsx' });
    assert.equal(run.thrown, undefined, String(run.thrown));
    assert.equal(run.results.get('doubles')?.outcome, 'passed');
    assert.equal(run.results.get('compiled without ts-node')?.outcome, 'passed');
    assert.equal(run.results.size, 4);
  });

  it('fails a suite that matches no files, naming its globs', async () => {
    const ctx = recordingContext({ suite: { name: 'unit-tap', runner: 'tap', files: ['test/**/*.tap.ts'] }, rootDir: tmpdir(), files: [] });
    await assert.rejects(runTapSuite(ctx), (error: Error) => error instanceof ForeignSuiteError && /test\/\*\*\/\*\.tap\.ts/.test(error.message));
  });
});

describe('tapCommand', () => {
  const install: TapInstall = { bin: '/p/node_modules/tap/dist/esm/run.mjs', version: '21.8.0', from: 'project', typescript: 'plugin' };
  const suite = { name: 's', kind: 'unit' as const, runner: 'tap', tags: [], timeout: 2500, retries: 0, files: [], ignore: [] };

  it('asks for TAP, no coverage, the timeout in whole seconds and files relative to the root', () => {
    const command = tapCommand(install, suite, ['/p/test/a.tap.ts'], '/p');
    assert.equal(command.command, process.execPath);
    assert.deepEqual(command.args, [install.bin, '--reporter=tap', '--disable-coverage', '--timeout=3', '--', 'test/a.tap.ts']);
  });

  it('turns the timeout off for 0 and loads tsx when the typescript plugin cannot work', () => {
    const command = tapCommand({ ...install, typescript: 'tsx' }, { ...suite, timeout: 0 }, ['/p/a.tap.ts'], '/p');
    assert.ok(command.args.includes('--timeout=0'));
    const tsx = command.args.findIndex((a) => /^--node-arg=--import=file:.*tsx/.test(a));
    assert.ok(tsx > 0 && tsx < command.args.indexOf('--'));
    assert.ok(command.args.indexOf('--test-env=TAP_TYPE_STRIP_ONLY=1') > 0);
  });
});

/** Each attempt: test.add before its first test.begin, then steps and logs, then one test.end; the last has an outcome. */
function assertWellFormed(events: readonly RunEvent[]): void {
  const added = new Set<string>();
  const open = new Map<string, number>();
  const lastEnd = new Map<string, { outcome?: string }>();
  for (const e of events) {
    if (e.type === 'test.add') added.add(e.test.id);
    if (e.type === 'test.begin') {
      assert.ok(added.has(e.testId), `test.add before test.begin of ${e.testId}`);
      assert.equal(open.has(e.testId), false);
      open.set(e.testId, e.attempt);
    }
    if (e.type === 'step.begin' || e.type === 'step.end' || (e.type === 'log' && e.testId)) {
      const id = e.testId!;
      assert.equal(open.get(id), e.attempt, `${e.type} inside an open attempt of ${id}`);
    }
    if (e.type === 'test.end') {
      assert.equal(open.get(e.testId), e.attempt);
      open.delete(e.testId);
      lastEnd.set(e.testId, e);
    }
  }
  assert.equal(open.size, 0, 'every attempt ended');
  for (const [id, end] of lastEnd) assert.ok(end.outcome, `the last attempt of ${id} has an outcome`);
}
