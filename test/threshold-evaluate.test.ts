import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateThreshold, type MetricLookup, type MetricView } from '../framework/gate/threshold-evaluate.ts';
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
