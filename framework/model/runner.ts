import type { ResolvedSuite } from './config.ts';
import type { ResolvedEnvironment } from './environment.ts';
import type { RunEvent } from './events.ts';
import type { TestError } from './results.ts';
import type { TestCase } from './test-case.ts';

/**
 * How a suite that is not native is executed and turned into events
 * (tap, command, playwright, robot, vectors). The native runner is the
 * worker pool and does not use this interface.
 *
 * A runner announces each test it finds with test.add, then emits
 * test.begin / test.end (and steps, logs, attachments) for it. It never
 * throws for a failing test; it throws (or emits suite.end with an error)
 * only when the suite as a whole could not run.
 */
export interface SuiteRunner {
  run(ctx: SuiteRunnerContext): Promise<void>;
  /**
   * The suite's tests before it runs, for runners that can read them from
   * the files (robot): `--list` shows them and test filters (--tag, --grep,
   * --last-failed, paths) apply to them; `run` then gets the ids kept in
   * `only`. A runner without it learns its tests while running, and test
   * filters leave its suites out.
   */
  list?(ctx: Pick<SuiteRunnerContext, 'suite' | 'files' | 'rootDir'>): SuiteListing | Promise<SuiteListing>;
}

export interface SuiteListing {
  tests: TestCase[];
  /** Files whose tests cannot be known (they do not parse): the suite still runs, to report them. */
  unreadable: string[];
}

export interface SuiteRunnerContext {
  suite: ResolvedSuite;
  /** Absolute paths of the suite's files that matched its globs (may be empty for runner 'command'). */
  files: string[];
  rootDir: string;
  runDir: string;
  environment: ResolvedEnvironment;
  /** Environment variables that carry the resolved environment to child processes (TOLLGATE_ENV_* ...). */
  childEnv: Record<string, string>;
  emit(event: RunEvent): void;
  /** Ids of the listed tests to run, when test filters kept only some (see SuiteRunner.list); absent: all. */
  only?: ReadonlySet<string>;
  /** Aborted on SIGINT/SIGTERM: stop child processes and return. */
  signal: AbortSignal;
  /** Writes an artifact into the run directory and returns its path relative to the run directory. */
  saveArtifact(name: string, body: Buffer | string): Promise<string>;
  /** Present when the suite runs in a process of its own (runners whose suites run user code in the runner: robot). */
  supervisor?: SuiteSupervisor;
}

/**
 * What the tollgate process watches from outside a suite's process (issue
 * 13): user code there can block the event loop, where no timer fires, or
 * fail where nothing awaits it.
 */
export interface SuiteSupervisor {
  /**
   * A test or keyword timeout of `ms` started. If the returned function has
   * not been called some time after `ms`, the suite's process is killed
   * (the code blocks its event loop) and `message` fails the running test.
   */
  startTimeout(ms: number, message: string): () => void;
  /**
   * Errors that escaped user code since the last call (an uncaught
   * exception, a late rejection, process.exit from a timer) while a test
   * ran: the runner fails the test with them.
   */
  takeStrayErrors(): TestError[];
}
