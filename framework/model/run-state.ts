import type { RunBeginEvent, RunEvent, StepBeginEvent } from './events.ts';
import type { Attachment, AttemptStatus, TestError, TestOutcome } from './results.ts';
import type { TestCase } from './test-case.ts';
import type { Verdict } from './verdict.ts';

/**
 * The results of a run, rebuilt from its events. Pure: no I/O. The gate,
 * the reporters and `tollgate report` all read a run through this one
 * reducer, so they can never disagree about what happened.
 */
export interface StepResult {
  stepId: string;
  title: string;
  category: string;
  location?: StepBeginEvent['location'];
  startTime: string;
  duration: number;
  error?: TestError;
  steps: StepResult[];
}

export interface AttemptResult {
  attempt: number;
  workerIndex: number;
  startTime: string;
  status: AttemptStatus | 'running';
  duration: number;
  errors: TestError[];
  steps: StepResult[];
  attachments: Attachment[];
  stdout: string[];
  stderr: string[];
  annotations: { type: string; description?: string }[];
}

export interface TestResult {
  test: TestCase;
  attempts: AttemptResult[];
  /** Set once the test's last attempt ended. */
  outcome?: TestOutcome;
}

export interface RunState {
  begin?: RunBeginEvent;
  /** Insertion order is plan order, then discovery order. */
  tests: Map<string, TestResult>;
  /** Errors that belong to no single test. */
  errors: { source: string; error: TestError; file?: string; suite?: string }[];
  suiteErrors: Map<string, TestError>;
  endStatus?: 'completed' | 'interrupted';
  endTime?: string;
  duration?: number;
  verdict?: Verdict;
}

export function createRunState(): RunState {
  return { tests: new Map(), errors: [], suiteErrors: new Map() };
}

/** Folds one event into the state. Returns the state for chaining. */
export function applyEvent(state: RunState, event: RunEvent): RunState {
  switch (event.type) {
    case 'run.begin':
      state.begin = event;
      for (const test of event.tests) state.tests.set(test.id, { test, attempts: [] });
      break;
    case 'test.add':
      if (!state.tests.has(event.test.id)) state.tests.set(event.test.id, { test: event.test, attempts: [] });
      break;
    case 'test.begin': {
      const result = state.tests.get(event.testId);
      if (!result) break;
      result.attempts.push({
        attempt: event.attempt,
        workerIndex: event.workerIndex,
        startTime: event.time,
        status: 'running',
        duration: 0,
        errors: [],
        steps: [],
        attachments: [],
        stdout: [],
        stderr: [],
        annotations: [],
      });
      break;
    }
    case 'test.end': {
      const result = state.tests.get(event.testId);
      const attempt = result && findAttempt(result, event.attempt);
      if (!result || !attempt) break;
      attempt.status = event.status;
      attempt.duration = event.duration;
      attempt.errors = event.errors;
      attempt.annotations = event.annotations;
      if (event.outcome) result.outcome = event.outcome;
      break;
    }
    case 'step.begin': {
      const attempt = attemptOf(state, event.testId, event.attempt);
      if (!attempt) break;
      const step: StepResult = {
        stepId: event.stepId,
        title: event.title,
        category: event.category,
        location: event.location,
        startTime: event.time,
        duration: 0,
        steps: [],
      };
      const parent = event.parentStepId ? findStep(attempt, event.parentStepId) : undefined;
      (parent ? parent.steps : attempt.steps).push(step);
      const index = stepIndex(attempt);
      if (!index.has(step.stepId)) index.set(step.stepId, step);
      break;
    }
    case 'step.end': {
      const attempt = attemptOf(state, event.testId, event.attempt);
      const step = attempt && findStep(attempt, event.stepId);
      if (!step) break;
      step.duration = event.duration;
      if (event.error) step.error = event.error;
      break;
    }
    case 'log': {
      const attempt = event.testId !== undefined ? attemptOf(state, event.testId, event.attempt ?? 0) : undefined;
      if (attempt) (event.stream === 'stdout' ? attempt.stdout : attempt.stderr).push(event.text);
      break;
    }
    case 'attachment': {
      attemptOf(state, event.testId, event.attempt)?.attachments.push(event.attachment);
      break;
    }
    case 'error':
      state.errors.push({ source: event.source, error: event.error, file: event.file, suite: event.suite });
      break;
    case 'suite.end':
      if (event.error) state.suiteErrors.set(event.suite, event.error);
      break;
    case 'verdict':
      state.verdict = event.verdict;
      break;
    case 'run.end':
      state.endStatus = event.status;
      state.endTime = event.time;
      state.duration = event.duration;
      break;
    case 'suite.begin':
    case 'metric':
      break;
  }
  return state;
}

export function buildRunState(events: Iterable<RunEvent>): RunState {
  const state = createRunState();
  for (const event of events) applyEvent(state, event);
  return state;
}

/** The last attempt of a test, or undefined when it never started. */
export function lastAttempt(result: TestResult): AttemptResult | undefined {
  return result.attempts[result.attempts.length - 1];
}

/** Tests grouped by their final outcome; tests without an outcome are 'missing'. */
export function countOutcomes(state: RunState): Record<TestOutcome | 'missing', number> {
  const counts = { passed: 0, flaky: 0, failed: 0, skipped: 0, interrupted: 0, missing: 0 };
  for (const result of state.tests.values()) counts[result.outcome ?? 'missing']++;
  return counts;
}

/**
 * The outcome of a test over its attempts: decided in one place for every
 * runner. `expected` is the test's expected status ('failed' for test.fail()).
 */
export function outcomeOf(statuses: readonly AttemptStatus[], expected: TestCase['expectedStatus']): TestOutcome {
  const last = statuses[statuses.length - 1];
  if (last === undefined || last === 'interrupted') return 'interrupted';
  if (last === 'skipped') return 'skipped';
  const asExpected = (s: AttemptStatus) => s === expected || (expected === 'skipped' && s === 'skipped');
  if (!asExpected(last)) return 'failed';
  return statuses.slice(0, -1).some((s) => !asExpected(s)) ? 'flaky' : 'passed';
}

function findAttempt(result: TestResult, attempt: number): AttemptResult | undefined {
  for (let i = result.attempts.length - 1; i >= 0; i--) if (result.attempts[i].attempt === attempt) return result.attempts[i];
  return undefined;
}

function attemptOf(state: RunState, testId: string, attempt: number): AttemptResult | undefined {
  const result = state.tests.get(testId);
  return result && findAttempt(result, attempt);
}

/**
 * Each attempt's steps by id. A search of the tree per step event made a
 * run quadratic in its steps (a 10,000-iteration Robot loop sends 40,000
 * events, issue 15); kept beside the state, not in it, so results stay
 * plain JSON.
 */
const stepIndexes = new WeakMap<AttemptResult, Map<string, StepResult>>();

function stepIndex(attempt: AttemptResult): Map<string, StepResult> {
  let index = stepIndexes.get(attempt);
  if (!index) {
    index = new Map();
    const add = (steps: StepResult[]) => {
      for (const step of steps) {
        if (!index!.has(step.stepId)) index!.set(step.stepId, step);
        add(step.steps);
      }
    };
    add(attempt.steps);
    stepIndexes.set(attempt, index);
  }
  return index;
}

function findStep(attempt: AttemptResult, stepId: string): StepResult | undefined {
  return stepIndex(attempt).get(stepId);
}
