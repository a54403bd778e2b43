import fs from 'node:fs';
import type { TestCase, TestOutcome } from 'tollgate/reporter';
import * as archiveApi from 'tollgate/archive';
import type { TestHistoryEntry } from 'tollgate/archive';
import type { HistoryLookup } from './index.ts';
import type { TestHistory } from './report-data.ts';

/**
 * The archive's analysis, where 'tollgate/archive' exports it. Read through
 * the namespace so that the report still builds (strips without badges)
 * against an archive module that does not export them.
 */
export interface Analysis {
  classifyFailure?: (history: readonly { outcome: TestOutcome | null }[]) => 'new' | 'known' | 'flaky';
  testStats?: (testId: string, history: readonly { outcome: TestOutcome | null }[]) => { flipRate: number; flakyScore: number };
}
const analysis = archiveApi as typeof archiveApi & Analysis;

/** How many runs a strip shows. */
export const HISTORY_RUNS = 20;

/**
 * History from the project's archive: the last runs of the same line (gate
 * and environment) up to this run, oldest first, and, for a failure,
 * whether it is new, known or flaky. No archive, no history: a report is
 * never held up by a missing one, and opening one must not create it.
 */
export function archiveHistory(options: { rootDir?: string; url?: string } = {}): HistoryLookup {
  return async (tests, run) => {
    const root = options.rootDir ?? run.rootDir;
    const url = archiveApi.archiveUrl({ rootDir: root, url: options.url });
    if (!/^postgres(ql)?:\/\//.test(url) && !fs.existsSync(url)) return new Map();
    const archive = await archiveApi.openArchive({ rootDir: root, url: options.url });
    try {
      // Up to this run's start: a report rebuilt later shows the history as it was.
      const byTest = await archive.lineHistory({ gate: run.gate, environment: run.environment }, HISTORY_RUNS, { until: run.startTime });
      return historyOf(tests, byTest, run.runId, run.outcomes, analysis);
    } finally {
      await archive.close();
    }
  };
}

/** Turns the archive's entries (newest first) into strips (oldest first) with this run's outcome last. */
export function historyOf(
  tests: readonly TestCase[],
  byTest: ReadonlyMap<string, readonly Pick<TestHistoryEntry, 'runId' | 'outcome' | 'startTime'>[]>,
  runId: string,
  outcomes?: ReadonlyMap<string, TestOutcome | undefined>,
  classify: Analysis = analysis,
): Map<string, TestHistory> {
  const out = new Map<string, TestHistory>();
  for (const test of tests) {
    const past = (byTest.get(test.id) ?? []).filter((e) => e.runId !== runId);
    const current = outcomes?.get(test.id) ?? byTest.get(test.id)?.find((e) => e.runId === runId)?.outcome ?? null;
    const newestFirst = [{ runId, outcome: current, startTime: undefined as string | undefined }, ...past].slice(0, HISTORY_RUNS);
    if (past.length === 0 && current === null) continue;
    const history: TestHistory = {
      outcomes: [...newestFirst].reverse().map((e) => ({ runId: e.runId, outcome: e.outcome ?? 'missing', ...(e.startTime ? { time: e.startTime } : {}) })),
    };
    if (current === 'failed' && classify.classifyFailure) history.failure = classify.classifyFailure(newestFirst);
    else if (current === 'flaky') history.failure = 'flaky';
    if (classify.testStats) {
      const stats = classify.testStats(test.id, newestFirst);
      history.flipRate = stats.flipRate;
      history.flakyScore = stats.flakyScore;
    }
    out.set(test.id, history);
  }
  return out;
}
