import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StepResult } from 'tollgate/reporter';
import { failingStep, mentionsTimeout, stackFrames, tailLines, testContainer, fullTitle } from './test-facts.ts';
import { TESTS } from '../testing/sample-run.ts';

const step = (title: string, error: boolean, steps: StepResult[] = []): StepResult => ({
  stepId: title, title, category: 'test.step', startTime: '', duration: 0, steps, ...(error ? { error: { message: title } } : {}),
});

describe('failingStep', () => {
  test('the innermost failing step, with the path to it', () => {
    const steps = [step('setup', false), step('login', true, [step('fill', false), step('expect', true)]), step('afterEach', true)];
    const found = failingStep(steps);
    assert.deepEqual(found?.path, ['login', 'expect']);
    assert.equal(found?.step.title, 'expect');
  });
  test('a failing child under a step that recorded no error', () => {
    assert.deepEqual(failingStep([step('outer', false, [step('inner', true)])])?.path, ['outer', 'inner']);
  });
  test('none', () => assert.equal(failingStep([step('a', false)]), undefined));
});

test('stackFrames drops the message lines a stack starts with', () => {
  const stack = 'Error: expected 1\n\n- Expected\n+ Received\n    at f (a.ts:1:2)\n    at g (b.ts:3:4)';
  assert.equal(stackFrames({ message: 'x', stack }), 'at f (a.ts:1:2)\nat g (b.ts:3:4)');
  assert.equal(stackFrames({ message: 'x' }), undefined);
});

test('mentionsTimeout', () => {
  assert.deepEqual(
    ['Test timed out after 2s', 'Test timeout of 1000ms exceeded', 'time-out', 'timestamp mismatch', 'outline'].map(mentionsTimeout),
    [true, true, true, false, false],
  );
});

test('tailLines joins chunks that split lines', () => {
  assert.deepEqual(tailLines(['a\nb', 'c\nd\n'], 2), { lines: ['bc', 'd'], omitted: 1 });
  assert.deepEqual(tailLines([], 2), { lines: [], omitted: 0 });
});

test('titles', () => {
  assert.equal(fullTitle(TESTS.failed), 'smoke › suites/smoke/sites.spec.ts › sites › creates a site <&> "quoted"');
  assert.equal(testContainer(TESTS.failed), 'suites/smoke/sites.spec.ts › sites');
});
