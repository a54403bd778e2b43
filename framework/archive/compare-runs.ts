import type { TestOutcome } from '../model/results.ts';
import type { Archive, ArchivedRun, ArchivedTest } from './archive.ts';

export interface TestChange {
  testId: string;
  before: TestOutcome | null;
  after: TestOutcome | null;
  message?: string | null;
}

export interface RunComparison {
  a: ArchivedRun;
  b: ArchivedRun;
  /** Not failed in A, failed in B. */
  newlyFailing: TestChange[];
  /** Failed in A, passed (or flaky) in B. */
  fixed: TestChange[];
  stillFailing: TestChange[];
  /** Any other change of outcome (passed → flaky, passed → skipped, ...). */
  changed: TestChange[];
  added: string[];
  removed: string[];
  /** Tests at least twice as slow and 100 ms slower in B, the biggest slowdown first. */
  slower: { testId: string; before: number; after: number }[];
}

/** What changed from run A to run B, test by test. */
export async function compareRuns(archive: Archive, a: ArchivedRun, b: ArchivedRun): Promise<RunComparison> {
  const before = new Map((await archive.tests(a.id)).map((t) => [t.testId, t]));
  const after = new Map((await archive.tests(b.id)).map((t) => [t.testId, t]));
  const result: RunComparison = { a, b, newlyFailing: [], fixed: [], stillFailing: [], changed: [], added: [], removed: [], slower: [] };
  for (const [testId, test] of after) {
    const old = before.get(testId);
    if (!old) {
      result.added.push(testId);
      continue;
    }
    const change = { testId, before: old.outcome, after: test.outcome };
    if (test.outcome === 'failed' && old.outcome === 'failed') result.stillFailing.push({ ...change, message: test.errorMessage });
    else if (test.outcome === 'failed') result.newlyFailing.push({ ...change, message: test.errorMessage });
    else if (old.outcome === 'failed' && (test.outcome === 'passed' || test.outcome === 'flaky')) result.fixed.push(change);
    else if (old.outcome !== test.outcome) result.changed.push(change);
    if (isSlower(old, test)) result.slower.push({ testId, before: old.duration!, after: test.duration! });
  }
  for (const testId of before.keys()) if (!after.has(testId)) result.removed.push(testId);
  result.slower.sort((x, y) => y.after - y.before - (x.after - x.before));
  return result;
}

function isSlower(a: ArchivedTest, b: ArchivedTest): boolean {
  return a.duration !== null && b.duration !== null && b.duration >= 2 * a.duration && b.duration - a.duration >= 100;
}
