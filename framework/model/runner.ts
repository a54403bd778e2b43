import type { ResolvedSuite } from './config.ts';
import type { ResolvedEnvironment } from './environment.ts';
import type { RunEvent } from './events.ts';

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
  /** Aborted on SIGINT/SIGTERM: stop child processes and return. */
  signal: AbortSignal;
  /** Writes an artifact into the run directory and returns its path relative to the run directory. */
  saveArtifact(name: string, body: Buffer | string): Promise<string>;
}
