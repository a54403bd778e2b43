import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestResult } from 'allure-js-commons';
import { replayInto, sampleRunEvents, TESTS } from '../testing/sample-run.ts';
import allureReporter from './index.ts';

async function readResults(dir: string): Promise<TestResult[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('-result.json'));
  return Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as TestResult));
}

describe('allure reporter', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-allure-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('a timeout is broken with its message; a missing artifact is named, not fatal', async () => {
    await replayInto(allureReporter, sampleRunEvents(), { runDir: dir });
    const results = await readResults(join(dir, 'allure-results'));
    const timedOut = results.find((r) => r.fullName === TESTS.timedOut.id)!;
    assert.equal(timedOut.status, 'broken');
    assert.equal(timedOut.statusDetails.message, 'Test timed out after 2000ms.');
    const failed = results.filter((r) => r.fullName === TESTS.failed.id).sort((a, b) => a.start! - b.start!);
    assert.equal(failed.length, 2);
    assert.equal(failed[1].status, 'failed');
    assert.equal(failed[1].statusDetails.expected, '201');
    assert.equal(failed[1].statusDetails.actual, '500');
    assert.match(failed[1].description ?? '', /missing from the run directory: response \(artifacts\/ab12\.json\)/);
    assert.equal(failed[1].steps[0].steps[0].name, 'expect.toBe');
    assert.deepEqual(failed[1].steps[0].steps[0].parameters, [{ name: 'category', value: 'expect' }]);
    assert.equal(results.find((r) => r.fullName === TESTS.skipped.id)!.statusDetails.message, 'needs the archive');
  });

  test('a planned test that never ran is broken, so an incomplete run is never green', async () => {
    const events = sampleRunEvents().filter((e) => !('testId' in e && e.testId === TESTS.unitPassed.id) && e.type !== 'run.end');
    await replayInto(allureReporter, events, { runDir: dir, option: join(dir, 'partial') });
    const results = await readResults(join(dir, 'partial'));
    const missing = results.find((r) => r.fullName === TESTS.unitPassed.id)!;
    assert.equal(missing.status, 'broken');
    assert.match(missing.statusDetails.message ?? '', /never reached an outcome/);
  });
});
