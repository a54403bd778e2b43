import { AsyncLocalStorage } from 'node:async_hooks';
import type { Namespace } from './namespace.ts';
import type { Replacer } from './replace.ts';
import type { BodyResult, Message, RobotStatus, SuiteResult, TestResult } from './result.ts';
import { timestamp } from './result.ts';
import type { RobotError } from './robot-error.ts';
import type { TagChange } from './test-tags.ts';
import type { Variables } from './variables.ts';

/** Hooks the runner uses to stream what happens into tollgate events. */
export interface EngineListener {
  startTest?(test: TestResult, suitePath: string[], source: string): void;
  endTest?(test: TestResult, suitePath: string[], source: string): void;
  startBody?(node: BodyResult, parent: BodyResult | undefined): void;
  endBody?(node: BodyResult): void;
  message?(message: Message, node: BodyResult | undefined): void;
  /**
   * A test or keyword timeout started; the engine calls the returned function
   * when it ends. A keyword that blocks the event loop keeps the timeout's own
   * timer from firing: this lets a watcher outside the process end it.
   */
  startTimeout?(ms: number, message: string): () => void;
}

/** The state one keyword call sees; the engine owns it and keeps one per suite. */
export interface RunContext {
  variables: Variables;
  replacer: Replacer;
  namespace: Namespace;
  dryRun: boolean;
  listener: EngineListener;
  /** Nodes being run, innermost last; messages and child nodes go to the last one. */
  stack: BodyResult[];
  /** Where nodes without a parent go (a test's body, a setup list). */
  sink: BodyResult[];
  /** Set in teardowns: every keyword runs, failures are collected. */
  continueOnFailure: boolean;
  /** Inside a teardown, where user keywords' bodies continue on failure too. */
  inTeardown?: boolean;
  /** In --dryrun inside a WHILE, which Robot checks without running: a GROUP's name is not resolved there. */
  dryRunNotRun?: boolean;
  /** In a loop's round with no user keyword in between: where Continue/Exit For Loop may run (Robot's allow_loop_control). */
  inLoop?: boolean;
  /** Set by a `robot:recursive-(continue|stop)-on-failure` tag above: what user keywords below inherit. */
  recursiveContinueOnFailure?: boolean;
  /** Set when the test's timeout fired; keywords after it do not start. */
  timedOut?: RobotError;
  /** The running test, for ${TEST NAME}, Set Tags and the like. */
  test?: TestResult;
  /** Template of the running test: body rows are its arguments. */
  template?: string;
  /** Files of the user keywords being run, innermost last: a file's private keywords are visible to its own keywords. */
  keywordSources?: string[];
  /** Depth of user keyword calls, to stop runaway recursion. */
  depth: number;
  /** The running suite's result (Set Suite Metadata, Run Keyword If All Tests Passed) and the top suite's (their `top=True`). */
  suite?: SuiteResult;
  topSuite?: SuiteResult;
  /** Set Tags / Remove Tags in this suite's setup and its parents': each test below starts with them applied. */
  suiteTags?: TagChange[];
  /** Set while a test's or a suite's teardown runs. */
  teardown?: 'test' | 'suite';
  /** In a test teardown: how the test ended, for Run Keyword If Test Failed / Passed / Timeout Occurred. */
  testOutcome?: { status: RobotStatus; message: string; timedOut: boolean };
  /** BuiltIn's Import Library / Resource / Variables: the engine imports into the running suite. */
  importer?: {
    library(name: string, args: unknown[], alias: string | undefined): Promise<void>;
    resource(path: string): Promise<void>;
    variables(path: string): Promise<void>;
  };
  /** Free slots for libraries (BuiltIn's Set Tags, test message ...). */
  state: Record<string, unknown>;
  /** Where Log To Console (and Log's console=True) write: the runner's console, redacted. */
  console: ConsoleWriter;
}

export type ConsoleWriter = (text: string, stream: 'stdout' | 'stderr') => void;

/** The process's own streams, for an engine run outside tollgate. */
export const processConsole: ConsoleWriter = (text, stream) => void process[stream].write(text);

export function now(): string {
  return timestamp();
}

/** Per-test cancellation: a timed-out body that is still awaiting stops at its next keyword. */
export const testScope = new AsyncLocalStorage<{ timedOut?: RobotError }>();

/** The timeout error when the running test's time is up. */
export function timedOut(ctx: RunContext): RobotError | undefined {
  return testScope.getStore()?.timedOut ?? ctx.timedOut;
}
