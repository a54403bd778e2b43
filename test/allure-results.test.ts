import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Label, StepResult, TestResult } from 'allure-js-commons';
import { makePng } from '../reporters/html/testing/make-png.ts';
import { runCli, writeProject, type InlineResult } from './helpers/run-inline.ts';

/**
 * A real run with --reporter allure, then the allure-results it wrote, read
 * as Allure reads them: one *-result.json per attempt with labels, nested
 * steps, copied attachments, Allure's statuses, retries and flaky.
 */
const SPEC = `
import fs from 'node:fs';
import { test, expect } from 'tollgate';

test.describe('sites', { tag: '@api' }, () => {
  test('creates a site', async ({}, info) => {
    await test.step('post', async () => {
      await test.step('check the status', async () => { expect(201).toBe(201); });
    });
    await info.attach('screenshot', { path: 'shot.png', contentType: 'image/png' });
    await info.attach('request.json', { body: '{"name":"edge-1"}', contentType: 'application/json' });
    console.log('created edge-1');
  });
  test('rejects a bad site', async () => {
    await test.step('post a bad site', async () => { expect({ status: 500 }).toEqual({ status: 400 }); });
  });
  test('reads the quota', async () => { throw new TypeError('quota is undefined'); });
  test('streams events', async () => {
    const marker = 'flaky.marker';
    if (!fs.existsSync(marker)) { fs.writeFileSync(marker, '1'); expect('socket hang up').toBe('ok'); }
  });
});
test.skip('replays history', () => {});
test('known bug', () => { test.fail(); expect(1).toBe(2); });
`;

type Result = TestResult & { statusDetails: TestResult['statusDetails'] & { flaky?: boolean } };

describe('allure reporter on a real run', () => {
  let run: InlineResult;
  let resultsDir: string;
  let results: Result[];
  const byName = (name: string) => results.filter((r) => r.name === name).sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  const label = (r: Result, name: string) => r.labels.filter((l: Label) => l.name === name).map((l: Label) => l.value);

  before(async () => {
    const dir = writeProject({ 'sites.spec.ts': SPEC });
    fs.writeFileSync(path.join(dir, 'shot.png'), makePng(16, 10));
    run = await runCli(dir, ['run', 'sites.spec.ts', '--reporter', 'allure', '--retries', '1', '--workers', '1', '--subject', 'abc123']);
    assert.equal(run.exitCode, 1, run.output);
    resultsDir = path.join(run.runDir, 'allure-results');
    results = fs.readdirSync(resultsDir).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as Result);
  });
  after(() => {
    if (run) fs.rmSync(run.dir, { recursive: true, force: true });
  });

  test('one result per attempt, with Allure statuses: failed for assertions, broken for exceptions', () => {
    const final = (name: string) => byName(name).at(-1)!;
    assert.deepEqual(byName('creates a site').map((r) => r.status), ['passed']);
    assert.deepEqual(byName('rejects a bad site').map((r) => r.status), ['failed', 'failed'], 'an assertion fails (with its retry)');
    assert.deepEqual(byName('reads the quota').map((r) => r.status), ['broken', 'broken'], 'an exception breaks');
    assert.deepEqual(byName('streams events').map((r) => r.status), ['failed', 'passed']);
    assert.equal(final('replays history').status, 'skipped');
    assert.equal(final('known bug').status, 'passed', 'test.fail() that fails is as expected');
    assert.equal(results.length, 9);
    assert.match(final('rejects a bad site').statusDetails.message ?? '', /toEqual/);
    assert.match(final('reads the quota').statusDetails.message ?? '', /quota is undefined/);
    assert.match(final('reads the quota').statusDetails.trace ?? '', /sites\.spec\.ts/);
    for (const r of results) assert.equal(r.stage, 'finished');
  });

  test('retries share a history id; the passing retry of a flaky test is marked flaky', () => {
    for (const name of ['rejects a bad site', 'streams events', 'reads the quota']) {
      const attempts = byName(name);
      assert.equal(attempts.length, 2, name);
      assert.equal(new Set(attempts.map((r) => r.historyId)).size, 1, `${name}: one history id`);
      assert.equal(new Set(attempts.map((r) => r.uuid)).size, 2, `${name}: two results`);
    }
    const ids = new Set(results.map((r) => r.historyId));
    assert.equal(ids.size, 6, 'a history id per test');
    const [first, retry] = byName('streams events');
    assert.equal(retry.statusDetails.flaky, true);
    assert.notEqual(first.statusDetails.flaky, true);
    assert.equal(byName('rejects a bad site').at(-1)!.statusDetails.flaky, undefined);
  });

  test('labels: suite tree, kind, gate, environment, subject and tags', () => {
    const r = byName('creates a site')[0];
    const declared = run.events().flatMap((e) => (e.type === 'run.begin' ? e.tests : [])).find((t) => t.title === 'creates a site')!;
    assert.deepEqual(label(r, 'parentSuite'), [declared.suite]);
    assert.deepEqual(label(r, 'suite'), ['sites.spec.ts']);
    assert.deepEqual(label(r, 'subSuite'), ['sites']);
    assert.deepEqual(label(r, 'kind'), [declared.kind]);
    assert.deepEqual(label(r, 'gate'), ['none']);
    assert.deepEqual(label(r, 'environment'), ['local']);
    assert.deepEqual(label(r, 'subject'), ['abc123']);
    assert.deepEqual(label(r, 'tag'), ['api']);
    assert.equal(r.fullName, declared.id);
    assert.deepEqual(label(byName('replays history')[0], 'tag'), ['@skip']);
  });

  test('steps are nested, with the failing step failed', () => {
    const steps = byName('creates a site')[0].steps;
    const post = steps.find((s: StepResult) => s.name === 'post')!;
    assert.ok(post, JSON.stringify(steps.map((s: StepResult) => s.name)));
    assert.equal(post.status, 'passed');
    assert.deepEqual(post.steps.map((s: StepResult) => s.name), ['check the status']);
    const bad = byName('rejects a bad site')[0].steps.find((s: StepResult) => s.name === 'post a bad site')!;
    assert.equal(bad.status, 'failed');
    assert.match(bad.statusDetails.message ?? '', /toEqual/);
  });

  test('attachments are copied into allure-results, output included', () => {
    const r = byName('creates a site')[0];
    const byAttachment = Object.fromEntries(r.attachments.map((a) => [a.name, a]));
    assert.deepEqual(Object.keys(byAttachment).sort(), ['request.json', 'screenshot', 'stdout']);
    assert.equal(byAttachment.screenshot.type, 'image/png');
    assert.deepEqual(fs.readFileSync(path.join(resultsDir, byAttachment.screenshot.source)), makePng(16, 10));
    assert.equal(fs.readFileSync(path.join(resultsDir, byAttachment['request.json'].source), 'utf8'), '{"name":"edge-1"}');
    assert.match(fs.readFileSync(path.join(resultsDir, byAttachment.stdout.source), 'utf8'), /created edge-1/);
    const env = fs.readFileSync(path.join(resultsDir, 'environment.properties'), 'utf8');
    assert.match(env, /subject\s*=\s*abc123/);
  });

  test('tollgate report rebuilds allure-results elsewhere from the run directory', async () => {
    const again = path.join(run.dir, 'again-results');
    const rebuilt = await runCli(run.dir, ['report', run.runDir, '--reporter', `allure=${again}`]);
    assert.equal(rebuilt.exitCode, 1, rebuilt.output);
    assert.equal(fs.readdirSync(again).filter((f) => f.endsWith('-result.json')).length, 9);
  });
});
