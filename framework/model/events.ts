import type { Attachment, AttemptStatus, TestError, TestOutcome } from './results.ts';
import type { Location, OnlyMark, SuiteKind, TestCase } from './test-case.ts';
import type { Verdict } from './verdict.ts';

/**
 * Everything that happens in a run is one of these events, on one bus.
 * Reporters, the run directory and the archive consume the same stream,
 * and `tollgate report` rebuilds any report from events.ndjson alone, so
 * every field must survive JSON.stringify/parse.
 *
 * Order guarantees: run.begin first; for each attempt test.begin, then its
 * steps, logs and attachments, then test.end; verdict, then run.end last.
 */
export type RunEvent =
  | RunBeginEvent
  | RunEndEvent
  | SuiteBeginEvent
  | SuiteEndEvent
  | TestAddEvent
  | TestBeginEvent
  | TestEndEvent
  | StepBeginEvent
  | StepEndEvent
  | LogEvent
  | AttachmentEvent
  | MetricEvent
  | ErrorEvent
  | VerdictEvent;

export interface RunBeginEvent {
  type: 'run.begin';
  time: string;
  runId: string;
  gate: string | null;
  environment: string;
  subject: string | null;
  rootDir: string;
  configFile: string | null;
  configHash: string;
  host: string;
  tollgateVersion: string;
  workers: number;
  /** Every test the plan selected. Runners that learn their tests while running announce them with test.add. */
  tests: TestCase[];
  /** Suites whose tests are only known once they run (tap, command, ...). */
  suites: { name: string; kind: SuiteKind; runner: string; /** How many tests it will run, when its runner lists them before running (robot); they are announced with test.add. */ tests?: number }[];
  /** Shard, when the run is one: 'i/n'. */
  shard: string | null;
  /** Which attempt of that shard this is (1 first; a shard run again under the same run id counts up). */
  shardAttempt?: number;
  /**
   * Load instance, when the run is one (`--instance i/n`): 'i/n'. Its verdict
   * is the instance's own; the run id's verdict is the one `tollgate gate
   * --run-id` records.
   */
  instance?: string;
  /** The `.only` marks that narrowed the run to their tests (forbidOnly off): the gate names them in the verdict. */
  only?: OnlyMark[];
}

export interface RunEndEvent {
  type: 'run.end';
  time: string;
  status: 'completed' | 'interrupted';
  duration: number;
}

export interface SuiteBeginEvent {
  type: 'suite.begin';
  time: string;
  suite: string;
}

export interface SuiteEndEvent {
  type: 'suite.end';
  time: string;
  suite: string;
  /** A suite can fail as a whole: its command crashed, its TAP stream broke its plan, ... */
  error?: TestError;
}

/** A test that was not in the plan at run.begin (foreign runners discover theirs). */
export interface TestAddEvent {
  type: 'test.add';
  time: string;
  test: TestCase;
}

export interface TestBeginEvent {
  type: 'test.begin';
  time: string;
  testId: string;
  /** 0 for the first try, 1 for the first retry, ... */
  attempt: number;
  workerIndex: number;
}

export interface TestEndEvent {
  type: 'test.end';
  time: string;
  testId: string;
  attempt: number;
  status: AttemptStatus;
  /** Milliseconds. */
  duration: number;
  errors: TestError[];
  /** Annotations added while running (test.skip(), test.fail() inside the body, ...). */
  annotations: { type: string; description?: string }[];
  /** Set when this was the test's last attempt: how it ended over all attempts. */
  outcome?: TestOutcome;
}

export interface StepBeginEvent {
  type: 'step.begin';
  time: string;
  testId: string;
  attempt: number;
  stepId: string;
  parentStepId?: string;
  title: string;
  /** 'test.step', 'hook', 'fixture', 'api', 'expect', ... */
  category: string;
  location?: Location;
}

export interface StepEndEvent {
  type: 'step.end';
  time: string;
  testId: string;
  attempt: number;
  stepId: string;
  duration: number;
  error?: TestError;
}

export interface LogEvent {
  type: 'log';
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
  testId?: string;
  attempt?: number;
}

export interface AttachmentEvent {
  type: 'attachment';
  time: string;
  testId: string;
  attempt: number;
  attachment: Attachment;
}

export interface MetricEvent {
  type: 'metric';
  time: string;
  name: string;
  value: number;
  unit?: string;
  tags?: Record<string, string>;
  testId?: string;
  attempt?: number;
}

/** An error that belongs to no single test: a test file that cannot load, a reporter that threw, ... */
export interface ErrorEvent {
  type: 'error';
  time: string;
  /** What failed, e.g. 'load', 'reporter', 'worker', 'environment'. */
  source: string;
  error: TestError;
  /** The file the error belongs to, when one does. Relative to rootDir. */
  file?: string;
  suite?: string;
}

/** ErrorEvent.source of a failure of the tollgate process itself during a run (issue 13): the verdict is ERROR. */
export const TOLLGATE_PROCESS_ERROR = 'tollgate process';

export interface VerdictEvent {
  type: 'verdict';
  time: string;
  verdict: Verdict;
}

export type RunEventType = RunEvent['type'];
