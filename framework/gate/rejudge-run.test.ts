import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../model/events.ts';
import type { Verdict } from '../model/verdict.ts';
import { rejudgeRun } from './rejudge-run.ts';

const T = '2026-12-06T10:00:00.000Z';
const test1 = { id: 'a.spec.ts › ok', title: 'ok', suite: 'unit', kind: 'unit', file: 'a.spec.ts', tags: [] };
const test2 = { ...test1, id: 'a.spec.ts › broken', title: 'broken' };

function verdictOf(status: Verdict['status'], rules: Verdict['rules'] = []): Verdict {
  return { status, gate: 'merge', runId: 'r1', subject: 's', environment: 'local', counts: { planned: 2, passed: 2, failed: 0, flaky: 0, skipped: 0, interrupted: 0, missing: 0 }, rules, exitCode: status === 'PASS' ? 0 : 1, startTime: T, endTime: T };
}

function run(outcome2: 'passed' | 'failed', verdict: Verdict): RunEvent[] {
  const end = (id: string, outcome: 'passed' | 'failed') => [
    { type: 'test.begin', time: T, testId: id, attempt: 0, workerIndex: 0 } as unknown as RunEvent,
    { type: 'test.end', time: T, testId: id, attempt: 0, status: outcome, outcome, duration: 1, errors: outcome === 'failed' ? [{ message: 'boom' }] : [], annotations: [] } as unknown as RunEvent,
  ];
  return [
    { type: 'run.begin', time: T, runId: 'r1', gate: 'merge', environment: 'local', subject: 's', rootDir: '/p', configFile: null, configHash: '', host: 'h', tollgateVersion: '0', workers: 1, tests: [test1, test2], suites: [], shard: null } as unknown as RunEvent,
    ...end(test1.id, 'passed'),
    ...end(test2.id, outcome2),
    { type: 'verdict', time: T, verdict },
    { type: 'run.end', time: T, status: 'completed', duration: 5 },
  ];
}

test('a verdict edited to PASS over a failed test is judged FAIL, with the mismatch as a failing rule', () => {
  const judged = rejudgeRun(run('failed', verdictOf('PASS')));
  assert.equal(judged.verdict!.status, 'FAIL');
  assert.equal(judged.verdict!.exitCode, 1);
  assert.deepEqual(judged.mismatch, { recorded: 'PASS', judged: 'FAIL' });
  assert.equal(judged.verdict!.rules.find((r) => r.rule === 'recorded-verdict')!.outcome, 'fail');
  assert.equal(judged.events.filter((e) => e.type === 'verdict').length, 1);
  assert.equal((judged.events.find((e) => e.type === 'verdict') as { verdict: Verdict }).verdict, judged.verdict);
});

test('an honest PASS stays PASS with no mismatch', () => {
  const judged = rejudgeRun(run('passed', verdictOf('PASS')));
  assert.equal(judged.verdict!.status, 'PASS');
  assert.equal(judged.mismatch, null);
});

test('the recorded verdict can only make it worse: an environment error the events do not show is kept (exit 3)', () => {
  const recorded = verdictOf('ERROR', [{ rule: 'environment', outcome: 'error', measured: 'broke', limit: 'set up, and working until torn down', message: 'pod did not start' }]);
  const judged = rejudgeRun(run('passed', recorded));
  assert.equal(judged.verdict!.status, 'ERROR');
  assert.equal(judged.verdict!.exitCode, 3);
  assert.equal(judged.mismatch, null);
});

test('a run without a verdict (killed) is left without one', () => {
  const events = run('passed', verdictOf('PASS')).filter((e) => e.type !== 'verdict' && e.type !== 'run.end');
  assert.equal(rejudgeRun(events).verdict, null);
});
