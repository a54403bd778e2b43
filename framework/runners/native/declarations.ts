import type { Annotation, Location } from '../../model/test-case.ts';
import type { FixturePool } from './fixture-pool.ts';

/**
 * What a native test file declares when it is imported: a tree of
 * describes, tests and hooks. The same file is imported in the tollgate
 * process (to plan) and in a worker (to run); both build the same tree, so
 * test ids agree.
 */
export type HookKind = 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach';

export interface DeclaredHook {
  kind: HookKind;
  title: string;
  fn: Function;
  pool: FixturePool;
  location: Location;
}

export interface DeclaredTest {
  type: 'test';
  title: string;
  fn: Function;
  pool: FixturePool;
  location: Location;
  tags: string[];
  annotations: Annotation[];
  /** Testbed resources declared with `{ lease }`. */
  leases: string[];
  timeout?: number;
  retries?: number;
  only: boolean;
  parent: DeclaredGroup;
}

export interface DeclaredGroup {
  type: 'group';
  /** '' for the file itself. */
  title: string;
  location: Location;
  entries: (DeclaredGroup | DeclaredTest)[];
  hooks: DeclaredHook[];
  tags: string[];
  annotations: Annotation[];
  leases: string[];
  only: boolean;
  timeout?: number;
  retries?: number;
  /** test.describe.configure({ mode }) or test.describe.serial: 'serial' runs the group as one unit. */
  mode?: DescribeMode;
  /** test.use() calls in this group, in order: fixture values for its tests. */
  uses: Record<string, unknown>[];
  parent?: DeclaredGroup;
}

export type DescribeMode = 'default' | 'serial' | 'parallel';

export interface DeclaredFile extends DeclaredGroup {
  /** Absolute path. */
  file: string;
}

export function newGroup(title: string, location: Location, parent?: DeclaredGroup): DeclaredGroup {
  return { type: 'group', title, location, entries: [], hooks: [], tags: [], annotations: [], leases: [], only: false, uses: [], parent };
}

/** The describe titles and the test title, outermost first. */
export function titlePathOf(test: DeclaredTest): string[] {
  const path = [test.title];
  for (let group: DeclaredGroup | undefined = test.parent; group && group.parent; group = group.parent) path.unshift(group.title);
  return path;
}

/** A describe's titles, outermost first ([] for the file itself). */
export function groupTitlePath(group: DeclaredGroup): string[] {
  const path: string[] = [];
  for (let g: DeclaredGroup | undefined = group; g && g.parent; g = g.parent) path.unshift(g.title);
  return path;
}

/** Groups from the file down to the test's own describe. */
export function groupsOf(test: DeclaredTest): DeclaredGroup[] {
  const groups: DeclaredGroup[] = [];
  for (let group: DeclaredGroup | undefined = test.parent; group; group = group.parent) groups.unshift(group);
  return groups;
}

export function* testsOf(group: DeclaredGroup): Generator<DeclaredTest> {
  for (const entry of group.entries) {
    if (entry.type === 'test') yield entry;
    else yield* testsOf(entry);
  }
}

/**
 * The outermost serial group the test belongs to, if any: its tests run in
 * order, and after one fails the rest of the group do not run.
 */
export function serialGroupOf(test: DeclaredTest): DeclaredGroup | undefined {
  return groupsOf(test).find((g) => g.mode === 'serial');
}
