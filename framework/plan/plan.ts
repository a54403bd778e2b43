import type { ResolvedSuite } from '../model/config.ts';
import type { TestError } from '../model/results.ts';
import type { OnlyMark, TestCase } from '../model/test-case.ts';

/** The tests of one native file, run by one worker in declaration order. */
export interface PlannedFile {
  /** Absolute path. */
  file: string;
  suite: ResolvedSuite;
  tests: TestCase[];
  /** False when no test of the file reaches a run-scoped fixture, so the tollgate process need not load it. */
  usesRunFixtures?: boolean;
}

/** A suite another runner runs as a whole, or (runners that list their tests: robot) the tests kept of it. */
export interface PlannedSuite {
  suite: ResolvedSuite;
  files: string[];
  /** The tests it will run, when its runner lists them before running; absent: known when it runs. */
  tests?: TestCase[];
  /** Set when test filters kept only some listed tests: their ids, which the runner runs. */
  only?: string[];
}

export interface ExcludedTest {
  test: TestCase;
  reason: string;
}

/** What a run will do, and why everything else will not happen. `tollgate run --list` prints it. */
export interface Plan {
  files: PlannedFile[];
  /** Suites of other runners (tap, command, playwright, robot). */
  foreignSuites: PlannedSuite[];
  excluded: ExcludedTest[];
  /** Suites left out as a whole, with the reason. */
  excludedSuites: { suite: ResolvedSuite; reason: string }[];
  /** Files that could not be loaded: their tests are unknown, so the run cannot pass. */
  loadErrors: { file: string; suite: string; error: TestError }[];
  /** Every .only of the native files (forbidOnly refuses them); a plan they narrowed keeps them for run.begin. */
  onlyMarks?: OnlyMark[];
}

export function plannedTests(plan: Plan): TestCase[] {
  return plan.files.flatMap((f) => f.tests);
}
