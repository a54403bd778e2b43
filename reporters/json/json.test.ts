import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { replayInto, sampleRunEvents, TESTS, DISCOVERED, VERDICT, FAILED_ERROR } from '../testing/sample-run.ts';
import jsonReporter, { type JsonReport } from './index.ts';

describe('json reporter', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-json-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes report.json into the run directory by default', async () => {
    const out = await replayInto(jsonReporter, sampleRunEvents(), { runDir: dir });
    assert.equal(out, '', 'prints nothing');
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as JsonReport;

    assert.equal(report.schemaVersion, 1);
    assert.equal(report.run?.runId, 'run-1');
    assert.equal(report.run?.gate, 'merge');
    assert.equal(report.run?.status, 'completed');
    assert.equal(report.run?.duration, 5000);
    assert.equal(report.run?.startTime, '2026-11-27T10:00:00.000Z');
    assert.ok(!('tests' in (report.run ?? {})), 'tests are listed once, at the top level');
    assert.deepEqual(report.counts, { passed: 3, failed: 2, flaky: 1, skipped: 1, interrupted: 0, missing: 0 });
    assert.deepEqual(report.verdict, VERDICT);

    assert.deepEqual(
      report.tests.map((t) => [t.id, t.outcome, t.attempts.length]),
      [
        [TESTS.passed.id, 'passed', 1],
        [TESTS.failed.id, 'failed', 2],
        [TESTS.flaky.id, 'flaky', 2],
        [TESTS.skipped.id, 'skipped', 1],
        [TESTS.timedOut.id, 'failed', 1],
        [TESTS.unitPassed.id, 'passed', 1],
        [DISCOVERED.id, 'passed', 1],
      ],
    );
    const failed = report.tests[1];
    assert.deepEqual(failed.attempts[1].errors, [FAILED_ERROR]);
    assert.equal(failed.attempts[1].steps[0].steps[0].title, 'expect.toBe');
    assert.equal(failed.attempts[1].attachments[0].path, 'artifacts/ab12.json');
    assert.deepEqual(failed.attempts[0].stdout, ['first try\n']);
    assert.equal(report.tests[4].attempts[0].status, 'timedOut');

    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0].source, 'load');
    assert.equal(report.errors[0].file, 'suites/smoke/broken.spec.ts');
    assert.deepEqual(report.suiteErrors.map((e) => e.suite), ['unit']);
  });

  test('writes to the path after "=", creating its folder', async () => {
    const path = join(dir, 'nested', 'out.json');
    await replayInto(jsonReporter, sampleRunEvents(), { runDir: dir, option: path });
    const report = JSON.parse(await readFile(path, 'utf8')) as JsonReport;
    assert.equal(report.tests.length, 7);
  });

  test('a run that never ended is reported as unfinished, with tests that have no outcome', async () => {
    const events = sampleRunEvents().filter((e) => e.type !== 'run.end' && e.type !== 'verdict' && !(e.type === 'test.end' && e.testId === TESTS.unitPassed.id));
    await replayInto(jsonReporter, events, { runDir: dir, option: join(dir, 'partial.json') });
    const report = JSON.parse(await readFile(join(dir, 'partial.json'), 'utf8')) as JsonReport;
    assert.equal(report.run?.status, 'unfinished');
    assert.equal(report.run?.duration, null);
    assert.equal(report.verdict, null);
    assert.equal(report.tests.find((t) => t.id === TESTS.unitPassed.id)?.outcome, null);
    assert.equal(report.counts.missing, 1);
  });

  test('names the path when it cannot write', async () => {
    const blocker = join(dir, 'a-file'); // used as a folder below
    await writeFile(blocker, 'x');
    await assert.rejects(replayInto(jsonReporter, sampleRunEvents(), { runDir: dir, option: join(blocker, 'x.json') }), (error: Error) => {
      assert.match(error.message, /Cannot write the report to .*a-file\/x\.json/);
      return true;
    });
  });
});
