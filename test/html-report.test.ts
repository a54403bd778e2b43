import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildRunState, type TestOutcome } from 'tollgate';
import { readReportData, writeHtmlReport, type TestHistory } from '../reporters/html/index.ts';
import { makePng } from '../reporters/html/testing/make-png.ts';
import { runCli, writeProject, type InlineResult } from './helpers/run-inline.ts';

/**
 * The HTML report of a real run, opened in the system's Chromium: what a
 * person looks at first (the verdict, the failing test, its error and its
 * screenshot) and the filters they use.
 */
const SPEC = `
import fs from 'node:fs';
import { test, expect } from 'tollgate';

test.describe('sites', { tag: '@api' }, () => {
  test('lists sites', async () => { console.log('GET /sites 200'); });
  test('creates a site', async ({}, info) => {
    await info.attach('screenshot', { path: 'shot.png', contentType: 'image/png' });
    await info.attach('trace', { body: Buffer.from('PK fake trace'), contentType: 'application/zip' });
    await test.step('post the site', async () => {
      expect({ status: 500, name: 'edge-1' }).toEqual({ status: 201, name: 'edge-1' });
    });
  });
});
test.describe('slices', () => {
  for (let i = 0; i < 30; i++) test('slice case ' + i, { tag: i % 2 ? '@slow' : '@fast' }, () => {});
  test.skip('replays history', () => {});
});
`;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('html report in Chromium', () => {
  let run: InlineResult;
  let browser: Browser;
  let page: Page;
  let reportFile: string;
  const requests: string[] = [];

  before(async () => {
    const dir = writeProject({ 'sites.spec.ts': SPEC });
    fs.writeFileSync(path.join(dir, 'shot.png'), makePng(64, 40));
    run = await runCli(dir, ['run', 'sites.spec.ts', '--reporter', 'html', '--workers', '1']);
    assert.equal(run.exitCode, 1, run.output);
    reportFile = path.join(run.runDir, 'report.html');
    assert.ok(fs.existsSync(reportFile), `no report at ${reportFile}: ${run.output}`);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(reportFile).href);
    await page.waitForSelector('body[data-ready="true"]');
  });
  after(async () => {
    await browser?.close();
    if (run) fs.rmSync(run.dir, { recursive: true, force: true });
  });

  test('shows the verdict and the rule that failed it, with measured value and limit', async () => {
    assert.equal((await page.locator('.verdict-status').innerText()).trim(), 'FAIL');
    const rule = page.locator('tr.rule', { hasText: 'no-failures' });
    assert.equal((await rule.locator('.rule-outcome').innerText()).trim(), 'FAIL');
    assert.equal((await rule.locator('.rule-measured').innerText()).trim(), '1');
    assert.equal((await rule.locator('.rule-limit').innerText()).trim(), '0');
    assert.match(await rule.locator('.rule-tests').innerText(), /creates a site/);
  });

  test('opens on the failing test: its error with the diff, its step, its screenshot that loads, its trace as a link', async () => {
    const detail = page.locator('#detail .test-detail');
    assert.match(await detail.locator('h3').innerText(), /creates a site/);
    assert.match(await detail.locator('.err-msg').first().innerText(), /toEqual/);
    assert.match(await detail.locator('.diff').first().innerText(), /"status": 201/);
    assert.equal(await detail.locator('.diff .ins', { hasText: '500' }).count(), 1, 'the received line is marked');
    assert.match(await detail.locator('.snippet').first().innerText(), /> *\d+ \|.*toEqual/);
    assert.match(await detail.locator('.step-fail').first().innerText(), /post the site/);
    const img = detail.locator('.attachments img[alt="screenshot"]');
    await img.waitFor();
    const size = await img.evaluate(async (el: HTMLImageElement) => {
      if (!el.complete) await new Promise((r) => el.addEventListener('load', r, { once: true }));
      return { w: el.naturalWidth, h: el.naturalHeight, src: el.src.slice(0, 22) };
    });
    assert.deepEqual(size, { w: 64, h: 40, src: 'data:image/png;base64,' });
    const trace = detail.locator('.attachment', { hasText: 'trace' }).locator('a');
    const href = await trace.getAttribute('href');
    assert.match(href ?? '', /^artifacts\/[0-9a-f]{64}\.zip$/);
    assert.ok(fs.existsSync(path.join(path.dirname(reportFile), href!)), 'the trace link points at the artifact beside the report');
  });

  test('filters by status, by text and by tag', async () => {
    const shownTests = async () => page.locator('#rows .row.test').evaluateAll((els) => els.map((e) => [e.getAttribute('data-outcome'), e.querySelector('.title')?.textContent]));
    assert.equal(await page.locator('#shown').innerText(), '33 of 33 tests');

    await page.locator('button[data-status="f"]').click();
    assert.deepEqual(await shownTests(), [['failed', 'creates a site']]);
    assert.equal(await page.locator('#shown').innerText(), '1 of 33 tests');

    await page.locator('button[data-status=""]').click();
    await page.locator('#text-filter').fill('slice case 1');
    await page.waitForFunction(() => document.getElementById('shown')?.textContent?.startsWith('11 of'));
    const titles = (await shownTests()).map(([, t]) => t);
    assert.deepEqual(titles, ['slice case 1', ...Array.from({ length: 10 }, (_, i) => `slice case ${10 + i}`)]);

    await page.locator('#text-filter').fill('');
    await page.locator('#tag-filter').selectOption({ label: '@api' });
    await page.waitForFunction(() => document.getElementById('shown')?.textContent?.startsWith('2 of'));
    assert.deepEqual((await shownTests()).map(([, t]) => t).sort(), ['creates a site', 'lists sites']);
    await page.locator('#tag-filter').selectOption({ label: 'any tag' });
    await page.locator('button[data-status="s"]').click();
    assert.deepEqual(await shownTests(), [['skipped', 'replays history']]);
  });

  test('with history: a strip of past outcomes and a new/known/flaky badge on the test and in its detail', async () => {
    const state = buildRunState(run.events());
    const failing = [...state.tests.values()].find((r) => r.outcome === 'failed')!.test;
    const passing = [...state.tests.values()].find((r) => r.test.title === 'lists sites')!.test;
    const history = new Map<string, TestHistory>([
      [failing.id, { outcomes: ['passed', 'passed', 'flaky', 'failed'].map((outcome, i) => ({ runId: `n${i}`, outcome: outcome as TestOutcome })), failure: 'new', flipRate: 0.67 }],
      [passing.id, { outcomes: [{ runId: 'n0', outcome: 'passed' }, { runId: 'n1', outcome: 'passed' }] }],
    ]);
    const file = path.join(run.dir, 'with-history.html');
    await writeHtmlReport(state, { runDir: run.runDir, file, history: () => history });
    const other = await browser.newPage();
    await other.goto(pathToFileURL(file).href);
    await other.waitForSelector('body[data-ready="true"]');
    const row = other.locator('#rows .row.test', { hasText: 'creates a site' });
    assert.equal(await row.locator('.badge').innerText(), 'new');
    assert.deepEqual(await row.locator('.strip i').evaluateAll((els) => els.map((e) => e.className)), ['o-p', 'o-p', 'o-k', 'o-f']);
    assert.equal(await other.locator('#rows .row.test', { hasText: 'lists sites' }).locator('.strip i').count(), 2);
    assert.equal(await other.locator('#rows .row.test', { hasText: 'slice case 1' }).first().locator('.strip').count(), 0, 'no strip without history');
    assert.match(await other.locator('#detail .history').innerText(), /new.*flip rate 67%/s);
    assert.equal(await other.locator('#detail .history .strip i').last().getAttribute('title'), 'n3: failed');
    await other.close();
  });

  test('history from the archive: a second run of the project shows both runs in each strip', async () => {
    const second = await runCli(run.dir, ['run', 'sites.spec.ts', '--reporter', 'html', '--workers', '1', '--output', 'run2']);
    assert.equal(second.exitCode, 1, second.output);
    const data = readReportData(fs.readFileSync(path.join(second.runDir, 'report.html'), 'utf8'));
    const at = (title: string) => data.tests.findIndex((t) => t[0] === title);
    const strip = (title: string) => data.history[at(title)];
    assert.equal(strip('creates a site')?.o, 'ff', JSON.stringify(data.history).slice(0, 300));
    assert.equal(strip('lists sites')?.o, 'pp');
    const begin = second.events().find((e) => e.type === 'run.begin');
    assert.equal(data.historyRuns[strip('lists sites').r].at(-1), begin?.type === 'run.begin' ? begin.runId : null, 'this run last');
    const other = await browser.newPage();
    await other.goto(pathToFileURL(path.join(second.runDir, 'report.html')).href);
    await other.waitForSelector('body[data-ready="true"]');
    assert.equal(await other.locator('#detail .history .strip i').count(), 2);
    await other.close();
  });

  test('makes no request beyond the file itself', () => {
    const outside = requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:'));
    assert.deepEqual(outside, []);
  });

  test('tollgate report rebuilds the same report from the run directory', async () => {
    const again = path.join(run.dir, 'again', 'x.html');
    const rebuilt = await runCli(run.dir, ['report', run.runDir, '--reporter', `html=${again}`]);
    assert.equal(rebuilt.exitCode, 1, rebuilt.output);
    const first = readReportData(fs.readFileSync(reportFile, 'utf8'));
    const second = readReportData(fs.readFileSync(again, 'utf8'));
    assert.deepEqual(second.tests, first.tests);
    assert.deepEqual(second.verdict, first.verdict);
    assert.equal(second.tests.length, 33);
    // The copy lives elsewhere: its links still reach the artifacts, relative to it.
    const trace = Object.values(second.details).flatMap((d) => d.attempts.flatMap((a) => a.attachments)).find((a) => a.name === 'trace');
    assert.ok(trace?.href && fs.existsSync(path.resolve(path.dirname(again), decodeURIComponent(trace.href))), JSON.stringify(trace));
  });
});
