import { AsyncLocalStorage } from 'node:async_hooks';
import type { Annotation, ExpectedStatus, SuiteKind } from '../../model/test-case.ts';
import type { TestError } from '../../model/results.ts';

/**
 * What a running test knows about itself: `test.info()`, and the second
 * argument of every test and hook. Implemented by the worker.
 */
export interface TestInfo {
  readonly testId: string;
  readonly title: string;
  readonly titlePath: readonly string[];
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly suite: string;
  readonly kind: SuiteKind;
  readonly tags: readonly string[];
  /** 0 on the first try, 1 on the first retry, ... */
  readonly retry: number;
  readonly workerIndex: number;
  readonly annotations: Annotation[];
  readonly errors: readonly TestError[];
  expectedStatus: ExpectedStatus;
  /** Milliseconds; 0 means none. */
  readonly timeout: number;
  setTimeout(timeout: number): void;
  /** Triples the timeout. */
  slow(condition?: boolean, description?: string): void;
  skip(condition?: boolean, description?: string): void;
  fixme(condition?: boolean, description?: string): void;
  fail(condition?: boolean, description?: string): void;
  /** Attaches a file or a body to the result; secrets are redacted from UTF-8 text and masked in place in other bytes. */
  attach(name: string, options: { body?: string | Buffer; path?: string; contentType?: string }): Promise<void>;
  /** A path inside this test's output folder in the run directory. */
  outputPath(...segments: string[]): string;
  /**
   * Records a measurement of this attempt as a metric event, like a k6
   * custom metric: events.ndjson and the archive's `metrics` table keep it,
   * the HTML report charts each name (and tags) as a series. `time` is when
   * it was measured (default now). Tags are redacted like everything else.
   */
  metric(name: string, value: number, options?: MetricOptions): void;
}

export interface MetricOptions {
  /** 'ms', 'us', 'B', 'count', ... as you want it read. */
  unit?: string;
  tags?: Record<string, string>;
  time?: Date | string;
}

/** Thrown by test.skip() and friends inside a running test to end it as skipped. */
export class SkipSignal extends Error {
  constructor(readonly annotation: Annotation) {
    super(annotation.description ?? 'skipped');
  }
}

export interface StepRuntime {
  runStep<T>(title: string, category: string, body: () => T | Promise<T>): Promise<T>;
}

interface Running {
  info: TestInfo;
  steps: StepRuntime;
  /** Records a failed expect.soft(): the test goes on and fails at its end. */
  softError?(error: unknown): void;
}

const KEY = Symbol.for('tollgate.native.running');
const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<Running> | undefined>;
/** The running test, found through async context so that concurrent code sees its own test. */
export const runningTest: AsyncLocalStorage<Running> = (holder[KEY] ??= new AsyncLocalStorage<Running>());

export function currentRunning(): Running | undefined {
  return runningTest.getStore();
}

/**
 * True inside a running tollgate test (its body, hooks and fixtures), where
 * test.info() and test.step() work; false elsewhere (a script that uses a
 * driver on its own). For drivers that record steps only when a test runs.
 */
export function inRunningTest(): boolean {
  return currentRunning() !== undefined;
}
