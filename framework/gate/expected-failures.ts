import type { TestResult } from '../model/run-state.ts';

/**
 * The results that the rules judging a test by its annotations (thresholds,
 * baselines, soak criteria) should see. A test marked `test.fail()` that
 * failed as expected is left out, whatever failed in it: in Playwright's
 * terms an expected failure is OK, so a crossed threshold on it must not
 * fail the verdict. A test expected to fail that passed stays a failed
 * outcome, and the no-failures rule judges it (issue 14.6).
 */
export function judgedResults(results: readonly TestResult[]): TestResult[] {
  return results.filter((r) => !(expectedToFail(r) && (r.outcome === 'passed' || r.outcome === 'flaky')));
}

/** Declared with test.fail(), or marked by test.fail() while it ran (the annotation of its last attempt). */
function expectedToFail(result: TestResult): boolean {
  if (result.test.expectedStatus === 'failed') return true;
  return Boolean(result.attempts.at(-1)?.annotations.some((a) => a.type === 'fail'));
}
