import type { ResolvedSuite } from '../model/config.ts';
import type { ResolvedEnvironment } from '../model/environment.ts';
import type { RunEvent } from '../model/events.ts';
import type { TestError } from '../model/results.ts';
import type { CollectedFile, CollectRequest } from '../plan/collect-tests.ts';

/** Messages between the tollgate process and a worker, over the IPC channel. */
export interface WorkerInit {
  type: 'init';
  workerIndex: number;
  rootDir: string;
  runDir: string;
  environment: ResolvedEnvironment;
  /** Values of run-scoped fixtures, set up in the tollgate process. */
  runFixtures: Record<string, unknown>;
  /** Environment variables the tollgate process set (a string) or removed (null) since it forked the worker. */
  env?: Record<string, string | null>;
}

export interface TestRequest {
  id: string;
  attempt: number;
}

export interface RunJob {
  type: 'run';
  jobId: number;
  /** Absolute path of the test file. */
  file: string;
  suite: ResolvedSuite;
  tests: TestRequest[];
}

/** Load these files and say what they declare; sent before init, while the tollgate process plans. */
export interface CollectJob {
  type: 'collect';
  rootDir: string;
  requests: CollectRequest[];
  env?: Record<string, string | null>;
}

export interface StopWorker {
  type: 'stop';
  /** How long after its last test the worker waits, while a test's timer or socket is still pending, for a late error. */
  lateErrorGraceMs: number;
}

export type HostMessage = WorkerInit | CollectJob | RunJob | StopWorker;

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'collected'; files: CollectedFile[] }
  | { type: 'event'; event: RunEvent }
  /** The running test changed its own timeout (test.setTimeout, test.slow). */
  | { type: 'timeout'; testId: string; attempt: number; timeout: number }
  /**
   * A job ended. `notRun` lists tests the worker gave back (it became unsafe
   * to reuse after a timeout or an uncaught error), so the host runs them elsewhere.
   */
  | { type: 'done'; jobId: number; notRun: TestRequest[]; loadError?: TestError; retire: boolean }
  /** The last message of a worker told to stop: once it is written, every event before it is too. */
  | { type: 'stopped' };
