import type { ResolvedSuite } from '../model/config.ts';
import type { TestError } from '../model/results.ts';
import type { TestCase } from '../model/test-case.ts';

/** The tests of one native file, run by one worker in declaration order. */
export interface PlannedFile {
  /** Absolute path. */
  file: string;
  suite: ResolvedSuite;
  tests: TestCase[];
  /** False when no test of the file reaches a run-scoped fixture, so the tollgate process need not load it. */
  usesRunFixtures?: boolean;
}

export interface ExcludedTest {
  test: TestCase;
  reason: string;
}

/** What a run will do, and why everything else will not happen. `tollgate run --list` prints it. */
export interface Plan {
  files: PlannedFile[];
  /** Suites whose tests are only known when they run (tap, command, ...). */
  foreignSuites: { suite: ResolvedSuite; files: string[] }[];
  excluded: ExcludedTest[];
  /** Suites left out as a whole, with the reason. */
  excludedSuites: { suite: ResolvedSuite; reason: string }[];
  /** Files that could not be loaded: their tests are unknown, so the run cannot pass. */
  loadErrors: { file: string; suite: string; error: TestError }[];
}

export function plannedTests(plan: Plan): TestCase[] {
  return plan.files.flatMap((f) => f.tests);
}
