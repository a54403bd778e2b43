import type { TestResult } from 'tollgate/reporter';
import { attemptErrors, stripAnsi } from '../shared/test-facts.ts';

/** Failed tests that share one cause, and the cause. */
export interface FailureGroup {
  /** The first error's message (without colour), the same for every test of the group; '' for a lone failure. */
  cause: string;
  results: TestResult[];
}

/** How many tests must share a cause before they are printed as one block. */
export const GROUP_AT_LEAST = 3;

/**
 * Failed tests grouped by the first error of their last attempt (issue 16):
 * when 24 tests fail because the packet driver needs root, the cause is
 * printed once with the 24 names, not 24 times. Groups keep the order of
 * their first test; a cause shared by fewer than GROUP_AT_LEAST tests stays
 * one block per test, since its full failure (step, diff, output) is what
 * the reader needs then.
 */
export function groupFailures(failed: readonly TestResult[]): FailureGroup[] {
  const byCause = new Map<string, TestResult[]>();
  const order: (TestResult | string)[] = [];
  for (const result of failed) {
    const cause = causeOf(result);
    if (cause === undefined) {
      order.push(result);
      continue;
    }
    const list = byCause.get(cause);
    if (list) list.push(result);
    else byCause.set(cause, [result]), order.push(cause);
  }
  const groups: FailureGroup[] = [];
  for (const item of order) {
    if (typeof item !== 'string') groups.push({ cause: '', results: [item] });
    else if (byCause.get(item)!.length >= GROUP_AT_LEAST) groups.push({ cause: item, results: byCause.get(item)! });
    else for (const result of byCause.get(item)!) groups.push({ cause: '', results: [result] });
  }
  return groups;
}

/** The message of the last attempt's first error; undefined when it has none (never started, a bare timeout). */
function causeOf(result: TestResult): string | undefined {
  const attempt = result.attempts[result.attempts.length - 1];
  const error = attempt ? attemptErrors(attempt, result.test)[0] : undefined;
  return error ? stripAnsi(error.message).trim() : undefined;
}
