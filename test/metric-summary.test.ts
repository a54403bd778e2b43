import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { TestResult as AllureResult } from 'allure-js-commons';
import { buildRunState } from 'tollgate/reporter';
import { metricSummary } from '../reporters/shared/metric-summary.ts';
import { runCli, writeProject, type InlineResult } from './helpers/run-inline.ts';

/**
 * Black-box: a run with a short load against a server the test starts
 * prints k6's end-of-test table (issue 16, item 2): each threshold with ✓
 * or ✗, what it measured and its limit; every metric per tag set with its
 * statistics in readable units; and a metric the test recorded itself. The
 * same rows come out of metricSummary() for the HTML report. Allure marks
 * the crossed threshold failed, with the value and the limit (item 5).
 */
const SPEC = `
import { createServer } from 'node:http';
import { test } from 'tollgate/drivers/traffic';

test('reads under load', async ({ traffic }, info) => {
  // 30 ms a request: the p(50)<5 threshold is crossed by the server itself, never by a busy generator.
  const s = createServer((req, res) => setTimeout(() => res.end('ok'), 30));
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  info.metric('login.duration', 182, { unit: 'ms' });
  info.metric('login.duration', 240, { unit: 'ms' });
  try {
    await traffic.http({
      url: 'http://127.0.0.1:' + s.address().port, name: 'read', interval: 500,
      request: { name: 'list', path: '/slices' },
      scenario: { executor: 'constant-arrival-rate', rate: 20, duration: '1s' },
      thresholds: { http_req_failed: ['rate<0.5'], 'http_req_duration{name:list}': ['p(50)<5'] },
    });
  } finally { await new Promise((r) => s.close(r)); }
});
`;

describe('the end-of-run table of a run with a load', () => {
  let dir: string;
  let run: InlineResult;
  // On a machine so busy that the load generator itself starves, the crossing is inconclusive ('?', Allure broken), never a pass.
  let judged: boolean;
  before(async () => {
    dir = writeProject({
      'tollgate.config.ts': `export default { suites: [{ name: 'perf', kind: 'performance', files: '*.spec.ts' }], environments: { lab: './lab.ts' }, defaultEnvironment: 'lab' };\n`,
      'lab.ts': `import { defineEnvironment } from 'tollgate';\nexport default defineEnvironment({ name: 'lab' });\n`,
      'perf.spec.ts': SPEC,
    });
    run = await runCli(dir, ['run', '--gate', 'deploy', '--reporter', 'console', '--reporter', 'allure']);
    judged = run.verdict().rules.find((r) => r.rule === 'thresholds')?.outcome === 'fail';
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prints each threshold with ✓ or ✗, its value and its limit', () => {
    assert.equal(run.exitCode, 1, run.output);
    const out = run.stdout;
    assert.match(out, /█ THRESHOLDS/);
    assert.match(out, /load "read" · http_req_failed\n {4}✓ 'rate<0\.5' rate=0% {2}limit < 50%/);
    if (judged) assert.match(out, /load "read" · http_req_duration\{name:list\}\n {4}✗ 'p\(50\)<5' p\(50\)=\d+(\.\d+)?ms {2}limit < 5ms\n/);
    else assert.match(out, /load "read" · http_req_duration\{name:list\}\n {4}\? 'p\(50\)<5' p\(50\)=\d+(\.\d+)?ms {2}limit < 5ms \(inconclusive\)\n/);
  });

  test('prints every metric per tag set with count, rate and percentiles in readable units', () => {
    const out = run.stdout;
    assert.match(out, /█ TOTAL RESULTS/);
    const trend = /[✗?] {3}\{ name:list \}\.*: avg=\d+(\.\d+)?ms min=\d+(\.\d+)?ms med=\d+(\.\d+)?ms max=\d+(\.\d+)?ms p\(90\)=\S+ms p\(95\)=\S+ms p\(99\)=\S+ms count=20/;
    assert.match(out, trend);
    assert.match(out, /\n {6}http_req_duration\.+: avg=\S+ms .* count=20\n/);
    assert.match(out, /\n {8}\{ expected_response:true, method:GET, name:list \}\.*: avg=/);
    assert.ok(!out.includes('expected_response:false'), 'a tag set without samples is left out');
    assert.match(out, /✓ http_req_failed\.*: 0% {7}0 out of 20\n/);
    assert.match(out, /\n {6}http_reqs\.*: 20 {7}\d+(\.\d+)?\/s\n/);
    assert.match(out, /data_received\.*: \d+(\.\d+)? (B|KB) +\d+(\.\d+)? (B|KB)\/s/);
    // What the test recorded itself: a trend over its samples.
    assert.match(out, /login\.duration\.*: avg=211ms min=182ms med=182ms max=240ms .* count=2\n/);
  });

  test('the threshold rule\'s long message wraps to 80 columns off a terminal', () => {
    const verdict = run.stdout.slice(run.stdout.indexOf('Verdict:'));
    assert.match(verdict, /✘ thresholds: 1 of 2 threshold\(s\) (crossed|inconclusive):/);
    for (const line of verdict.split('\n')) assert.ok(line.length <= 80, `${line.length} columns: ${line}`);
  });

  test('metricSummary() gives the HTML report the same rows from events.ndjson', () => {
    const events = run.events();
    const summary = metricSummary({ state: buildRunState(events), metrics: events });
    const row = summary.rows.find((r) => r.metric === 'http_req_duration' && r.tags.name === 'list' && Object.keys(r.tags).length === 1)!;
    assert.equal(row.group, 'load "read"');
    assert.equal(row.count, 20);
    assert.match(row.cells.p95, /^\d+(\.\d+)?ms$/);
    const crossed = judged ? 'fail' : 'inconclusive';
    assert.deepEqual(row.checks.map((c) => [c.expression, c.status]), [['p(50)<5', crossed]]);
    assert.deepEqual(summary.checks.map((c) => [c.kind, c.subject, c.status]), [['threshold', 'http_req_failed', 'pass'], ['threshold', 'http_req_duration{name:list}', crossed]]);
  });

  test('Allure: the crossed threshold is failed, with the measured value and the limit (broken when the generator could not judge it)', () => {
    const resultsDir = path.join(run.runDir, 'allure-results');
    const results = fs.readdirSync(resultsDir).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as AllureResult);
    const load = results.find((r) => r.name === 'reads under load')!;
    if (!judged) {
      assert.equal(load.status, 'broken');
      assert.match(load.statusDetails.message ?? '', /^threshold http_req_duration\{name:list\} inconclusive: .*limit < 5 ms/);
      return;
    }
    assert.equal(load.status, 'failed');
    assert.match(load.statusDetails.message ?? '', /^threshold http_req_duration\{name:list\} "p\(50\)<5" crossed: measured p\(50\)=\d+(\.\d+)?ms, limit < 5ms/);
  });
});
