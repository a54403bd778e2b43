/**
 * The entry of a worker process. It stays up between jobs, so the
 * TypeScript loader and the framework load once per worker, not once per
 * file. It talks to the tollgate process over IPC only.
 */
// Loaded now, while the tollgate process reads its config: the test files this worker collects import it first thing.
import '../index.ts';
import { Redactor } from '../events/redactor.ts';
import { collectInProcess } from '../plan/collect-tests.ts';
import type { RunEvent } from '../model/events.ts';
import { JobRunner } from '../runners/native/job-runner.ts';
import { currentRunning } from '../runners/native/test-info.ts';
import { toTestError } from '../runners/native/test-error.ts';
import { lateErrorEvent, pendingResources, waitForLateErrors } from './late-errors.ts';
import type { HostMessage, WorkerInit, WorkerMessage } from './protocol.ts';
import { refuseProcessExit } from './refuse-process-exit.ts';

const realExit = process.exit.bind(process);
// Without the tollgate process (killed, crashed) there is no one to report to: a worker never outlives it.
const send = (message: WorkerMessage) => {
  if (process.connected) process.send!(message);
};
process.on('disconnect', () => realExit(0));
let init: WorkerInit | undefined;
let runner: JobRunner | undefined;
/** What the worker itself keeps open (IPC, stdio) once it is ready: anything beyond it at stop was left by a test. */
let baseline: ReturnType<typeof pendingResources> | undefined;

// process.exit inside a test would end the worker: turn it into an error of that test (the same refusal as the suites' and run fixtures' processes).
refuseProcessExit('a test while it ran');

// A terminal's Ctrl-C reaches the whole process group; the tollgate process decides what stops.
process.on('SIGINT', () => {});

function emit(event: RunEvent): void {
  send({ type: 'event', event });
}

// Node calls these in the async context of the code that threw (or of the rejected promise): that names the test that started it.
function onUncaught(error: unknown): void {
  const origin = currentRunning()?.info;
  if (runner?.failCurrent(error, origin)) return;
  emit(lateErrorEvent(error, init?.rootDir ?? process.cwd(), origin, runner?.lastTest()));
}
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);

// What tests print goes to their result, attributed to the running test.
for (const stream of ['stdout', 'stderr'] as const) {
  process[stream].write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const running = currentRunning();
    emit({ type: 'log', time: new Date().toISOString(), stream, text, testId: running?.info.testId, attempt: running?.info.retry });
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  }) as typeof process.stdout.write;
}

/** Variables the tollgate process set or removed after it forked this worker. */
function applyEnv(changes: Record<string, string | null> | undefined): void {
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete process.env[key];
    else process.env[key] = value;
  }
}

process.on('message', async (message: HostMessage) => {
  switch (message.type) {
    case 'init': {
      init = message;
      applyEnv(message.env);
      const redactor = new Redactor(Object.values(message.environment.secrets));
      runner = new JobRunner(
        {
          rootDir: message.rootDir,
          runDir: message.runDir,
          workerIndex: message.workerIndex,
          redactor,
          emit,
          onTimeoutChange: (timeout) => {
            const running = currentRunning();
            if (running) send({ type: 'timeout', testId: running.info.testId, attempt: running.info.retry, timeout });
          },
        },
        { env: message.environment },
        message.runFixtures,
      );
      baseline = pendingResources();
      send({ type: 'ready' });
      break;
    }
    case 'collect': {
      applyEnv(message.env);
      send({ type: 'collected', files: await collectInProcess(message.requests, message.rootDir) });
      break;
    }
    case 'run': {
      const result = await runner!.run(message.file, message.suite, message.tests);
      send({ type: 'done', jobId: message.jobId, ...result });
      break;
    }
    case 'stop': {
      const errors = (await runner?.stop()) ?? [];
      for (const error of errors) emit({ type: 'error', time: new Date().toISOString(), source: 'fixture teardown', error: toTestError(error, init!.rootDir) });
      // A timer or promise a test left behind may still throw: give it the grace period, counted from the last test's end.
      if (runner?.lastEndedAt !== undefined && baseline) await waitForLateErrors(baseline, runner.lastEndedAt + message.lateErrorGraceMs);
      // Exiting drops messages still queued in this process (process.send is asynchronous): wait until the last one is written.
      if (process.connected) await new Promise((resolve) => process.send!({ type: 'stopped' } satisfies WorkerMessage, undefined, undefined, resolve));
      process.disconnect?.();
      realExit(0);
    }
  }
});
