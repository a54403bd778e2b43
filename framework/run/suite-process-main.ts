/**
 * The entry of a suite's process (issue 13). A foreign suite whose runner
 * runs user code (robot: its keyword libraries) runs here, not in the
 * tollgate process; its events go there over IPC. Nothing that code does
 * ends or crashes the run: process.exit throws; an uncaught exception or a
 * late rejection fails the test that was running (between tests, it is an
 * error of the suite); a keyword that blocks the event loop past its
 * timeout is killed from outside (suite-process-host.ts).
 */
import type { RunEvent } from '../model/events.ts';
import type { TestError } from '../model/results.ts';
import type { SuiteSupervisor } from '../model/runner.ts';
import { runForeignSuite } from '../runners/foreign-suites.ts';
import { toTestError } from '../runners/native/test-error.ts';
import { ProcessExitError, refuseProcessExit } from './refuse-process-exit.ts';
import type { SuiteHostMessage, SuiteProcessMessage } from './suite-process-protocol.ts';

/** After the suite, how long timers its code left may still fire an error that is the suite's. */
const LATE_ERRORS_MS = 1000;

const send = (message: SuiteProcessMessage) => {
  if (process.connected) process.send!(message);
};
let rootDir = process.cwd();
let suiteName = '';
let testRunning = false;
const stray: TestError[] = [];
const controller = new AbortController();

function emit(event: RunEvent): void {
  if (event.type === 'test.begin') testRunning = true;
  else if (event.type === 'test.end') testRunning = false;
  send({ type: 'event', event });
}

/** An error no keyword awaited: the running test's, or the suite's when none runs. */
function onStray(thrown: unknown): void {
  // The message alone: a keyword that failed with the same error must not show it twice.
  const error = thrown instanceof ProcessExitError ? { message: thrown.message } : toTestError(thrown, rootDir);
  if (testRunning) stray.push(error);
  else emit({ type: 'error', time: new Date().toISOString(), source: 'suite process', suite: suiteName, error });
}

const realExit = refuseProcessExit('a keyword library of this suite', onStray);
// Without the tollgate process there is no one to report to.
process.on('disconnect', () => realExit(0));
// A terminal's Ctrl-C reaches the whole process group; the tollgate process decides what stops.
process.on('SIGINT', () => {});
// A refused process.exit was counted when it was called; thrown from a timer it lands here too.
const onUncaught = (error: unknown) => {
  if (!(error instanceof ProcessExitError)) onStray(error);
};
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);

let nextTimeout = 0;
const supervisor: SuiteSupervisor = {
  startTimeout(ms, message) {
    const id = ++nextTimeout;
    send({ type: 'timeout.start', id, ms, message });
    return () => send({ type: 'timeout.end', id });
  },
  takeStrayErrors: () => stray.splice(0),
};

/** Waits while timers are pending, at most `ms`: an error they throw still belongs to this suite. */
async function lateErrorsGrace(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && process.getActiveResourcesInfo().includes('Timeout')) await new Promise((resolve) => setTimeout(resolve, 20));
}

process.on('message', async (message: SuiteHostMessage) => {
  if (message.type === 'abort') {
    controller.abort();
    return;
  }
  rootDir = message.rootDir;
  suiteName = message.suite.name;
  const { type: _, only, ...rest } = message;
  await runForeignSuite({ ...rest, ...(only ? { only: new Set(only) } : {}), emit, signal: controller.signal, supervisor });
  testRunning = false;
  await lateErrorsGrace(LATE_ERRORS_MS);
  for (const error of stray.splice(0)) emit({ type: 'error', time: new Date().toISOString(), source: 'suite process', suite: suiteName, error });
  // Exiting drops messages still queued (process.send is asynchronous): wait until the last one is written.
  if (process.connected) await new Promise((resolve) => process.send!({ type: 'done' } satisfies SuiteProcessMessage, undefined, undefined, resolve));
  realExit(0);
});
