import { relative } from 'node:path';
import type { ResolvedSuite } from '../../model/config.ts';
import { makeTestId, type TestCase } from '../../model/test-case.ts';
import { suiteTreeFor } from './file-tree.ts';
import type { RobotSuiteSpec } from './load-suite.ts';
import { selectedTest, type TestSelection } from './test-selection.ts';

/**
 * The tests of a robot suite before it runs, as `robot --dryrun` would
 * find them: the planner lists them (`tollgate run --list`) and applies
 * --tag, --grep, --last-failed and paths to them, then the runner runs
 * only the tests it kept, by their long names ('Suite.Sub.Test').
 */

export interface ListedRobotTest {
  test: TestCase;
  /** What the engine's onlyTests matches. */
  longName: string;
}

export interface RobotListing {
  tests: ListedRobotTest[];
  /** Files that do not parse: their tests are unknown until the suite runs and reports them. */
  unreadable: string[];
}

/** The one place a robot test's id and case are made, for the plan and for the run's events alike. */
export function robotTestCase(suite: ResolvedSuite, rootDir: string, source: string, name: string, line: number, tags: string[]): TestCase {
  const file = robotFile(rootDir, source);
  return {
    id: makeTestId(suite.name, file, [name]),
    title: name,
    titlePath: [name],
    suite: suite.name,
    kind: suite.kind,
    runner: 'robot',
    location: { file, line, column: 1 },
    tags: [...new Set([...suite.tags, ...tags])],
    timeout: suite.timeout,
    retries: suite.retries,
    annotations: [],
    expectedStatus: 'passed',
  };
}

/** A .robot file as test ids and locations name it: relative to the project, with forward slashes. */
export function robotFile(rootDir: string, source: string): string {
  return relative(rootDir, source).split('\\').join('/');
}

/** The suite tree the runner runs, rooted at a name made from the tollgate suite's. */
export function robotSuiteTree(suite: ResolvedSuite, files: string[]): RobotSuiteSpec {
  return suiteTreeFor(files.filter((f) => f.endsWith('.robot')), displayName(suite.name), suite.robot?.root);
}

/** 'robot-api' → 'Robot Api', as Robot names a suite after its folder. */
export function displayName(name: string): string {
  return name.replace(/[-_]+/g, ' ').replace(/(^|\s)(\S)/g, (_, s: string, c: string) => s + c.toUpperCase());
}

/** The tests of the suite tree robotSuiteTree gave, selected (tags, names) as the engine selects them. */
export function listRobotTests(suite: ResolvedSuite, tree: RobotSuiteSpec, rootDir: string, selection: TestSelection): RobotListing {
  const listing: RobotListing = { tests: [], unreadable: [] };
  const walk = (spec: RobotSuiteSpec, path: string[], inheritedTags: string[]): void => {
    const suitePath = [...path, spec.name];
    if (spec.error) listing.unreadable.push(relative(rootDir, spec.error.source.file));
    // Test Tags of an __init__.robot reach every test below it, as in the engine.
    const testTags = [...inheritedTags, ...(spec.file?.settings.testTags ?? [])];
    if (!spec.error) {
      for (const test of spec.file?.tests ?? []) {
        const tags = [...new Set([...testTags, ...test.tags])];
        if (tags.some((t) => t.toLowerCase() === 'robot:exclude') || !selectedTest(tags, suitePath, test.name, selection)) continue;
        listing.tests.push({ test: robotTestCase(suite, rootDir, spec.source, test.name, test.source.line, tags), longName: [...suitePath, test.name].join('.') });
      }
    }
    for (const child of spec.children) walk(child, suitePath, testTags);
  };
  walk(tree, [], []);
  return listing;
}
