import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { RunEvent } from 'tollgate/reporter';
import htmlReporter from '../reporters/html/index.ts';
import { replayInto, sampleRunEvents, TESTS } from '../reporters/testing/sample-run.ts';
import { runCli, writeProject, type InlineResult } from './helpers/run-inline.ts';

/**
 * Issue 16, item 1: the HTML report of a run whose load crossed a latency
 * limit shows that load's panel right under the verdict, with the limit
 * drawn on its latency chart and labelled, in units a person reads; a
 * series of one sample is a table row; a soak's windows that crossed a
 * limit are shaded; the detail pane says what a threshold measured in a
 * sentence, not as JSON.
 */
const SPEC = `
import { createServer } from 'node:http';
import { test } from 'tollgate/drivers/traffic';

test('reads under load', async ({ traffic }, info) => {
  info.metric('cold_start', 282000, { unit: 'us' });
  const s = createServer((req, res) => setTimeout(() => res.end('ok'), 40));
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  try {
    await traffic.http({ url: 'http://127.0.0.1:' + s.address().port, name: 'slow', interval: 250,
      scenario: { executor: 'constant-arrival-rate', rate: 40, duration: '1500ms' },
      thresholds: { http_req_duration: ['p(50)<20', 'p(99)<2000'], http_req_failed: ['rate<0.5'] } });
  } finally { await new Promise((r) => s.close(r)); }
});
`;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('a load that crossed a latency limit', () => {
  let run: InlineResult;
  let html: string;
  let reportFile: string;
  let browser: Browser;

  before(async () => {
    const dir = writeProject({
      'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({ suites: [{ name: 'perf', kind: 'performance', files: '*.spec.ts' }], environments: { lab: './lab.ts' }, defaultEnvironment: 'lab' });`,
      'lab.ts': `import { defineEnvironment } from 'tollgate';\nexport default defineEnvironment({ name: 'lab' });`,
      'perf.spec.ts': SPEC,
    });
    run = await runCli(dir, ['run', '--gate', 'deploy', '--reporter', 'html', '--workers', '1']);
    reportFile = path.join(run.runDir, 'report.html');
    assert.ok(fs.existsSync(reportFile), `no report: ${run.output}`);
    html = fs.readFileSync(reportFile, 'utf8');
  });
  after(async () => {
    await browser?.close();
    if (run) fs.rmSync(run.dir, { recursive: true, force: true });
  });

  test('its panel is in the header, under the verdict, with the crossed limit drawn and labelled', () => {
    assert.equal(run.exitCode, 1, run.output);
    const header = html.slice(html.indexOf('<header class="top">'), html.indexOf('</header>'));
    // On a machine too busy to judge, the crossing is inconclusive (the generator fell behind): still on top, still drawn.
    const panel = /<div class="load-panel lp-(crossed|inconclusive)" data-load="slow">[\s\S]*?<\/figure>/.exec(header)?.[0];
    assert.ok(panel, 'the load panel is in the header');
    assert.match(panel, /<figcaption>latency percentiles<\/figcaption>/);
    assert.match(panel, /<line [^>]*class="limit limit-crossed"><title>p\(50\) &lt; 20ms · ✗ \d+(\.\d+)?ms<\/title>/, 'the crossed limit is a red line named with its limit and the measured value');
    assert.match(panel, /p\(99\) &lt; 2s/, 'the held limit is named too');
    assert.match(panel, /<path d="[^"]+" class="pline s0"><title>p50<\/title>/, 'the p50 series over time');
    assert.ok(html.indexOf('data-load="slow"') < html.indexOf('<section class="main"'), 'before the test list');
  });

  test('its units are readable: ticks and values in µs, ms or s, never "282k us"', () => {
    assert.match(html, /<text x="\d+" y="[\d.]+" text-anchor="end">\d+ms<\/text>/, 'latency ticks in ms');
    assert.doesNotMatch(html, /\d(\.\d+)?k us|\d us</, 'no raw microsecond labels');
    assert.match(html, /<td class="num">0%<\/td><td class="num">&lt; 50%<\/td>/, 'an error rate as a percentage against its limit');
  });

  test('a series of one sample is a table row, not a chart', () => {
    const table = /<table class="data-table single-samples">[\s\S]*?<\/table>/.exec(html)?.[0];
    assert.ok(table, 'a table of single samples');
    assert.match(table, /<td>cold_start<\/td><td>[^<]*<\/td><td class="num">282ms<\/td>/);
    assert.doesNotMatch(html, /<figcaption>cold_start/);
  });

  test('a Measured table: every metric of the load with k6\'s statistics, each threshold on its row with ✓ or ✗', () => {
    const section = /<section class="metrics measured" id="measured">[\s\S]*?<\/section>/.exec(html)?.[0];
    assert.ok(section, 'a Measured section');
    assert.match(section, /<th colspan="\d+">load &quot;slow&quot;/);
    const row = /<tr><td>http_req_duration<\/td>(<td class="num">[^<]*<\/td>){9}<td>([\s\S]*?)<\/td><\/tr>/.exec(section);
    assert.ok(row, 'a row for http_req_duration');
    assert.match(row[0], /<td class="num">\d+(\.\d+)?ms<\/td>/, 'its statistics in ms');
    assert.match(row[2]!, /<b class="mark">[✗?]<\/b> &#39;p\(50\)&lt;20&#39; p\(50\)=\d+(\.\d+)?ms/, 'the crossed threshold on its row');
    assert.match(row[2]!, /<b class="mark">✓<\/b> &#39;p\(99\)&lt;2000&#39;/, 'the held one too');
  });

  test('in Chromium: the crossed panel is on the first screen, and the threshold reads as a sentence in the detail pane', async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(pathToFileURL(reportFile).href);
    await page.waitForSelector('body[data-ready="true"]');
    const box = await page.locator('#crossed .load-panel figure').first().boundingBox();
    assert.ok(box && box.y + box.height / 2 < 800, `the latency chart is on the first screen (${JSON.stringify(box)})`);
    await page.locator('#rows .row', { hasText: 'reads under load' }).first().click();
    const detail = await page.locator('#detail .test-detail').innerText();
    assert.match(detail, /threshold\s*[✗?]\s*http_req_duration p\(50\) = [\d,]+ µs, limit < 20 ms/);
    assert.doesNotMatch(detail, /\{"key"/, 'no raw JSON');
  });
});

/** Eight soak windows whose error rate crosses its limit in windows 5 and 6 (x = 6, 7), with the failed criterion on the test. */
function crossedSoakEvents(): RunEvent[] {
  const events = sampleRunEvents();
  const testId = TESTS.passed.id;
  const metric = (name: string, value: number, window: number): RunEvent => ({ type: 'metric', time: '2026-11-27T10:00:00.000Z', name, value, tags: { soak: 'pod-reads', window: String(window) }, testId, attempt: 0 });
  const windows: RunEvent[] = [];
  for (let w = 0; w < 8; w++) windows.push(metric('soak.latency.p50', 900, w), metric('soak.latency.p99', 2000, w), metric('soak.error_rate', w === 5 || w === 6 ? 0.05 : 0, w), metric('soak.sut.memory', 50e6, w));
  const at = events.findIndex((e) => e.type === 'test.end' && e.testId === testId);
  events.splice(at, 0, ...windows);
  const end = events[at + windows.length] as Extract<RunEvent, { type: 'test.end' }>;
  end.annotations = [
    ...end.annotations,
    { type: 'soak-limits', description: JSON.stringify({ soak: 'pod-reads', durationMs: 8000, windowMs: 1000, errorRate: 0.01 }) },
    { type: 'soak-criterion', description: JSON.stringify({ soak: 'pod-reads', criterion: 'error.rate', ok: false, judged: true, canStillPass: false, measured: '1.25%', limit: '< 0.01', message: 'error.rate = 1.25% over 8 windows, limit < 0.01: crossed' }) },
  ];
  return events;
}

test('a soak whose error rate crossed its limit: its panel is under the verdict, the crossing windows shaded, the criterion named', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tollgate-html-panels-'));
  try {
    await replayInto(htmlReporter, crossedSoakEvents(), { runDir: dir });
    const html = await readFile(path.join(dir, 'report.html'), 'utf8');
    const header = html.slice(html.indexOf('<header class="top">'), html.indexOf('</header>'));
    assert.match(header, /<div class="soak soak-crossed"><h3><span class="lp-status">CROSSED<\/span> soak pod-reads/);
    const chart = /<figure class="chart soak-chart chart-crossed"><figcaption>error rate per window<\/figcaption>[\s\S]*?<\/figure>/.exec(header)?.[0];
    assert.ok(chart, 'the error-rate chart is framed as crossed');
    assert.match(chart, /✗ error.rate 1.25%, limit &lt; 0.01/);
    assert.deepEqual([...chart.matchAll(/class="crossed-window"><title>window (\d+) crossed<\/title>/g)].map((m) => m[1]), ['6', '7'], 'exactly the windows over the limit');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
