/**
 * Runner 'playwright' (issue 3), black box: a stock @playwright/test project
 * (test/fixtures/playwright-project: its own config, the page fixture on a
 * tiny local page, one test flaky on purpose, one failing) gives tollgate the
 * same passed/failed/flaky/skipped counts as `npx playwright test` gives for
 * it, with steps, annotations and attachments kept.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { AttachmentEvent, RunEvent } from 'tollgate';
import { ForeignSuiteError } from '../framework/runners/shared/foreign-suite-error.ts';
import { recordingContext } from '../framework/runners/shared/runner-test-context.ts';
import { runPlaywrightSuite } from '../framework/runners/playwright/index.ts';
import { REPO, runCli, type InlineResult } from './helpers/run-inline.ts';

const FIXTURE = path.join(REPO, 'test', 'fixtures', 'playwright-project');
const PW_CLI = path.join(REPO, 'node_modules', '@playwright', 'test', 'cli.js');
const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture project that resolves tollgate and Playwright through its own node_modules. */
function project(extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-pw-project-'));
  made.push(dir);
  fs.cpSync(FIXTURE, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'pw-project', type: 'module', private: true }));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(REPO, path.join(dir, 'node_modules', 'tollgate'), 'dir');
  for (const name of ['@playwright', 'playwright', 'playwright-core']) fs.symlinkSync(path.join(REPO, 'node_modules', name), path.join(dir, 'node_modules', name), 'dir');
  for (const [name, text] of Object.entries(extra)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

interface PlaywrightStats {
  expected: number;
  unexpected: number;
  flaky: number;
  skipped: number;
}

/** `npx playwright test` with Playwright's own JSON reporter, as a user would run it. */
function playwrightTest(dir: string): Promise<PlaywrightStats> {
  const report = path.join(dir, 'pw-report.json');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PW_CLI, 'test', '--reporter=json'], {
      cwd: dir,
      env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report, FORCE_COLOR: '0' },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve((JSON.parse(fs.readFileSync(report, 'utf8')) as { stats: PlaywrightStats }).stats);
      } catch (error) {
        reject(error);
      }
    });
  });
}

const CONFIG = `import { defineConfig } from 'tollgate';
export default defineConfig({
  suites: [{ name: 'e2e', kind: 'integration', runner: 'playwright', config: 'playwright.config.ts', tags: ['browser'] }],
});
`;
const ENVIRONMENT = `export default { name: 'local', endpoints: { portal: 'http://127.0.0.1:9/portal' } };\n`;

describe('runner playwright on a stock @playwright/test project', { timeout: 300_000 }, () => {
  let stats: PlaywrightStats;
  let run: InlineResult;
  let events: RunEvent[];
  const byTitle = (title: string) => `e2e › tests/tiny-page.spec.ts › chromium › ${title}`;

  before(async () => {
    const plain = project();
    const dir = project({ 'tollgate.config.ts': CONFIG });
    fs.mkdirSync(path.join(dir, 'environments'));
    fs.writeFileSync(path.join(dir, 'environments', 'local.ts'), ENVIRONMENT);
    [stats, run] = await Promise.all([playwrightTest(plain), runCli(dir, ['run', '--reporter', 'console'])]);
    events = run.events();
  });

  test('passed, failed, flaky and skipped counts equal those of npx playwright test', () => {
    assert.deepEqual(stats, { ...stats, expected: 3, unexpected: 1, flaky: 1, skipped: 1 }, 'the fixture itself is what the test expects');
    const counts = { passed: 0, failed: 0, flaky: 0, skipped: 0 } as Record<string, number>;
    for (const e of events) if (e.type === 'test.end' && e.outcome) counts[e.outcome]++;
    assert.deepEqual(counts, { passed: stats.expected, failed: stats.unexpected, flaky: stats.flaky, skipped: stats.skipped });
    assert.equal(run.exitCode, 1, run.output);
    assert.equal(run.verdict().status, 'FAIL');
    assert.match(run.output, /3 passed · 1 failed · 1 flaky · 1 skipped/);
  });

  test('every test is announced with its project, file, tags and expected status', () => {
    const added = events.filter((e) => e.type === 'test.add').map((e) => e.test);
    assert.equal(added.length, 6);
    const first = added.find((t) => t.id === byTitle('shows its title'));
    assert.ok(first, added.map((t) => t.id).join('\n'));
    assert.equal(first.runner, 'playwright');
    assert.equal(first.kind, 'integration');
    assert.deepEqual(first.location, { file: 'tests/tiny-page.spec.ts', line: 10, column: 1 });
    assert.deepEqual(first.tags.sort(), ['browser', 'fast']);
    assert.equal(added.find((t) => t.title === 'expected to fail')?.expectedStatus, 'passed', 'test.fail() inside the body is known only at run time');
    const firstAdd = events.findIndex((e) => e.type === 'test.add');
    const firstBegin = events.findIndex((e) => e.type === 'test.begin');
    assert.ok(firstAdd < firstBegin, 'tests are announced before any of them runs');
  });

  test('retries arrive as attempts: the flaky test fails, then passes', () => {
    const ends = events.filter((e) => e.type === 'test.end' && e.testId === byTitle('flaky on purpose: fails on its first try only'));
    assert.deepEqual(ends.map((e) => e.type === 'test.end' && [e.attempt, e.status, e.outcome]), [[0, 'failed', undefined], [1, 'passed', 'flaky']]);
    const failing = events.filter((e) => e.type === 'test.end' && e.testId === byTitle('fails: the count is wrong'));
    assert.deepEqual(failing.map((e) => e.type === 'test.end' && [e.attempt, e.status, e.outcome]), [[0, 'failed', undefined], [1, 'failed', 'failed']]);
    const last = failing[1];
    assert.ok(last.type === 'test.end');
    assert.match(last.errors[0].message, /toHaveText/);
    assert.doesNotMatch(last.errors[0].message, /\u001b\[/, 'no colour codes');
    assert.deepEqual(last.errors[0].location, { file: 'tests/tiny-page.spec.ts', line: 30, column: 43 });
  });

  test('steps, run-time annotations and text attachments are kept', () => {
    const id = byTitle('counts clicks');
    const step = events.find((e) => e.type === 'step.begin' && e.testId === id && e.title === 'click twice');
    assert.ok(step && step.type === 'step.begin');
    assert.equal(step.category, 'test.step');
    assert.ok(events.some((e) => e.type === 'step.begin' && e.testId === id && e.parentStepId === step.stepId), 'nested steps keep their parent');
    // Playwright's actions (category pw:api) are steps too, as in Playwright's own HTML report (issue 16.4).
    assert.ok(events.some((e) => e.type === 'step.begin' && e.parentStepId === step.stepId && e.category === 'pw:api' && /click/i.test(e.title)), 'the clicks are steps');
    assert.ok(events.some((e) => e.type === 'step.end' && e.stepId === step.stepId));
    const end = events.find((e) => e.type === 'test.end' && e.testId === id);
    assert.ok(end && end.type === 'test.end');
    assert.deepEqual(end.annotations.find((a) => a.type === 'issue'), { type: 'issue', description: 'TG-3' });
    const note = events.find((e): e is AttachmentEvent => e.type === 'attachment' && e.testId === id && e.attachment.name === 'note');
    assert.equal(note?.attachment.body, 'clicked twice');
  });

  test('the failing test has a PNG screenshot and a Playwright trace in the run directory', () => {
    const id = byTitle('fails: the count is wrong');
    const attachments = events.filter((e): e is AttachmentEvent => e.type === 'attachment' && e.testId === id && e.attempt === 1).map((e) => e.attachment);
    const screenshot = attachments.find((a) => a.contentType === 'image/png');
    const trace = attachments.find((a) => a.name === 'trace');
    assert.ok(screenshot?.path && trace?.path, JSON.stringify(attachments));
    const png = fs.readFileSync(path.join(run.runDir, screenshot.path));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    const zip = fs.readFileSync(path.join(run.runDir, trace.path));
    assert.equal(zip.subarray(0, 2).toString(), 'PK');
    assert.ok(zip.includes('trace.trace') && zip.includes('trace.network'), 'a Playwright trace archive');
  });
});

describe('runner playwright: a suite that cannot run', { timeout: 120_000 }, () => {
  test('a missing config is named, with the fix', async () => {
    const dir = project();
    const ctx = recordingContext({ suite: { name: 'e2e', runner: 'playwright', config: 'nope.config.ts' }, rootDir: dir });
    await assert.rejects(runPlaywrightSuite(ctx), (error: Error) => {
      assert.ok(error instanceof ForeignSuiteError);
      assert.match(error.message, /its Playwright config nope\.config\.ts does not exist/);
      return true;
    });
  });

  test('a config that does not load fails the suite with Playwright\'s message', async () => {
    const dir = project({ 'broken.config.ts': "import { defineConfig } from '@playwright/test';\nthrow new Error('broken on purpose');\nexport default defineConfig({});\n" });
    const ctx = recordingContext({ suite: { name: 'e2e', runner: 'playwright', config: 'broken.config.ts' }, rootDir: dir });
    await assert.rejects(runPlaywrightSuite(ctx), (error: Error) => {
      assert.ok(error instanceof ForeignSuiteError, String(error));
      assert.match(error.message, /broken on purpose/);
      return true;
    });
  });
});

describe('tollgate/playwright: tollgate drivers as Playwright fixtures', { timeout: 240_000 }, () => {
  test('a Playwright test gets the api driver and the environment of the tollgate run', async () => {
    const dir = project({
      'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({ suites: [{ name: 'e2e', kind: 'integration', runner: 'playwright', config: 'fixtures.config.ts' }] });
`,
      'fixtures.config.ts': `import { defineConfig } from '@playwright/test';
export default defineConfig({ testDir: './drivers', use: { launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] } } });
`,
    });
    fs.mkdirSync(path.join(dir, 'environments'));
    fs.writeFileSync(path.join(dir, 'environments', 'local.ts'), `export { default } from ${JSON.stringify(path.join(REPO, 'environments', 'local.ts'))};\n`);
    fs.mkdirSync(path.join(dir, 'drivers'));
    fs.writeFileSync(
      path.join(dir, 'drivers', 'api.spec.ts'),
      `import { test, expect } from 'tollgate/playwright';
test('api and page on the POD', async ({ api, env, page }) => {
  const slices = await api.get('/slices');
  expect(slices.status).toBe(200);
  expect(slices.body.items.map((s: { id: string }) => s.id)).toContain('fremont-video');
  await page.goto(env.endpoints.portal + '/slices');
  await expect(page.locator('[data-testid="row"][data-id="fremont-video"]')).toBeVisible();
});
`,
    );
    const result = await runCli(dir, ['run', '--reporter', 'console']);
    assert.equal(result.exitCode, 0, result.output);
    const ends = result.events().filter((e) => e.type === 'test.end');
    assert.deepEqual(ends.map((e) => e.type === 'test.end' && [e.testId, e.outcome]), [['e2e › drivers/api.spec.ts › api and page on the POD', 'passed']]);
  });
});
