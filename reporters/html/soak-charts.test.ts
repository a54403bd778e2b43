import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunEvent } from 'tollgate/reporter';
import { replayInto, sampleRunEvents, TESTS } from '../testing/sample-run.ts';
import htmlReporter from './index.ts';
import { SoakSeriesCollector } from './soak-series.ts';

/** Eight windows of drivers/soak's metric events, with a gap after window 3 and the soak's limits on its test.end. */
function soakEvents(): RunEvent[] {
  const events = sampleRunEvents();
  const testId = TESTS.passed.id;
  const metric = (name: string, value: number, window: number): RunEvent => ({ type: 'metric', time: '2026-11-27T10:00:00.000Z', name, value, tags: { soak: 'pod-reads', window: String(window) }, testId, attempt: 0 });
  const windows: RunEvent[] = [];
  for (let w = 0; w < 8; w++) {
    windows.push(metric('soak.latency.p50', 900 + w * 10, w), metric('soak.latency.p99', 2000 + w * 50, w), metric('soak.error_rate', w === 5 ? 0.004 : 0, w), metric('soak.sut.memory', 50e6 + w * 1e5, w));
    if (w === 3) windows.push(metric('soak.gap', 4200, 3));
  }
  const at = events.findIndex((e) => e.type === 'test.end' && e.testId === testId);
  events.splice(at, 0, ...windows);
  const end = events[at + windows.length] as Extract<RunEvent, { type: 'test.end' }>;
  end.annotations = [...end.annotations, { type: 'soak-limits', description: JSON.stringify({ soak: 'pod-reads', durationMs: 8000, windowMs: 1000, errorRate: 0.01, memorySlopeBytesPerHour: 4 * 1024 ** 3, latencyCreepMaxIncrease: 3 }) }];
  return events;
}

test('soak windows are collected per soak, one point per window, with gaps and limits', () => {
  const collector = new SoakSeriesCollector();
  for (const event of soakEvents()) collector.add(event);
  const [series] = collector.list();
  assert.equal(series?.soak, 'pod-reads');
  assert.equal(series!.windows.length, 8);
  assert.deepEqual(series!.windows[5], { window: 5, p50: 950, p99: 2250, errorRate: 0.004, memory: 50.5e6 });
  assert.deepEqual(series!.gaps, [{ afterWindow: 3, ms: 4200 }]);
  assert.equal(series!.limits?.errorRate, 0.01);

  const small = new SoakSeriesCollector(4);
  for (const event of soakEvents()) small.add(event);
  assert.ok(small.list()[0]!.windows.length <= 4, 'a long soak is merged to a bounded number of points');
  assert.equal(Math.max(...small.list()[0]!.windows.map((w) => w.errorRate ?? 0)), 0.004, 'merging keeps the worse error rate');
});

test('the HTML report draws each soak series as an inline SVG with its criteria and gaps', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tollgate-html-soak-'));
  try {
    await replayInto(htmlReporter, soakEvents(), { runDir: dir });
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    const section = html.slice(html.indexOf('<section class="metrics soaks"'), html.indexOf('</section>', html.indexOf('<section class="metrics soaks"')));
    assert.ok(section.length > 0, 'a Soaks section');
    assert.match(section, /soak pod-reads · lists sites/);
    for (const title of ['latency per window (p99, p50)', 'error rate per window', 'SUT memory per window']) assert.ok(section.includes(`<figcaption>${title}</figcaption>`), title);
    assert.equal(section.match(/<svg /g)?.length, 3);
    assert.match(section, /class="soak-limit"><title>limit &lt; 0.01<\/title>/);
    assert.match(section, /class="soak-limit"><title>slope limit 4 GB\/h<\/title>/);
    assert.match(section, /class="soak-limit"><title>p50 creep limit \+300%<\/title>/);
    assert.equal(section.match(/class="soak-gap"/g)?.length, 3, 'the gap on each chart');
    assert.match(section, /8 windows · resumed 1 time\(s\), 4.2 s without load/);
    assert.doesNotMatch(html, /<figcaption>soak\.latency\.p99/, 'soak windows are not drawn again as one-point metric charts');
    assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href=/, 'nothing external');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
