import type { ResolvedSuite } from '../../model/config.ts';
import type { RunEvent } from '../../model/events.ts';
import type { Attachment, AttemptStatus, TestError } from '../../model/results.ts';
import { outcomeOf } from '../../model/run-state.ts';
import { makeTestId } from '../../model/test-case.ts';
import type { Annotation, ExpectedStatus, Location, TestCase } from '../../model/test-case.ts';

/**
 * Turns finished foreign tests (from a TAP stream or a JUnit report) into
 * events. Foreign runners only learn a test once its result is known, so
 * each attempt is emitted whole: test.add the first time, then test.begin,
 * its steps, logs and attachments, and test.end (with `outcome` on the
 * final attempt). Keeping this in one place means tap and command agree on
 * ids, outcomes and retries.
 */

export interface StepRecord {
  title: string;
  /** 'expect' for a failing assertion, 'subtest', ... */
  category: string;
  duration: number;
  error?: TestError;
  location?: Location;
}

export interface LogRecord {
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface AttemptRecord {
  status: AttemptStatus;
  /** Milliseconds. */
  duration: number;
  errors: TestError[];
  steps?: StepRecord[];
  logs?: LogRecord[];
  attachments?: Attachment[];
  annotations?: { type: string; description?: string }[];
}

export interface TestRecord {
  /** Nested subtest (or testsuite/classname) titles, then the test's own title. */
  titlePath: string[];
  /** Relative to rootDir; '' when the producer names no file (a command's TAP). */
  file: string;
  location?: Location;
  annotations?: Annotation[];
  expectedStatus?: ExpectedStatus;
  /** In order; a JUnit rerun gives several, a TAP stream one per pass. */
  attempts: AttemptRecord[];
}

export interface SuiteEmitterOptions {
  suite: ResolvedSuite;
  /** 'tap', 'command': recorded on each TestCase. */
  runner: string;
  emit: (event: RunEvent) => void;
  /**
   * How many more attempts a failed test may get from the runner re-running
   * it. 0 (the default) makes every reported attempt final.
   */
  retries?: number;
  /** For tests: the clock, in epoch milliseconds. */
  now?: () => number;
}

export interface SuiteStats {
  tests: number;
  passed: number;
  failed: number;
  flaky: number;
  skipped: number;
  interrupted: number;
}

interface TestState {
  test: TestCase;
  /** The file the runner ran it from (the location may point elsewhere, at a failing line). */
  file: string;
  statuses: AttemptStatus[];
  final: boolean;
}

export class SuiteEmitter {
  readonly stats: SuiteStats = { tests: 0, passed: 0, failed: 0, flaky: 0, skipped: 0, interrupted: 0 };
  private readonly tests = new Map<string, TestState>();
  /** Ids reported in the current pass, to tell two same-named siblings apart. */
  private seenThisPass = new Map<string, number>();
  private readonly now: () => number;
  private readonly retries: number;

  constructor(private readonly options: SuiteEmitterOptions) {
    this.now = options.now ?? Date.now;
    this.retries = options.retries ?? 0;
  }

  get suiteName(): string {
    return this.options.suite.name;
  }

  /** A rerun starts: the same titles must map to the same ids as in the first pass. */
  startPass(): void {
    this.seenThisPass = new Map();
  }

  /**
   * Emits every attempt of a finished test. Returns its id, or undefined when
   * the test already had its final attempt (a passed test seen again in a rerun).
   */
  report(record: TestRecord): string | undefined {
    const { id, titlePath } = this.uniqueTitle(record);
    let state = this.tests.get(id);
    if (state?.final) return undefined;
    if (!state) {
      state = { test: this.testCase(id, titlePath, record), file: record.file, statuses: [], final: false };
      this.tests.set(id, state);
      this.stats.tests++;
      this.options.emit({ type: 'test.add', time: this.iso(), test: state.test });
    }
    record.attempts.forEach((attempt, i) => {
      const isLast = i === record.attempts.length - 1;
      this.emitAttempt(state, attempt, isLast);
    });
    return id;
  }

  /** Tests whose last attempt failed and that may still be retried. */
  pending(): { testId: string; file: string }[] {
    return [...this.tests.values()].filter((s) => !s.final).map((s) => ({ testId: s.test.id, file: s.file }));
  }

  /** Gives every pending test a last, failed attempt saying why it was not retried further. */
  closePending(error: TestError, status: AttemptStatus = 'failed'): void {
    for (const state of this.tests.values()) {
      if (state.final) continue;
      this.emitAttempt(state, { status, duration: 0, errors: [error] }, true, true);
    }
  }

  log(stream: 'stdout' | 'stderr', text: string, testId?: string, attempt?: number): void {
    if (!text) return;
    this.options.emit({
      type: 'log',
      time: this.iso(),
      stream,
      text,
      ...(testId !== undefined ? { testId, attempt: attempt ?? 0 } : {}),
    });
  }

  /** An error that belongs to no single test (a crashed file). */
  error(source: string, error: TestError, file?: string): void {
    this.options.emit({ type: 'error', time: this.iso(), source, error, suite: this.suiteName, ...(file !== undefined ? { file } : {}) });
  }

  private emitAttempt(state: TestState, attempt: AttemptRecord, lastOfRecord: boolean, forceFinal = false): void {
    const emit = this.options.emit;
    const testId = state.test.id;
    const index = state.statuses.length;
    const end = this.now();
    const start = end - Math.max(0, attempt.duration);
    emit({ type: 'test.begin', time: iso(start), testId, attempt: index, workerIndex: 0 });
    (attempt.steps ?? []).forEach((step, i) => {
      const stepId = `${index}.${i + 1}`;
      emit({
        type: 'step.begin', time: iso(start), testId, attempt: index, stepId, title: step.title, category: step.category,
        ...(step.location ? { location: step.location } : {}),
      });
      emit({
        type: 'step.end', time: iso(start + step.duration), testId, attempt: index, stepId, duration: step.duration,
        ...(step.error ? { error: step.error } : {}),
      });
    });
    for (const log of attempt.logs ?? []) this.log(log.stream, log.text, testId, index);
    for (const attachment of attempt.attachments ?? []) {
      emit({ type: 'attachment', time: iso(end), testId, attempt: index, attachment });
    }
    state.statuses.push(attempt.status);
    const final = forceFinal || (lastOfRecord && this.isFinal(state, attempt.status, index));
    const outcome = final ? outcomeOf(state.statuses, state.test.expectedStatus) : undefined;
    if (outcome) {
      state.final = true;
      this.stats[outcome]++;
    }
    emit({
      type: 'test.end', time: iso(end), testId, attempt: index, status: attempt.status, duration: attempt.duration,
      errors: attempt.errors, annotations: attempt.annotations ?? [], ...(outcome ? { outcome } : {}),
    });
  }

  private isFinal(state: TestState, status: AttemptStatus, index: number): boolean {
    if (status === 'skipped' || status === 'interrupted') return true;
    if (status === state.test.expectedStatus) return true;
    return index >= this.retries;
  }

  private uniqueTitle(record: Pick<TestRecord, 'file' | 'titlePath'>): { id: string; titlePath: string[] } {
    const titlePath = record.titlePath.length > 0 ? [...record.titlePath] : ['(unnamed)'];
    const base = makeTestId(this.suiteName, record.file, titlePath);
    const seen = this.seenThisPass.get(base) ?? 0;
    this.seenThisPass.set(base, seen + 1);
    if (seen === 0) return { id: base, titlePath };
    titlePath[titlePath.length - 1] += ` (${seen + 1})`;
    return { id: makeTestId(this.suiteName, record.file, titlePath), titlePath };
  }

  private testCase(id: string, titlePath: string[], record: TestRecord): TestCase {
    const suite = this.options.suite;
    const annotations = record.annotations ?? [];
    return {
      id,
      title: titlePath[titlePath.length - 1],
      titlePath,
      suite: suite.name,
      kind: suite.kind,
      runner: this.options.runner,
      location: record.location ?? { file: record.file, line: 0, column: 0 },
      tags: [...suite.tags],
      timeout: suite.timeout,
      retries: suite.retries,
      annotations,
      expectedStatus: record.expectedStatus ?? 'passed',
    };
  }

  private iso(): string {
    return iso(this.now());
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
