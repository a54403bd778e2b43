import type { ResolvedSuite } from '../model/config.ts';
import type { ResolvedEnvironment } from '../model/environment.ts';
import type { RunEvent } from '../model/events.ts';

/** Messages between the tollgate process and a suite's process (suite-process-host.ts, suite-process-main.ts), over IPC. */
export type SuiteHostMessage =
  | {
      type: 'run';
      suite: ResolvedSuite;
      files: string[];
      only?: string[];
      rootDir: string;
      runDir: string;
      environment: ResolvedEnvironment;
      childEnv: Record<string, string>;
    }
  /** SIGINT/SIGTERM of the run: stop soon (the host kills the process if it does not). */
  | { type: 'abort' };

export type SuiteProcessMessage =
  | { type: 'event'; event: RunEvent }
  /** A test or keyword timeout started (id counts up) and when it ends: see SuiteSupervisor.startTimeout. */
  | { type: 'timeout.start'; id: number; ms: number; message: string }
  | { type: 'timeout.end'; id: number }
  /** The suite ran to its end (suite.end sent); the process leaves after this. */
  | { type: 'done' };
