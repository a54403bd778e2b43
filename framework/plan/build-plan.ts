import type { ResolvedConfig } from '../model/config.ts';
import { relativeFile } from '../runners/native/location.ts';
import { collectInProcess, type CollectRequest, type CollectTests } from './collect-tests.ts';
import { discoverFiles } from './discover-files.ts';
import type { SuiteListing } from '../model/runner.ts';
import { listForeignSuite } from '../runners/foreign-suites.ts';
import type { OnlyMark } from '../model/test-case.ts';
import type { Plan, PlannedFile, PlannedSuite } from './plan.ts';
import { createSelection, hasTestFilters, type Selection, type SelectionOptions } from './selection.ts';

/**
 * What to plan. `--shard` is not an option here: a shard is cut from the
 * whole plan afterwards (applyShard in shard-plan.ts, through
 * cli/shard-run.ts), weighed by the archive's history and pinned per run id.
 */
export interface PlanOptions extends SelectionOptions {
  /** Who loads the native test files: this process by default; `tollgate run` lets its pre-forked workers do it. */
  collect?: CollectTests;
}

/**
 * Finds every suite's files, loads native test files to learn their tests
 * (as the workers will), and decides what runs. Each decision keeps its
 * reason, for `--list`.
 */
export async function buildPlan(config: ResolvedConfig, options: PlanOptions): Promise<Plan> {
  const selection = createSelection(config, options);
  const plan: Plan = { files: [], foreignSuites: [], excluded: [], excludedSuites: [], loadErrors: [] };
  const requests: CollectRequest[] = [];
  const foreign: PlannedSuite[] = [];

  for (const suite of config.suites) {
    const reason = selection.suiteReason(suite);
    if (reason) {
      plan.excludedSuites.push({ suite, reason });
      continue;
    }
    const files = await discoverFiles(suite, config.rootDir);
    if (suite.runner !== 'native') foreign.push({ suite, files });
    else for (const file of files) requests.push({ file, suite });
  }

  // The native files load (in the workers) while the other runners' suites are listed here.
  const collecting = requests.length ? (options.collect ?? collectInProcess)(requests, config.rootDir) : Promise.resolve([]);
  collecting.catch(() => {}); // awaited below, after the listing, which may throw first
  for (const planned of foreign) {
    const listing = await listForeignSuite(planned.suite, planned.files, config.rootDir);
    if (listing) planListedSuite(plan, planned, listing, selection);
    else if (hasTestFilters(options)) plan.excludedSuites.push({ suite: planned.suite, reason: `runner "${planned.suite.runner}" learns its tests while running; test filters (--tag, --grep, --last-failed) leave it out` });
    else plan.foreignSuites.push(planned);
  }

  const native: { planned: PlannedFile; only: Set<string> }[] = [];
  const onlyMarks: OnlyMark[] = [];
  const collected = await collecting;
  collected.forEach((entry, i) => {
    const { file, suite } = requests[i]!;
    if ('error' in entry) plan.loadErrors.push({ file: relativeFile(config.rootDir, file), suite: suite.name, error: entry.error });
    else {
      native.push({ planned: { file, suite, tests: entry.tests, usesRunFixtures: entry.usesRunFixtures }, only: new Set(entry.only) });
      onlyMarks.push(...entry.onlyMarks);
    }
  });
  if (onlyMarks.length) plan.onlyMarks = onlyMarks;

  // test.only anywhere narrows the run to the .only tests, as in Playwright.
  const anyOnly = native.some((n) => n.only.size > 0);
  for (const { planned, only } of native) {
    const kept = planned.tests.filter((test) => {
      const reason = anyOnly && !only.has(test.id) ? 'another test is marked .only' : selection.testReason(test);
      if (reason) plan.excluded.push({ test, reason });
      return !reason;
    });
    if (kept.length) plan.files.push({ ...planned, tests: kept });
  }

  return plan;
}

/**
 * A suite whose runner listed its tests: the filters apply to each test.
 * It runs if a test is kept, or if a file could not be read (the run
 * reports it, as a native file's load error is reported whatever the filters).
 */
function planListedSuite(plan: Plan, planned: PlannedSuite, listing: SuiteListing, selection: Selection): void {
  const kept = listing.tests.filter((test) => {
    const reason = selection.testReason(test);
    if (reason) plan.excluded.push({ test, reason });
    return !reason;
  });
  if (!kept.length && !listing.unreadable.length) {
    plan.excludedSuites.push({ suite: planned.suite, reason: listing.tests.length ? `none of its ${listing.tests.length} test(s) is selected` : 'it has no tests' });
    return;
  }
  plan.foreignSuites.push({ ...planned, tests: kept, ...(kept.length < listing.tests.length ? { only: kept.map((test) => test.id) } : {}) });
}
