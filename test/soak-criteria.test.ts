import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateCriteria, formatBytesPerHour, linearSlope, parseMemorySlope, parsePrometheusText, sampleValue, type SoakWindow } from '../drivers/soak/index.ts';
import { soakRule } from '../framework/gate/soak-rule.ts';
import type { TestResult } from '../framework/model/run-state.ts';

const EXPOSITION = `# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes 52428800
pod_http_requests_total{method="GET",route="/api/v1/:resource",status="200"} 17
pod_http_request_duration_seconds_bucket{le="+Inf",method="GET"} 3 1700000000000
odd{msg="a \\"quoted\\", value\\nnext"} 1.5e3
not a sample line
up NaN
`;

describe('Prometheus text format', () => {
  test('reads samples, labels, escapes and timestamps, skips comments', () => {
    const samples = parsePrometheusText(EXPOSITION);
    assert.equal(sampleValue(samples, 'process_resident_memory_bytes'), 52_428_800);
    assert.equal(sampleValue(samples, 'pod_http_requests_total', { status: '200' }), 17);
    assert.equal(sampleValue(samples, 'pod_http_requests_total', { status: '500' }), undefined);
    assert.equal(sampleValue(samples, 'pod_http_request_duration_seconds_bucket', { le: '+Inf' }), 3);
    assert.deepEqual(samples.find((s) => s.name === 'odd')?.labels, { msg: 'a "quoted", value\nnext' });
    assert.equal(sampleValue(samples, 'odd'), 1500);
    assert.ok(Number.isNaN(sampleValue(samples, 'up')));
    assert.equal(samples.length, 5, "the line that is not a sample is skipped");
  });
});

describe('soak criteria', () => {
  test('linear slope and units', () => {
    assert.equal(linearSlope([0, 1, 2, 3], [1, 3, 5, 7]), 2);
    assert.equal(linearSlope([0, 1, 2], [4, 4, 4]), 0);
    assert.equal(parseMemorySlope('1MB/h'), 1024 ** 2);
    assert.equal(parseMemorySlope('2 GB / h'), 2 * 1024 ** 3);
    assert.throws(() => parseMemorySlope('1MB'), /memorySlope: expected a rate like '1MB\/h'/);
    assert.equal(formatBytesPerHour(1.5 * 1024 ** 3), '1.5 GB/h');
  });

  const windows = (memory: (i: number) => number, extra: Partial<SoakWindow> = {}, n = 12): SoakWindow[] =>
    Array.from({ length: n }, (_, i) => ({ index: i, start: i * 5000, end: (i + 1) * 5000, requests: 500, errors: 0, p50: 1000 + (i % 3) * 50, p99: 5000, probeFailures: 0, memory: memory(i), ...extra }));

  test('a flat memory series holds; 64 KiB x 100 req/s fails, naming the slope and its limit', () => {
    const flat = evaluateCriteria({ memorySlope: '2GB/h' }, windows((i) => 60e6 + (i % 2) * 2e6), { final: true, plannedWindows: 12, minWindows: 4 });
    assert.equal(flat[0]!.ok, true, flat[0]!.message);
    const leak = evaluateCriteria({ memorySlope: '2GB/h' }, windows((i) => 60e6 + i * 5 * 100 * 65536), { final: true, plannedWindows: 12, minWindows: 4 });
    assert.equal(leak[0]!.ok, false);
    assert.equal(leak[0]!.canStillPass, false);
    assert.match(leak[0]!.message, /^memory\.slope = 21\.97 GB\/h over 11 windows .*limit < 2GB\/h: crossed$/);
  });

  test('too few memory samples are not judged, and not judged is not a pass; the first window is warm-up', () => {
    const [result] = evaluateCriteria({ memorySlope: '1MB/h' }, windows((i) => i * 1e9, {}, 3), { final: true, plannedWindows: 3, minWindows: 3, memoryProblem: 'GET http://sut/metrics answered 404' });
    assert.equal(result!.ok, false);
    assert.equal(result!.judged, false);
    assert.match(result!.message, /^memory\.slope: not judged: only 2 memory sample.*\(GET http:\/\/sut\/metrics answered 404\)$/);
  });

  test('error rate: fails over its limit, and cannot pass once the rest of the soak cannot dilute it', () => {
    const early = windows(() => 0, { errors: 100 }, 2);
    const [mid] = evaluateCriteria({ errorRate: 0.01 }, early, { final: false, plannedWindows: 12, minWindows: 4 });
    assert.equal(mid!.ok, false);
    assert.equal(mid!.canStillPass, false, '200 errors of at most 6000 requests is above 1%');
    const [fine] = evaluateCriteria({ errorRate: 0.01 }, windows(() => 0, { errors: 1 }), { final: true, plannedWindows: 12, minWindows: 4 });
    assert.equal(fine!.ok, true, fine!.message);
  });

  test('latency creep: late windows far slower than early ones fail; noise does not', () => {
    const creeping = windows(() => 0).map((w) => ({ ...w, p50: w.index < 6 ? 1000 + w.index : 5000 + w.index }));
    const [crept] = evaluateCriteria({ latencyCreep: { maxIncrease: '100%' } }, creeping, { final: true, plannedWindows: 12, minWindows: 4 });
    assert.equal(crept!.ok, false, crept!.message);
    assert.match(crept!.message, /latency\.creep: late windows' p50 50\d\d µs against early 100\d µs/);
    const [steady] = evaluateCriteria({ latencyCreep: { maxIncrease: '100%' } }, windows(() => 0), { final: true, plannedWindows: 12, minWindows: 4 });
    assert.equal(steady!.ok, true, steady!.message);
  });
});

describe('the gate\'s soak rule', () => {
  const result = (criteria: object[]): TestResult =>
    ({ test: { id: 'suites/soak/x.spec.ts > soak' }, attempts: [{ annotations: criteria.map((c) => ({ type: 'soak-criterion', description: JSON.stringify(c) })) }] }) as unknown as TestResult;

  test('absent without soaks; names the failed criterion with its value and limit', () => {
    assert.equal(soakRule([result([])]), null);
    const rule = soakRule([result([
      { soak: 'pod', criterion: 'error.rate', ok: true, measured: '0', limit: '< 0.01', message: 'fine' },
      { soak: 'pod', criterion: 'memory.slope', ok: false, measured: '21.97 GB/h', limit: '< 2GB/h', message: 'memory.slope = 21.97 GB/h ..., limit < 2GB/h: crossed' },
    ])])!;
    assert.equal(rule.outcome, 'fail');
    assert.equal(rule.measured, 'memory.slope = 21.97 GB/h');
    assert.equal(rule.limit, 'memory.slope < 2GB/h');
    assert.deepEqual(rule.tests, ['suites/soak/x.spec.ts > soak']);
    assert.equal(soakRule([result([{ soak: 'pod', criterion: 'error.rate', ok: true, measured: '0', limit: '< 0.01', message: 'fine' }])])!.outcome, 'pass');
  });

  test('a criterion that measured nothing is not judged: it fails, or warns under notJudged: warn; never a pass (issue 13, item 7)', () => {
    const unjudged = { soak: 'pod', criterion: 'memory.slope', ok: false, judged: false, measured: 'not judged (0 memory sample(s))', limit: '< 2GB/h', message: 'memory.slope: not judged: only 0 memory sample(s) after the first window; 3 are needed for a slope (GET http://sut/metrics answered 404)' };
    const rule = soakRule([result([unjudged])])!;
    assert.equal(rule.outcome, 'fail');
    assert.match(rule.message, /^1 of 1 soak criteria not judged \(policy notJudged: fail\): memory\.slope: not judged: .*answered 404/);
    assert.equal(soakRule([result([unjudged])], 'warn')!.outcome, 'warn');
  });
});
