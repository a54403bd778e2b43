/**
 * Errors that outlive their test: a timer or a promise a test started and
 * did not wait for throws after the test ended. The worker reports such an
 * error as an error outside tests (the gate's `no-errors` rule) named with
 * the test that started the code, and stays up for a grace period after
 * its last test so that one cannot be lost by the worker exiting first.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorEvent } from '../model/events.ts';
import type { TestInfo } from '../runners/native/test-info.ts';
import { toTestError } from '../runners/native/test-error.ts';

const POLL_MS = 20;

/**
 * An uncaught error no running test owns. `scheduledBy` is the test whose
 * async context the error came from (AsyncLocalStorage follows timers and
 * promises), `lastRan` the last test this worker ran, when the first is not known.
 */
export function lateErrorEvent(thrown: unknown, rootDir: string, scheduledBy: TestInfo | undefined, lastRan: TestInfo | undefined): ErrorEvent {
  const error = toTestError(thrown, rootDir);
  const time = new Date().toISOString();
  const test = scheduledBy ?? lastRan;
  if (!test) return { type: 'error', time, source: 'worker', error };
  const title = test.titlePath.join(' › ');
  const why = scheduledBy
    ? `test "${title}" had ended when code it started threw (a timer or a promise it did not wait for)`
    : `thrown after test "${title}" ended, the last test this worker ran (which code threw is not known)`;
  return { type: 'error', time, source: 'late', file: test.file, suite: test.suite, error: { ...error, message: `${why}: ${error.message}` } };
}

type Resources = Map<string, number>;

/** What keeps this process's event loop busy, by kind: timers, sockets, child processes, ... */
export function pendingResources(): Resources {
  const counts: Resources = new Map();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/**
 * Waits until `deadline` (a Date.now() value) while anything beyond
 * `baseline` (what the worker itself holds: its IPC channel and stdio)
 * is pending: a test's timer or socket may still throw or reject. A worker
 * whose tests left nothing behind exits at once, so the grace costs
 * nothing in the common case.
 */
export async function waitForLateErrors(baseline: Resources, deadline: number): Promise<void> {
  while (Date.now() < deadline && beyond(pendingResources(), baseline)) await sleep(POLL_MS);
}

function beyond(now: Resources, baseline: Resources): boolean {
  for (const [kind, count] of now) if (count > (baseline.get(kind) ?? 0)) return true;
  return false;
}
