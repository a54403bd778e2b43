import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateThreshold, withZeroCounters, type MetricLookup, type MetricView } from '../framework/gate/threshold-evaluate.ts';
import type { GeneratorHealth } from '../drivers/traffic/generator-health.ts';
import { judgeThresholds } from '../framework/gate/generator-judgement.ts';
import { parseThreshold, parseThresholds, parseMetricKey, parseDuration } from '../framework/gate/threshold-parse.ts';
import { THRESHOLD_ANNOTATION, thresholdRule } from '../framework/gate/threshold-rule.ts';
import type { TestResult } from '../framework/model/run-state.ts';

describe('threshold syntax (k6)', () => {
  test('reads aggregations, operators, percentiles, unit suffixes, tag filters and options', () => {
    const p95 = parseThreshold('http_req_duration', 'p(95)<200');
    assert.deepEqual([p95.metric, p95.aggregation, p95.percentile, p95.operator, p95.limit, p95.limitUnit], ['http_req_duration', 'p', 95, '<', 200, undefined]);
    const tagged = parseThreshold('http_req_duration{name:read, method:GET}', { threshold: 'p(99.9) <= 800us', abortOnFail: true, delayAbortEval: '2s' });
    assert.deepEqual(tagged.tags, { name: 'read', method: 'GET' });
    assert.equal(tagged.percentile, 99.9);
    assert.equal(tagged.operator, '<=');
    assert.equal(tagged.limitUnit, 'us');
    assert.equal(tagged.abortOnFail, true);
    assert.equal(tagged.delayAbortEval, 2000);
    assert.equal(parseThreshold('http_req_failed', 'rate<0.01').aggregation, 'rate');
    assert.equal(parseThreshold('http_reqs', 'count>1000').operator, '>');
    assert.equal(parseThreshold('x', 'value===3').operator, '==');
    assert.deepEqual(parseMetricKey('ws_rtt'), { metric: 'ws_rtt', tags: {} });
    assert.equal(parseDuration('1.5m', 'd'), 90_000);
  });

  test('lists every bad threshold at once, with where it is and what is expected', () => {
    assert.throws(
      () => parseThresholds({ http_req_duration: ['p(95)<200', 'p95<200', 'p(101)<1'], 'bad{name}': ['avg<1'] }),
      (error: Error) =>
        /3 bad threshold\(s\)/.test(error.message) &&
        /thresholds\["http_req_duration"\]\[1\]: cannot read "p95<200": expected AGGREGATION OPERATOR NUMBER/.test(error.message) &&
        /\[2\]: "p\(101\)<1": a percentile is between 0 and 100/.test(error.message) &&
        /thresholds\["bad\{name\}"\]\[0\]: "bad\{name\}": the tag filter "name" must be name:value/.test(error.message),
    );
  });
});

function trend(values: number[]): MetricView {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    kind: 'trend',
    unit: 'us',
    count: values.length,
    percentile: (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!,
    avg: values.reduce((a, b) => a + b, 0) / values.length,
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

describe('evaluating thresholds', () => {
  const durations = Array.from({ length: 100 }, (_, i) => (i + 1) * 1000); // 1 ms .. 100 ms, in µs
  const lookup: MetricLookup = (metric, tags) => {
    if (metric === 'http_req_duration' && !tags.name) return trend(durations);
    if (metric === 'http_req_duration' && tags.name === 'read') return trend([500, 700, 900]);
    if (metric === 'http_req_failed') return { kind: 'rate', unit: 'ratio', count: 200, rate: 0.02 };
    if (metric === 'http_reqs') return { kind: 'counter', count: 200, rate: 40 };
    return undefined;
  };

  test('a bare limit on a duration is milliseconds (k6), the value is reported in microseconds', () => {
    const passed = evaluateThreshold(parseThreshold('http_req_duration', 'p(95)<200'), lookup);
    assert.equal(passed.ok, true);
    assert.equal(passed.value, 95_000);
    assert.equal(passed.limit, 200_000);
    const failed = evaluateThreshold(parseThreshold('http_req_duration', 'p(95)<50'), lookup);
    assert.equal(failed.ok, false);
    assert.equal(failed.message, 'http_req_duration p(95) = 95,000 µs, limit < 50 ms (50,000 µs): crossed');
    assert.equal(evaluateThreshold(parseThreshold('http_req_duration{name:read}', 'max<800us'), lookup).ok, false);
    assert.equal(evaluateThreshold(parseThreshold('http_req_duration{name:read}', 'med<=0.7ms'), lookup).ok, true);
  });

  test('rates and counts', () => {
    const rate = evaluateThreshold(parseThreshold('http_req_failed', 'rate<0.01'), lookup);
    assert.equal(rate.ok, false);
    assert.match(rate.message, /http_req_failed rate = 0.02 \(2%\), limit < 0.01/);
    assert.equal(evaluateThreshold(parseThreshold('http_reqs', 'count>1000'), lookup).ok, false);
    assert.equal(evaluateThreshold(parseThreshold('http_reqs', 'rate>=40'), lookup).ok, true);
  });

  test('a metric without samples fails its threshold and says so; a wrong aggregation is a usage error', () => {
    const none = evaluateThreshold(parseThreshold('http_req_duration{name:nope}', 'p(99)<1'), lookup);
    assert.equal(none.ok, false);
    assert.equal(none.value, null);
    assert.match(none.message, /no samples/);
    assert.throws(() => evaluateThreshold(parseThreshold('http_req_failed', 'p(95)<1'), lookup), /a rate metric has no "p\(95\)"; use rate, count/);
    assert.throws(() => evaluateThreshold(parseThreshold('http_reqs', 'count>10ms'), lookup), /a unit suffix only applies to duration metrics/);
  });
});

describe('the thresholds rule', () => {
  const resultWith = (id: string, annotations: { type: string; description?: string }[]): TestResult =>
    ({ test: { id }, attempts: [{ annotations }], outcome: 'passed' }) as unknown as TestResult;

  test('is absent without thresholds, passes when all hold, fails naming metric, value and limit', () => {
    assert.equal(thresholdRule([resultWith('a', [])]), null);
    const lookup: MetricLookup = () => trend([1000, 2000, 300_000]);
    const held = evaluateThreshold(parseThreshold('http_req_duration', 'p(50)<10'), lookup);
    const crossed = evaluateThreshold(parseThreshold('http_req_duration', 'p(99)<200'), lookup);
    const ok = thresholdRule([resultWith('a', [{ type: THRESHOLD_ANNOTATION, description: JSON.stringify(held) }])]);
    assert.equal(ok?.outcome, 'pass');
    const rule = thresholdRule([
      resultWith('a', [{ type: THRESHOLD_ANNOTATION, description: JSON.stringify(held) }]),
      resultWith('b', [{ type: THRESHOLD_ANNOTATION, description: JSON.stringify(crossed) }, { type: THRESHOLD_ANNOTATION, description: 'not json' }]),
    ])!;
    assert.equal(rule.rule, 'thresholds');
    assert.equal(rule.outcome, 'fail');
    assert.equal(rule.measured, 'http_req_duration p(99) = 300000 µs');
    assert.equal(rule.limit, 'http_req_duration p(99)<200');
    assert.deepEqual(rule.tests, ['b']);
    assert.match(rule.message, /1 of 2 threshold\(s\) crossed: http_req_duration p\(99\) = 300,000 µs, limit < 200 ms \(200,000 µs\): crossed \(b\)/);
  });
});

describe('no data is not a pass (issue 13, item 7)', () => {
  const resultWith = (id: string, results: object[]): TestResult =>
    ({ test: { id }, attempts: [{ annotations: results.map((r) => ({ type: THRESHOLD_ANNOTATION, description: JSON.stringify(r) })) }], outcome: 'passed' }) as unknown as TestResult;
  const empty: MetricLookup = () => undefined;

  test('a built-in counter never incremented counts 0, as in k6; a trend or rate without samples is not judged', () => {
    const zero = withZeroCounters(empty, () => 3);
    const dropped = evaluateThreshold(parseThreshold('dropped_iterations', 'count==0'), zero);
    assert.equal(dropped.value, 0);
    assert.equal(dropped.ok, true, dropped.message);
    assert.equal(evaluateThreshold(parseThreshold('http_reqs', 'count>=1'), zero).ok, false);
    const failed = evaluateThreshold(parseThreshold('http_req_failed', 'rate<0.01'), withZeroCounters(() => ({ kind: 'rate', unit: 'ratio', count: 0, rate: 0 }), () => 3));
    assert.equal(failed.value, null);
    assert.match(failed.message, /not judged: no samples/);
    assert.equal(evaluateThreshold(parseThreshold('dropped_iteratoins', 'count==0'), zero).value, null, 'a misspelt counter is not a built-in one');
  });

  test('the rule fails on a threshold that was not judged, or warns when the policy says so', () => {
    const none = evaluateThreshold(parseThreshold('http_req_duration', 'p(95)<200'), empty);
    const rule = thresholdRule([resultWith('a', [none])])!;
    assert.equal(rule.outcome, 'fail');
    assert.match(rule.message, /^1 of 1 threshold\(s\) not judged \(policy notJudged: fail\): http_req_duration p\(95\): not judged/);
    assert.equal(rule.measured, 'http_req_duration p(95) = not judged (no samples)');
    assert.equal(thresholdRule([resultWith('a', [none])], 'warn')!.outcome, 'warn');
  });

  test('a crossed latency threshold is inconclusive (ERROR) while the generator fell behind, unless even the fastest request was over the limit', () => {
    const health: GeneratorHealth = { lagLimit: 10_000, eventLoopDelay: { p10: 0, p50: 0, p99: 0, max: 0 }, cpu: 0.5, problems: ['the generator fell behind its schedule by 151 ms p99 (limit 10 ms)'], summary: 'send lag p99 151 ms (limit 10 ms)' };
    const latency = (key: string, samples: number[]) => evaluateThreshold(parseThreshold(key, 'p(10)<35'), () => trend(samples));
    const errors = evaluateThreshold(parseThreshold('http_req_failed', 'rate<0.005'), () => ({ kind: 'rate', unit: 'ratio', count: 100, rate: 0.01 }));
    const count = evaluateThreshold(parseThreshold('http_reqs', 'count>=270'), () => ({ kind: 'counter', count: 200, rate: 60 }));
    const fastest: Record<string, number> = { 'http_req_duration{name:starved}': 900, 'http_req_duration{name:slow}': 50_100 };
    const [starved, slow, failing, sent] = judgeThresholds(
      [latency('http_req_duration{name:starved}', [900, ...Array(19).fill(52_000)]), latency('http_req_duration{name:slow}', [50_100, ...Array(19).fill(90_000)]), errors, count],
      health,
      (key) => fastest[key],
    );
    assert.match(starved!.inconclusive ?? '', /^inconclusive: the generator fell behind its schedule by 151 ms p99 \(limit 10 ms\); the fastest request took 0\.9 ms, within the limit, so the crossing may be the generator's, not the system's$/);
    assert.equal(slow!.inconclusive, undefined, 'every request was slower than the limit: the system is slow');
    assert.equal(failing!.inconclusive, undefined, 'error answers are the system\'s');
    assert.match(sent!.inconclusive ?? '', /^inconclusive: the generator fell behind/, 'a generator behind its schedule sends fewer requests');
    const rule = thresholdRule([resultWith('a', [starved, sent])])!;
    assert.equal(rule.outcome, 'error');
    assert.match(rule.message, /^2 of 2 threshold\(s\) inconclusive: .*the generator fell behind/);
    assert.match(rule.message, /\[load generator: send lag p99 151 ms \(limit 10 ms\)\]$/);
    const proven = thresholdRule([resultWith('a', [starved, failing])])!;
    assert.equal(proven.outcome, 'fail', 'an error rate the system crossed is a failure, whatever the generator did');
    assert.match(proven.message, /^1 of 2 threshold\(s\) inconclusive: .*; 1 of 2 threshold\(s\) crossed: http_req_failed rate/);
    const healthy = judgeThresholds([latency('http_req_duration', [900, ...Array(19).fill(52_000)])], { ...health, problems: [] }, () => 900);
    assert.equal(healthy[0]!.inconclusive, undefined, 'a generator that held its schedule is not to blame');
  });
});

