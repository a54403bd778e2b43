import type { ResolvedSuite } from '../model/config.ts';
import type { TestError } from '../model/results.ts';
import type { OnlyMark, TestCase } from '../model/test-case.ts';
import type { DeclaredTest } from '../runners/native/declarations.ts';

/** One native test file to learn the tests of, as its suite defines them. */
export interface CollectRequest {
  /** Absolute path. */
  file: string;
  suite: ResolvedSuite;
}

/** What loading one file declared, or why it could not be loaded, in the order of the requests. Plain data: it crosses the worker IPC channel. */
export type CollectedFile =
  | {
      tests: TestCase[];
      /** Ids of the tests marked .only (or inside a .only describe). */
      only: string[];
      /** Where those .only are, one per test.only or describe.only (forbidOnly names them). */
      onlyMarks: OnlyMark[];
      /** Whether any test reaches a run-scoped fixture (the tollgate process sets those up, so it must load the file). */
      usesRunFixtures: boolean;
    }
  | { error: TestError };

/** Loads each requested file and returns what it declared, in request order. */
export type CollectTests = (requests: CollectRequest[], rootDir: string) => Promise<CollectedFile[]>;

/**
 * Collects in this process. Workers call it for the files the planner
 * hands them, which they then run already loaded; the tollgate process
 * calls it itself for `--list` and when no worker could. The native runner
 * is imported on first use: a tollgate process whose workers collect never
 * loads it.
 */
export const collectInProcess: CollectTests = async (requests, rootDir) => {
  const { isOnly, loadDeclaredFile, onlyMarksOf, testCasesOf } = await import('../runners/native/load-file.ts');
  const { runFixturesOf } = await import('../runners/native/run-fixture-needs.ts');
  const { toTestError } = await import('../runners/native/test-error.ts');
  const usesRunFixtures = (test: DeclaredTest, title: string): boolean => {
    try {
      return runFixturesOf(test, title).length > 0;
    } catch {
      // setUpRunFixtures meets the same error in the tollgate process and reports it there.
      return true;
    }
  };
  const collected: CollectedFile[] = [];
  for (const { file, suite } of requests) {
    try {
      const declared = await loadDeclaredFile(file, rootDir);
      const loaded = testCasesOf(declared, suite, rootDir);
      const tests = [...loaded.tests.values()];
      collected.push({
        tests: tests.map((t) => t.spec),
        only: tests.filter((t) => isOnly(t.declared)).map((t) => t.spec.id),
        onlyMarks: onlyMarksOf(declared),
        usesRunFixtures: tests.some((t) => usesRunFixtures(t.declared, t.spec.title)),
      });
    } catch (error) {
      collected.push({ error: toTestError(error, rootDir) });
    }
  }
  return collected;
};
