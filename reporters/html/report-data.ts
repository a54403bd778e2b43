import type { RuleResult, TestError, TestOutcome, VerdictCounts, VerdictStatus } from 'tollgate/reporter';

/**
 * The data an HTML report embeds: compact, because a run of 100,000 tests
 * must stay a few megabytes and parse in the browser in well under a
 * second. Tests are rows of arrays over interned strings; everything a
 * person only sees after clicking a test (attempts, steps, output) lives
 * in `details`, and only for tests that have more to show than a status.
 *
 * Bump `v` on any change the page script must know about.
 */
export interface HtmlReportData {
  v: 1;
  title: string;
  run: HtmlRunInfo | null;
  verdict: HtmlVerdict | null;
  counts: Record<TestOutcome | 'missing', number>;
  /** Interned strings: suites, files, describe titles, tags. */
  strings: string[];
  /** Groups of tests that share a suite, file and describe path; indexes into strings. */
  groups: HtmlGroup[];
  tests: HtmlTestRow[];
  /** Keyed by the test's index in `tests`. */
  details: Record<number, HtmlTestDetail>;
  /** Keyed by the test's index in `tests`; only present when history was given. */
  history: Record<number, HtmlTestHistory>;
  /** The run ids of history strips; most tests share one list, so each is stored once. */
  historyRuns: string[][];
  errors: { source: string; error: TestError; file?: string; suite?: string }[];
  suiteErrors: { suite: string; error: TestError }[];
  /** How many metric series the report draws (the charts themselves are SVG in the page). */
  metricSeries: number;
}

export interface HtmlRunInfo {
  runId: string;
  gate: string | null;
  environment: string;
  subject: string | null;
  host: string;
  tollgateVersion: string;
  shard: string | null;
  startTime: string;
  endTime: string | null;
  duration: number | null;
  status: 'completed' | 'interrupted' | 'unfinished';
}

export interface HtmlVerdict {
  status: VerdictStatus;
  gate: string | null;
  counts: VerdictCounts;
  rules: (Omit<RuleResult, 'tests'> & { tests?: number[]; otherTests?: string[] })[];
  exitCode: number;
}

/** suite, file and describe titles, as indexes into strings. */
export interface HtmlGroup {
  suite: number;
  file: number;
  path: number[];
  kind: string;
}

/**
 * One test: [title, group, outcome code, duration ms (all attempts), tag
 * indexes, attempts, line]. See OUTCOME_CODES for the codes.
 */
export type HtmlTestRow = [title: string, group: number, outcome: OutcomeCode, duration: number, tags: number[], attempts: number, line: number];

export type OutcomeCode = 'p' | 'f' | 'k' | 's' | 'i' | 'm';

export const OUTCOME_CODES: Record<TestOutcome | 'missing', OutcomeCode> = {
  passed: 'p',
  failed: 'f',
  flaky: 'k',
  skipped: 's',
  interrupted: 'i',
  missing: 'm',
};

export interface HtmlTestDetail {
  id: string;
  annotations?: { type: string; description?: string }[];
  attempts: HtmlAttempt[];
}

export interface HtmlAttempt {
  attempt: number;
  status: string;
  duration: number;
  startTime: string;
  workerIndex: number;
  errors: TestError[];
  steps: HtmlStep[];
  attachments: HtmlAttachment[];
  stdout?: string;
  stderr?: string;
  annotations?: { type: string; description?: string }[];
}

export interface HtmlStep {
  title: string;
  category: string;
  duration: number;
  location?: string;
  error?: TestError;
  steps?: HtmlStep[];
}

export interface HtmlAttachment {
  name: string;
  contentType: string;
  /** A data: URI for images small enough to inline (the report stays one file). */
  inline?: string;
  /** Relative to the report file, for artifacts that are linked rather than inlined. */
  href?: string;
  /** A text body, possibly cut. */
  text?: string;
  /** Set when the artifact could not be found next to the run. */
  missing?: boolean;
}

/**
 * What the archive knows about a test, when the report is given history:
 * its last outcomes (oldest first, this run last) and how its failure in
 * this run is classified.
 */
export interface TestHistory {
  outcomes: { runId: string; outcome: TestOutcome | 'missing'; time?: string }[];
  /** new: first failure on this line of versions; known: it was failing before; flaky: it flips. */
  failure?: 'new' | 'known' | 'flaky';
  flipRate?: number;
  flakyScore?: number;
}

export interface HtmlTestHistory {
  /** Outcome codes, oldest first. */
  o: string;
  /** The run ids in the same order: an index into historyRuns. */
  r: number;
  c?: 'new' | 'known' | 'flaky';
  flip?: number;
}
