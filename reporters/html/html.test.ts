import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RunEvent, TestOutcome } from 'tollgate/reporter';
import { replayInto, sampleRunEvents, TESTS, DISCOVERED } from '../testing/sample-run.ts';
import htmlReporter, { createHtmlReporter, historyOf, readReportData, type TestHistory } from './index.ts';
import { MetricCollector } from './metric-series.ts';
import { makePng } from './testing/make-png.ts';

describe('html reporter data', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tollgate-html-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes report.html with the verdict as HTML and the tests as compact data', async () => {
    await replayInto(htmlReporter, sampleRunEvents(), { runDir: dir });
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    assert.match(html, /<div class="verdict-status">FAIL<\/div>/);
    assert.match(html, /<td class="rule-name">no-failures<\/td><td class="rule-measured">2<\/td><td class="rule-limit">0<\/td>/);
    assert.match(html, /creates a site &lt;&amp;&gt; &quot;quoted&quot;/, 'titles are escaped in the verdict links');
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org)/, 'no external script, style or URL');

    const data = readReportData(html);
    assert.equal(data.tests.length, 7);
    assert.deepEqual(data.counts, { passed: 3, failed: 2, flaky: 1, skipped: 1, interrupted: 0, missing: 0 });
    assert.deepEqual(data.tests.map((t) => t[2]).join(''), 'pfksfpp');
    const failed = data.tests.findIndex((t) => t[0] === TESTS.failed.title);
    assert.deepEqual(data.verdict?.rules.find((r) => r.rule === 'no-failures')?.tests, [failed, 4]);
    const detail = data.details[failed];
    assert.equal(detail.id, TESTS.failed.id);
    assert.equal(detail.attempts.length, 2);
    assert.equal(detail.attempts[1].steps[0].steps?.[0].title, 'expect.toBe');
    assert.equal(detail.attempts[1].stderr, 'warn: slow response\u0000\n', 'colour codes are stripped');
    assert.equal(detail.attempts[1].attachments[0].href, 'artifacts/ab12.json');
    assert.equal(data.details[5], undefined, 'a test that passed first time with nothing recorded has no detail');
    assert.equal(data.details[0].attempts[0].stdout, 'GET /sites 200\n', 'one that printed has its output');
    assert.ok(data.details[1] && data.details[2], 'failed and flaky tests have details');
    const unit = data.groups[data.tests[6][1]];
    assert.equal(data.strings[unit.suite], 'unit');
    assert.equal(data.strings[unit.path[0]], DISCOVERED.titlePath[0]);
    assert.deepEqual(data.suiteErrors.map((e) => e.suite), ['unit']);
  });

  test('readable JSON when compress is off, with "<" escaped so a title cannot close the script', async () => {
    const events = sampleRunEvents();
    const begin = events[0] as Extract<RunEvent, { type: 'run.begin' }>;
    begin.tests[0] = { ...begin.tests[0], title: '</script><img src=x onerror=alert(1)>', titlePath: ['sites', '</script><img src=x onerror=alert(1)>'] };
    await replayInto(createHtmlReporter({ compress: false }), events, { runDir: dir, option: join(dir, 'plain.html') });
    const html = await readFile(join(dir, 'plain.html'), 'utf8');
    assert.equal(html.match(/<\/script>/g)?.length, 2, 'only the two real script ends');
    assert.equal(readReportData(html).tests[0][0], '</script><img src=x onerror=alert(1)>');
  });

  test('inlines a PNG screenshot as a data URI and links it relative to a report written elsewhere', async () => {
    const png = makePng(8, 6);
    await mkdir(join(dir, 'artifacts'), { recursive: true });
    await writeFile(join(dir, 'artifacts', 'shot.png'), png);
    const events = sampleRunEvents();
    const at = events.findIndex((e) => e.type === 'attachment');
    events.splice(at, 0, { type: 'attachment', time: '2026-11-27T10:00:00.063Z', testId: TESTS.failed.id, attempt: 1, attachment: { name: 'screenshot', contentType: 'image/png', path: 'artifacts/shot.png' } });
    await replayInto(htmlReporter, events, { runDir: dir, option: join(dir, 'out', 'r.html') });
    const data = readReportData(await readFile(join(dir, 'out', 'r.html'), 'utf8'));
    const shot = Object.values(data.details).flatMap((d) => d.attempts.flatMap((a) => a.attachments)).find((a) => a.name === 'screenshot');
    assert.equal(shot?.inline, `data:image/png;base64,${png.toString('base64')}`);
    assert.equal(shot?.href, '../artifacts/shot.png');
  });

  test('history: strips and badges when a lookup is given, and a failing lookup costs only the history', async () => {
    const history = new Map<string, TestHistory>([
      [TESTS.failed.id, { outcomes: [{ runId: 'r1', outcome: 'passed' }, { runId: 'r2', outcome: 'passed' }, { runId: 'run-1', outcome: 'failed' }], failure: 'new', flipRate: 0.5 }],
      [TESTS.flaky.id, { outcomes: [{ runId: 'r1', outcome: 'flaky' }, { runId: 'run-1', outcome: 'flaky' }], failure: 'flaky' }],
    ]);
    let asked: string[] = [];
    const withHistory = createHtmlReporter({ history: (tests, run) => ((asked = [run.runId, ...tests.map((t) => t.id)]), history) });
    await replayInto(withHistory, sampleRunEvents(), { runDir: dir, option: join(dir, 'h.html') });
    const data = readReportData(await readFile(join(dir, 'h.html'), 'utf8'));
    assert.equal(asked[0], 'run-1');
    assert.equal(asked.length, 8);
    assert.deepEqual({ ...data.history[1], r: data.historyRuns[data.history[1].r] }, { o: 'ppf', r: ['r1', 'r2', 'run-1'], c: 'new', flip: 0.5 });
    assert.deepEqual({ ...data.history[2], r: data.historyRuns[data.history[2].r] }, { o: 'kk', r: ['r1', 'run-1'], c: 'flaky' });
    assert.equal(data.history[0], undefined);

    const broken = createHtmlReporter({ history: () => { throw new Error('archive locked'); } });
    await replayInto(broken, sampleRunEvents(), { runDir: dir, option: join(dir, 'b.html') });
    const plain = readReportData(await readFile(join(dir, 'b.html'), 'utf8'));
    assert.deepEqual(plain.history, {});
    assert.match(plain.errors.map((e) => e.error.message).join('\n'), /no history: archive locked/);
  });

  test('archive entries (newest first) become strips (oldest first) ending in this run, classified by the archive', () => {
    const entries = (outcomes: string[]) => outcomes.map((outcome, i) => ({ runId: `r${i}`, outcome: outcome as TestOutcome, startTime: `2026-11-2${i}T00:00:00Z` }));
    const byTest = new Map([
      [TESTS.failed.id, entries(['passed', 'passed'])],
      [TESTS.flaky.id, entries(['flaky'])],
    ]);
    const outcomes = new Map([[TESTS.failed.id, 'failed' as const], [TESTS.flaky.id, 'flaky' as const], [TESTS.passed.id, 'passed' as const]]);
    const seen: unknown[] = [];
    const classify = {
      classifyFailure: (h: readonly { outcome: unknown }[]) => (seen.push(h.map((e) => e.outcome)), 'new' as const),
      testStats: () => ({ flipRate: 0.25, flakyScore: 0.5 }),
    };
    const history = historyOf([TESTS.failed, TESTS.flaky, TESTS.passed, TESTS.skipped], byTest, 'now', outcomes, classify);
    assert.deepEqual(history.get(TESTS.failed.id), {
      outcomes: [{ runId: 'r1', outcome: 'passed', time: '2026-11-21T00:00:00Z' }, { runId: 'r0', outcome: 'passed', time: '2026-11-20T00:00:00Z' }, { runId: 'now', outcome: 'failed' }],
      failure: 'new', flipRate: 0.25, flakyScore: 0.5,
    });
    assert.deepEqual(seen, [['failed', 'passed', 'passed']], 'the classifier gets this run first');
    assert.equal(history.get(TESTS.flaky.id)?.failure, 'flaky');
    assert.deepEqual(history.get(TESTS.passed.id)?.outcomes.map((o) => o.outcome), ['passed'], 'a first run is a strip of one');
    assert.equal(history.has(TESTS.skipped.id), false, 'no outcome and no past: nothing to show');
    assert.equal(historyOf([TESTS.failed], byTest, 'now', outcomes, {}).get(TESTS.failed.id)?.failure, undefined, 'no classifier, no badge');
  });

  test('metric events become SVG charts, one per metric', async () => {
    const events = sampleRunEvents();
    const metrics: RunEvent[] = Array.from({ length: 50 }, (_, i) => ({
      type: 'metric', time: new Date(Date.parse('2026-11-27T10:00:01Z') + i * 100).toISOString(), name: 'http_req_duration', value: 10 + (i % 7), unit: 'ms', tags: { route: '/sites' },
    }));
    events.splice(events.length - 2, 0, ...metrics);
    await replayInto(htmlReporter, events, { runDir: dir, option: join(dir, 'm.html') });
    const html = await readFile(join(dir, 'm.html'), 'utf8');
    assert.match(html, /<figcaption>http_req_duration<\/figcaption><svg/);
    assert.match(html, /<title>\{route=\/sites\}<\/title>/, 'the series is named by its tags');
    assert.match(html, />12ms<\/text>/, 'ticks in the metric\'s unit');
    assert.match(html, /50 samples/);
    assert.equal(readReportData(html).metricSeries, 1);
  });

  test('a metric series keeps a bounded number of points, with min, mean and max', () => {
    const collector = new MetricCollector(16);
    const t0 = Date.parse('2026-11-27T10:00:00Z');
    for (let i = 0; i < 1000; i++) collector.add({ type: 'metric', time: new Date(t0 + i * 10).toISOString(), name: 'cpu', value: i % 10 });
    const [series] = collector.list();
    assert.equal(series.count, 1000);
    assert.ok(series.points.length <= 16 && series.points.length >= 8, String(series.points.length));
    for (const [, min, mean, max] of series.points) assert.ok(min <= mean && mean <= max);
    assert.equal(Math.min(...series.points.map((p) => p[1])), 0);
    assert.equal(Math.max(...series.points.map((p) => p[3])), 9);
  });
});
