import type { AttemptResult, RunBeginEvent, RunState, TestCase, TestError, TestOutcome, Verdict } from 'tollgate/reporter';
import { countOutcomes } from 'tollgate/reporter';

/**
 * The whole run as one JSON document, for tools that want results without
 * reading events.ndjson. Bump `schemaVersion` on any change that is not an
 * added field.
 */
export interface JsonReport {
  schemaVersion: 1;
  /** Null when the run never began (nothing but errors to report). */
  run: JsonRunInfo | null;
  counts: Record<TestOutcome | 'missing', number>;
  /** In plan order, then discovery order. */
  tests: JsonTest[];
  /** Errors that belong to no single test. */
  errors: { source: string; error: TestError; file?: string; suite?: string }[];
  /** Suites that failed as a whole. */
  suiteErrors: { suite: string; error: TestError }[];
  verdict: Verdict | null;
}

export interface JsonRunInfo extends Omit<RunBeginEvent, 'type' | 'time' | 'tests'> {
  startTime: string;
  endTime: string | null;
  /** Milliseconds; null when run.end never came. */
  duration: number | null;
  status: 'completed' | 'interrupted' | 'unfinished';
}

export interface JsonTest extends TestCase {
  /** Null when the test never reached an outcome. */
  outcome: TestOutcome | null;
  attempts: AttemptResult[];
}

export function buildJsonReport(state: RunState): JsonReport {
  return {
    schemaVersion: 1,
    run: state.begin ? runInfo(state, state.begin) : null,
    counts: countOutcomes(state),
    tests: [...state.tests.values()].map((r) => ({ ...r.test, outcome: r.outcome ?? null, attempts: r.attempts })),
    errors: state.errors,
    suiteErrors: [...state.suiteErrors].map(([suite, error]) => ({ suite, error })),
    verdict: state.verdict ?? null,
  };
}

function runInfo(state: RunState, begin: RunBeginEvent): JsonRunInfo {
  const { type: _type, time, tests: _tests, ...rest } = begin;
  return {
    ...rest,
    startTime: time,
    endTime: state.endTime ?? null,
    duration: state.duration ?? null,
    status: state.endStatus ?? 'unfinished',
  };
}
