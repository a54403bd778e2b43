/**
 * What was declared, never mutated by running. Every field survives JSON:
 * a test case travels from the collector to the workers, into events.ndjson
 * and back out of it when a report is rebuilt.
 */

export type SuiteKind = 'unit' | 'smoke' | 'integration' | 'performance' | 'soak';
export const SUITE_KINDS: readonly SuiteKind[] = ['unit', 'smoke', 'integration', 'performance', 'soak'];

export interface Location {
  /** Path relative to the project's root directory. */
  file: string;
  line: number;
  column: number;
}

/** A `.only` in a native test file (test.only, test.describe.only): it narrows the run to the tests it marks. */
export interface OnlyMark {
  kind: 'test.only' | 'describe.only';
  title: string;
  location: Location;
}

/** `a.spec.ts:3:6 test.only("b")`: a mark as people find it in their editor. */
export function formatOnlyMark(mark: OnlyMark): string {
  return `${mark.location.file}:${mark.location.line}:${mark.location.column} ${mark.kind}(${JSON.stringify(mark.title)})`;
}

export type AnnotationType = 'skip' | 'fixme' | 'fail' | 'slow' | (string & {});

export interface Annotation {
  type: AnnotationType;
  description?: string;
}

/** The status a test is expected to end with: `test.fail()` expects 'failed'. */
export type ExpectedStatus = 'passed' | 'failed' | 'skipped';

export interface TestCase {
  /** Stable across runs: suite, file and title path. History and quarantine key on it. */
  id: string;
  title: string;
  /** describe titles then the test title; the file is not part of it. */
  titlePath: string[];
  suite: string;
  kind: SuiteKind;
  /** 'native', 'tap', 'command', ... */
  runner: string;
  location: Location;
  /** Without the leading '@'. Suite tags from the config are included. */
  tags: string[];
  /** Milliseconds; 0 means no timeout. */
  timeout: number;
  retries: number;
  annotations: Annotation[];
  expectedStatus: ExpectedStatus;
  /** Testbed resources the test declared (`{ lease }`), its describes' included; absent when none. */
  leases?: string[];
  /**
   * The id of the serial describe the test belongs to (`test.describe.serial`,
   * `test.describe.configure({ mode: 'serial' })`): its tests run in order,
   * the rest are skipped after a failure, and a retry retries them all.
   */
  serialGroup?: string;
  /** In a describe (or file) configured `mode: 'parallel'`: the test may run in another worker than the rest of its file. */
  parallel?: boolean;
}

/**
 * Builds a readable, stable test id. Kept in one place so that every runner
 * agrees. Tests without a file (TAP from a command) leave that part out.
 */
export function makeTestId(suite: string, file: string, titlePath: readonly string[]): string {
  return (file ? [suite, file, ...titlePath] : [suite, ...titlePath]).join(' › ');
}
