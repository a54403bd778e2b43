import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestResult } from '../model/run-state.ts';
import { formatGap, gapRule, SOAK_GAP_ANNOTATION } from './gap-rule.ts';

function soakResult(id: string, gaps: { afterWindow: number; ms: number }[]): TestResult {
  const totalMs = gaps.reduce((a, g) => a + g.ms, 0);
  return {
    test: { id } as TestResult['test'],
    outcome: 'passed',
    attempts: [{ attempt: 0, workerIndex: 0, startTime: '', status: 'passed', duration: 1, errors: [], steps: [], attachments: [], stdout: [], stderr: [], annotations: [{ type: SOAK_GAP_ANNOTATION, description: JSON.stringify({ soak: 'pod-reads', gaps, totalMs }) }] }],
  };
}

const runGap = (ms: number) => ({ since: '2026-11-27T10:00:00.000Z', resumedAt: '2026-11-27T10:05:00.000Z', ms });

test('the gap rule: total gap against policy.soak.maxGap', () => {
  const cases: { name: string; results: TestResult[]; runGaps: ReturnType<typeof runGap>[]; maxGap?: string; outcome: string | null; measured?: string; limit?: string }[] = [
    { name: 'never resumed, no limit: no rule', results: [], runGaps: [], outcome: null },
    { name: 'never resumed, a limit: pass', results: [], runGaps: [], maxGap: '5m', outcome: 'pass', measured: 'total gap 0 ms', limit: '<= 5m' },
    { name: 'the soak gap within the limit', results: [soakResult('s', [{ afterWindow: 3, ms: 90_000 }])], runGaps: [runGap(80_000)], maxGap: '5m', outcome: 'pass', measured: 'total gap 1m 30s' },
    { name: 'the soak gap over the limit', results: [soakResult('s', [{ afterWindow: 3, ms: 200_000 }, { afterWindow: 9, ms: 200_000 }])], runGaps: [runGap(150_000), runGap(150_000)], maxGap: '5m', outcome: 'fail', measured: 'total gap 6m 40s', limit: '<= 5m' },
    { name: 'a run without soaks: its own gaps count', results: [], runGaps: [runGap(400_000)], maxGap: '5m', outcome: 'fail', measured: 'total gap 6m 40s' },
    { name: 'a gap and no limit: warn', results: [soakResult('s', [{ afterWindow: 1, ms: 2000 }])], runGaps: [runGap(1500)], outcome: 'warn', limit: 'any (policy soak.maxGap unset)' },
  ];
  for (const c of cases) {
    const rule = gapRule(c.results, c.runGaps, c.maxGap);
    if (c.outcome === null) {
      assert.equal(rule, null, c.name);
      continue;
    }
    assert.equal(rule?.rule, 'gap', c.name);
    assert.equal(rule!.outcome, c.outcome, `${c.name}: ${rule!.message}`);
    if (c.measured) assert.equal(rule!.measured, c.measured, c.name);
    if (c.limit) assert.equal(rule!.limit, c.limit, c.name);
  }
  const failed = gapRule([soakResult('soak › a', [{ afterWindow: 3, ms: 400_000 }])], [runGap(390_000)], '5m')!;
  assert.deepEqual(failed.tests, ['soak › a']);
  assert.match(failed.message, /^total gap 6m 40s, limit <= 5m: the run was resumed 1 time\(s\) after 6m 30s without events; soak "pod-reads" stood still 6m 40s \(6m 40s after window 3\): crossed$/);
});

test('formatGap', () => {
  assert.deepEqual([250, 1500, 61_500, 3_600_000, 3_723_000].map(formatGap), ['250 ms', '1.5s', '1m 1.5s', '1h', '1h 2m 3s']);
});
