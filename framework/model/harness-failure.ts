import type { TestError } from './results.ts';
import type { AttemptResult, TestResult } from './run-state.ts';

/**
 * When the harness, not the system under test, kept a test from being
 * judged (issue 13.8-9). Pure functions over results, shared by the gate
 * and the reporters so that they agree on what is broken and what is a
 * missing capability.
 */

/** The annotation a test skipped for a capability this machine lacks carries (no root, no NET_ADMIN, ...). */
export const CAPABILITY_MISSING = 'capability-missing';

/** An error that says a driver could not start or could not measure (TestError.harness), not that the test failed. */
export function isHarnessError(error: TestError): boolean {
  return error.harness === true;
}

/** An attempt that failed because the harness could not start a driver or could not measure: Allure's "broken". */
export function attemptBroken(attempt: Pick<AttemptResult, 'status' | 'errors'>): boolean {
  return attempt.status === 'failed' && attempt.errors.some(isHarnessError);
}

/** A test whose last attempt failed because the harness could not start a driver or could not measure: judged as the run's ERROR, not as the test's FAIL. */
export function testBroken(result: TestResult): boolean {
  const last = result.attempts[result.attempts.length - 1];
  return result.outcome === 'failed' && last !== undefined && attemptBroken(last);
}

/** The reason a skipped test gave for a missing capability, or undefined when it was skipped for another reason. */
export function missingCapability(result: TestResult): string | undefined {
  if (result.outcome !== 'skipped') return undefined;
  const last = result.attempts[result.attempts.length - 1];
  const annotation = [...(last?.annotations ?? []), ...result.test.annotations].find((a) => a.type === CAPABILITY_MISSING);
  return annotation ? annotation.description ?? 'a capability this machine lacks' : undefined;
}
