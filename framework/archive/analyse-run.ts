import type { Archive, ArchivedRun, Line } from './archive.ts';
import { classifyFailure, clusterFailures, testStats, type FailureClass, type FailureCluster, type TestStats } from './history.ts';

export interface FailureAnalysis {
  testId: string;
  title: string;
  classification: FailureClass;
  message: string | null;
  signature: string | null;
  stats: TestStats;
}

export interface RunAnalysis {
  run: ArchivedRun;
  line: Line;
  failures: FailureAnalysis[];
  clusters: FailureCluster[];
}

/** How many runs of a line history looks back over, by default. */
export const HISTORY_WINDOW = 20;

/**
 * A run's failures against the history of its line (same gate and
 * environment, the runs up to this one): new, known or flaky, and
 * clustered by error signature.
 */
export async function analyseRun(archive: Archive, run: ArchivedRun, window = HISTORY_WINDOW): Promise<RunAnalysis> {
  const line = { gate: run.gate, environment: run.environment };
  const history = await archive.lineHistory(line, window, { until: run.startTime });
  const failures: FailureAnalysis[] = [];
  for (const test of await archive.tests(run.id)) {
    if (test.outcome !== 'failed') continue;
    // Runs that started at the same moment are possible: keep this run first.
    const entries = (history.get(test.testId) ?? []).filter((e) => e.runId !== run.id);
    const own = [{ outcome: test.outcome }, ...entries];
    failures.push({
      testId: test.testId,
      title: test.title,
      classification: classifyFailure(own),
      message: test.errorMessage,
      signature: test.errorSignature,
      stats: testStats(test.testId, own),
    });
  }
  return { run, line, failures, clusters: clusterFailures(failures.map((f) => ({ testId: f.testId, signature: f.signature, message: f.message }))) };
}

/** The flaky tests of a line over its last `window` runs, the flakiest first. */
export async function flakyTests(archive: Archive, line: Line, window = HISTORY_WINDOW): Promise<TestStats[]> {
  const history = await archive.lineHistory(line, window);
  return [...history.entries()]
    .map(([testId, entries]) => testStats(testId, entries))
    .filter((stats) => stats.flaky)
    .sort((a, b) => b.flakyScore - a.flakyScore || b.flipRate - a.flipRate || a.testId.localeCompare(b.testId));
}

/**
 * Classifies the failures of the tests named, for a reporter that knows
 * a run's line and start time (the HTML report's badges).
 */
export async function classifyTests(archive: Archive, line: Line, until: string, testIds: string[], window = HISTORY_WINDOW): Promise<Map<string, { classification: FailureClass | null; stats: TestStats }>> {
  const history = await archive.lineHistory(line, window, { until });
  const out = new Map<string, { classification: FailureClass | null; stats: TestStats }>();
  for (const testId of testIds) {
    const entries = history.get(testId) ?? [];
    out.set(testId, { classification: entries[0]?.outcome === 'failed' ? classifyFailure(entries) : null, stats: testStats(testId, entries) });
  }
  return out;
}
