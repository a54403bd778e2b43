import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRunState, countOutcomes, outcomeOf } from './run-state.ts';
import type { RunEvent } from './events.ts';
import type { TestCase } from './test-case.ts';

test('outcomeOf decides flaky, failed, passed, skipped and expected failures', () => {
  const cases: [Parameters<typeof outcomeOf>[0], Parameters<typeof outcomeOf>[1], string][] = [
    [['passed'], 'passed', 'passed'],
    [['failed'], 'passed', 'failed'],
    [['failed', 'passed'], 'passed', 'flaky'],
    [['timedOut', 'failed'], 'passed', 'failed'],
    [['skipped'], 'skipped', 'skipped'],
    [['failed'], 'failed', 'passed'],
    [['passed'], 'failed', 'failed'],
    [['passed', 'interrupted'], 'passed', 'interrupted'],
    [[], 'passed', 'interrupted'],
  ];
  for (const [statuses, expected, outcome] of cases) assert.equal(outcomeOf(statuses, expected), outcome, `${statuses} expecting ${expected}`);
});

const spec = (id: string): TestCase => ({
  id, title: id, titlePath: [id], suite: 's', kind: 'unit', runner: 'native', location: { file: 'a.ts', line: 1, column: 1 },
  tags: [], timeout: 0, retries: 0, annotations: [], expectedStatus: 'passed',
});

test('the reducer folds attempts, nested steps, logs and outcomes; unfinished tests are missing', () => {
  const t = '2026-01-01T00:00:00.000Z';
  const events: RunEvent[] = [
    { type: 'run.begin', time: t, runId: 'r', gate: null, environment: 'local', subject: null, rootDir: '/', configFile: null, configHash: '', host: 'h', tollgateVersion: '0', workers: 1, tests: [spec('a'), spec('b')], suites: [], shard: null },
    { type: 'test.begin', time: t, testId: 'a', attempt: 0, workerIndex: 0 },
    { type: 'step.begin', time: t, testId: 'a', attempt: 0, stepId: '1', title: 'outer', category: 'test.step' },
    { type: 'step.begin', time: t, testId: 'a', attempt: 0, stepId: '2', parentStepId: '1', title: 'inner', category: 'test.step' },
    { type: 'step.end', time: t, testId: 'a', attempt: 0, stepId: '2', duration: 1, error: { message: 'bad' } },
    { type: 'step.end', time: t, testId: 'a', attempt: 0, stepId: '1', duration: 2 },
    { type: 'log', time: t, stream: 'stdout', text: 'hello', testId: 'a', attempt: 0 },
    { type: 'test.end', time: t, testId: 'a', attempt: 0, status: 'failed', duration: 3, errors: [{ message: 'bad' }], annotations: [] },
    { type: 'test.begin', time: t, testId: 'a', attempt: 1, workerIndex: 0 },
    { type: 'test.end', time: t, testId: 'a', attempt: 1, status: 'passed', duration: 3, errors: [], annotations: [], outcome: 'flaky' },
  ];
  const state = buildRunState(events);
  const a = state.tests.get('a')!;
  assert.equal(a.outcome, 'flaky');
  assert.equal(a.attempts.length, 2);
  assert.equal(a.attempts[0].steps[0].steps[0].error?.message, 'bad');
  assert.deepEqual(a.attempts[0].stdout, ['hello']);
  assert.deepEqual(countOutcomes(state), { passed: 0, flaky: 1, failed: 0, skipped: 0, interrupted: 0, missing: 1 });
});
