import { pathToFileURL } from 'node:url';
import type { ResolvedSuite } from '../../model/config.ts';
import { makeTestId, type OnlyMark, type TestCase } from '../../model/test-case.ts';
import { collector, DeclarationError } from './collector.ts';
import { groupsOf, groupTitlePath, newGroup, serialGroupOf, testsOf, titlePathOf, type DeclaredFile, type DeclaredGroup, type DeclaredTest } from './declarations.ts';
import { relativeFile } from './location.ts';
import { openFile } from './test-type.ts';

export interface LoadedFile {
  declared: DeclaredFile;
  /** Test id → declaration, in declaration order. */
  tests: Map<string, { spec: TestCase; declared: DeclaredTest }>;
}

const loaded = new Map<string, DeclaredFile>();

/**
 * Imports a native test file once per process and returns what it
 * declared. A file that throws while loading (a syntax error, a bad
 * declaration) throws here; the caller reports it and goes on with the
 * other files.
 */
export async function loadDeclaredFile(file: string, rootDir: string): Promise<DeclaredFile> {
  const known = loaded.get(file);
  if (known) return known;
  const state = collector();
  const declared: DeclaredFile = { ...newGroup('', { file: relativeFile(rootDir, file), line: 1, column: 1 }), file };
  state.file = declared;
  state.rootDir = rootDir;
  openFile(declared);
  try {
    await import(pathToFileURL(file).href);
  } finally {
    state.file = null;
    state.group = null;
  }
  loaded.set(file, declared);
  return declared;
}

/** The test cases of a loaded file as the suite defines them (ids, tags, timeouts). */
export function testCasesOf(declared: DeclaredFile, suite: ResolvedSuite, rootDir: string): LoadedFile {
  const tests = new Map<string, { spec: TestCase; declared: DeclaredTest }>();
  const relative = relativeFile(rootDir, declared.file);
  for (const test of testsOf(declared)) {
    const titlePath = titlePathOf(test);
    const id = makeTestId(suite.name, relative, titlePath);
    const previous = tests.get(id);
    if (previous) {
      throw new DeclarationError(
        `duplicate test title "${titlePath.join(' › ')}" at ${relative}:${test.location.line} (first declared at line ${previous.declared.location.line}); give each test in a file its own title`,
      );
    }
    const groups = groupsOf(test);
    const annotations = [...groups.flatMap((g) => g.annotations), ...test.annotations];
    let timeout = suite.timeout;
    let retries = suite.retries;
    for (const group of groups) if (group.timeout !== undefined) timeout = group.timeout;
    for (const group of groups) if (group.retries !== undefined) retries = group.retries;
    if (annotations.some((a) => a.type === 'slow')) timeout *= 3;
    const skipped = annotations.some((a) => a.type === 'skip' || a.type === 'fixme');
    const leases = [...new Set([...groups.flatMap((g) => g.leases), ...test.leases])];
    const serial = serialGroupOf(test);
    const spec: TestCase = {
      id,
      title: test.title,
      titlePath,
      suite: suite.name,
      kind: suite.kind,
      runner: 'native',
      location: test.location,
      tags: [...new Set([...suite.tags, ...groups.flatMap((g) => g.tags), ...test.tags])],
      timeout,
      retries,
      annotations,
      expectedStatus: skipped ? 'skipped' : annotations.some((a) => a.type === 'fail') ? 'failed' : 'passed',
      ...(leases.length ? { leases } : {}),
      ...(serial ? { serialGroup: makeTestId(suite.name, relative, groupTitlePath(serial)) } : {}),
      ...(!serial && groups.some((g) => g.mode === 'parallel') ? { parallel: true } : {}),
    };
    tests.set(id, { spec, declared: test });
  }
  return { declared, tests };
}

/** Every test.only and describe.only of a file, in declaration order; an empty describe.only too, which forbidOnly refuses as Playwright does. */
export function onlyMarksOf(group: DeclaredGroup): OnlyMark[] {
  const marks: OnlyMark[] = [];
  for (const entry of group.entries) {
    if (entry.only) marks.push({ kind: entry.type === 'test' ? 'test.only' : 'describe.only', title: entry.title, location: entry.location });
    if (entry.type === 'group') marks.push(...onlyMarksOf(entry));
  }
  return marks;
}

/** True when the test or one of its describes is marked `.only`. */
export function isOnly(test: DeclaredTest): boolean {
  return test.only || groupsOf(test).some((g) => g.only);
}
