import type { TestOutcome } from '../model/results.ts';
import type { TestHistoryEntry } from './archive.ts';

/**
 * How a failing test's failure reads against its history on the same line:
 * - new: it passed last time (or never ran before): something just broke it
 * - known: it failed last time too: an old failure, not this change's
 * - flaky: its history flips between pass and fail, or it needed retries
 */
export type FailureClass = 'new' | 'known' | 'flaky';

export interface TestStats {
  testId: string;
  /** Outcomes, newest first (null: the test had no outcome in that run). */
  outcomes: (TestOutcome | null)[];
  /** Runs with a pass/fail outcome (passed, flaky, failed); skips and gaps are left out. */
  runs: number;
  /** Changes between pass and fail from one counted run to the next. */
  flips: number;
  /** Pairs of consecutive counted runs: runs - 1. */
  transitions: number;
  /** flips / transitions (0 with fewer than two counted runs). */
  flipRate: number;
  /** Runs where the test failed and then passed on a retry. */
  flakyRuns: number;
  failures: number;
  /** (flips + flaky runs) / counted runs, at most 1: how unreliable the test is. */
  flakyScore: number;
  /** Two flips or more (it failed and recovered, or recovered and failed again), or any flaky run. */
  flaky: boolean;
}

const COUNTED = new Set<TestOutcome>(['passed', 'flaky', 'failed']);

/** Statistics of one test over its history, given newest first. */
export function testStats(testId: string, history: readonly Pick<TestHistoryEntry, 'outcome'>[]): TestStats {
  const outcomes = history.map((entry) => entry.outcome);
  const counted = outcomes.filter((o): o is TestOutcome => o !== null && COUNTED.has(o));
  let flips = 0;
  // A flaky run passed in the end: it counts as a pass here and as a flaky run below.
  for (let i = 1; i < counted.length; i++) if ((counted[i] === 'failed') !== (counted[i - 1] === 'failed')) flips++;
  const flakyRuns = counted.filter((o) => o === 'flaky').length;
  const transitions = Math.max(0, counted.length - 1);
  return {
    testId,
    outcomes,
    runs: counted.length,
    flips,
    transitions,
    flipRate: transitions ? flips / transitions : 0,
    flakyRuns,
    failures: counted.filter((o) => o === 'failed').length,
    flakyScore: counted.length ? Math.min(1, (flips + flakyRuns) / counted.length) : 0,
    flaky: flakyRuns > 0 || flips >= 2,
  };
}

/**
 * Classifies the failure in history[0] (the run being judged) by the runs
 * before it on the same line, newest first.
 */
export function classifyFailure(history: readonly Pick<TestHistoryEntry, 'outcome'>[]): FailureClass {
  if (testStats('', history).flaky) return 'flaky';
  const previous = history.slice(1).find((entry) => entry.outcome !== null && COUNTED.has(entry.outcome));
  return previous?.outcome === 'failed' ? 'known' : 'new';
}

const MARKS: Record<TestOutcome, string> = { passed: '✓', flaky: '~', failed: '✘', skipped: '-', interrupted: '!' };

/** A history strip for people, oldest to newest: `✓✓✘✓~✘` ('·' where the test had no outcome). */
export function outcomeStrip(outcomes: readonly (TestOutcome | null)[]): string {
  return [...outcomes].reverse().map((o) => (o ? MARKS[o] : '·')).join('');
}

export interface FailureCluster {
  signature: string;
  /** One message as it was, for people. */
  example: string;
  tests: string[];
}

/** Failures grouped by normalised error signature, the biggest cluster first. */
export function clusterFailures(failures: readonly { testId: string; signature: string | null; message: string | null }[]): FailureCluster[] {
  const clusters = new Map<string, FailureCluster>();
  for (const failure of failures) {
    const signature = failure.signature ?? '(no error message)';
    const cluster = clusters.get(signature) ?? { signature, example: failure.message ?? '', tests: [] };
    cluster.tests.push(failure.testId);
    clusters.set(signature, cluster);
  }
  return [...clusters.values()].sort((a, b) => b.tests.length - a.tests.length || a.signature.localeCompare(b.signature));
}
