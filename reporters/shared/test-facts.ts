import type { AttemptResult, StepResult, TestCase, TestError, TestResult } from 'tollgate/reporter';

/**
 * Small facts about a test result that more than one reporter prints.
 * Kept here so that the console, JUnit and TAP reports always agree.
 */

/** `suite › file › describe › title`: how every reporter names a test to a person. */
export function fullTitle(test: TestCase): string {
  return [test.suite, test.location.file, ...test.titlePath].join(' › ');
}

/** The file and describe titles around a test (its JUnit classname). */
export function testContainer(test: TestCase): string {
  return [test.location.file, ...test.titlePath.slice(0, -1)].join(' › ');
}

export interface FailingStep {
  /** Titles from the outermost step down to the failing one. */
  path: string[];
  step: StepResult;
}

/**
 * The innermost step that carries an error: when `test.step('login')`
 * fails because the `expect` inside it did, the person wants to see both
 * names, outermost first. The first failing branch wins (a later failing
 * afterEach hook is usually a consequence).
 */
export function failingStep(steps: readonly StepResult[]): FailingStep | undefined {
  for (const step of steps) {
    if (!step.error) continue;
    const inner = failingStep(step.steps);
    return inner ? { path: [step.title, ...inner.path], step: inner.step } : { path: [step.title], step };
  }
  // A step may have no error itself while one of its children has one
  // (the error was caught by the step's body but still recorded).
  for (const step of steps) {
    const inner = failingStep(step.steps);
    if (inner) return { path: [step.title, ...inner.path], step: inner.step };
  }
  return undefined;
}

/** The attempts that did not end as the test expected, except the last one. */
export function earlierFailedAttempts(result: TestResult): AttemptResult[] {
  const expected = result.test.expectedStatus;
  return result.attempts.slice(0, -1).filter((a) => a.status !== expected && a.status !== 'skipped');
}

/**
 * The errors of an attempt, never empty for an attempt that failed: a
 * runner that reports `timedOut` without an error (or a crash without a
 * message) still gets a sentence that says what happened.
 */
export function attemptErrors(attempt: AttemptResult, test: TestCase): TestError[] {
  if (attempt.errors.length > 0) return attempt.errors;
  const step = failingStep(attempt.steps);
  if (step?.step.error) return [step.step.error];
  switch (attempt.status) {
    case 'timedOut':
      return [{ message: timedOutMessage(test) }];
    case 'interrupted':
      return [{ message: 'The run was interrupted while this test ran.' }];
    case 'failed':
      return [{ message: test.expectedStatus === 'failed' ? 'Expected to fail (test.fail()), but passed.' : 'Failed without an error message.' }];
    default:
      return [];
  }
}

/** Whether a message already says that something timed out ('timed out', 'timeout of 1000ms exceeded'). */
export function mentionsTimeout(message: string): boolean {
  return /\btime[d]?[ -]?out\b/i.test(message);
}

/**
 * The frames of a stack without its first lines, which repeat the message
 * (and with it a whole diff) that every report already shows.
 */
export function stackFrames(error: TestError): string | undefined {
  const frames = (error.stack ?? '').split('\n').filter((l) => /^\s*at /.test(l));
  return frames.length > 0 ? frames.map((l) => l.trim()).join('\n') : undefined;
}

export function timedOutMessage(test: TestCase): string {
  return test.timeout > 0 ? `Test timed out after ${test.timeout}ms.` : 'Test timed out.';
}

/** Why a test was skipped, from its runtime or declared annotations. */
export function skipReason(result: TestResult, attempt: AttemptResult | undefined): string | undefined {
  const all = [...(attempt?.annotations ?? []), ...result.test.annotations];
  const hit = all.find((a) => a.type === 'skip' || a.type === 'fixme');
  return hit?.description;
}

/** The error class name when the stack or message names one ('AssertionError', 'TypeError'). */
export function errorName(error: TestError): string | undefined {
  const head = (error.stack ?? error.message).match(/^([A-Z][\w$]*(?:Error|Exception))\b/);
  return head?.[1];
}

/** The last `count` lines of output chunks that may not end on line boundaries. */
export function tailLines(chunks: readonly string[], count: number): { lines: string[]; omitted: number } {
  const text = chunks.join('').replace(/\r\n/g, '\n').replace(/\n$/, '');
  if (text === '') return { lines: [], omitted: 0 };
  const lines = text.split('\n');
  return { lines: lines.slice(-count), omitted: Math.max(0, lines.length - count) };
}

/** 12ms, 1.5s, 2m 03s: durations as a person reads them. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}h ${String(minutes).padStart(2, '0')}m ${seconds}s` : `${minutes}m ${seconds}s`;
}

/** Escape sequences a test printed (colours, cursor moves): noise in a file or a CI log. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
