import { fileURLToPath } from 'node:url';
import type { RunEvent } from '../model/events.ts';
import type { Reporter, ReporterContext } from '../model/reporter.ts';
import { UserCodeProcess } from '../run/user-code-process.ts';
import type { ReporterEnd, ReporterLoad, ReporterTraits } from './reporter-process-main.ts';

// Compiled .js in the package; tsx resolves it to the .ts in the repository.
const REPORTER_MAIN = fileURLToPath(new URL('./reporter-process-main.js', import.meta.url));
/** How long a custom reporter's onEnd may take before its process is killed (TOLLGATE_REPORTER_END_TIMEOUT, ms). */
const END_TIMEOUT_MS = Number(process.env.TOLLGATE_REPORTER_END_TIMEOUT) || 60_000;
/** How long its module and factory may take. */
const LOAD_TIMEOUT_MS = 60_000;
/** After SIGINT/SIGTERM, how long the reporter has to catch up with the events sent to it: within the run guard's FORCE_END_MS. */
const INTERRUPT_ANSWER_MS = 3000;

/**
 * A custom reporter (a module the user gave) in a process of its own
 * (issue 13), seen from the run as an ordinary Reporter: events go to it
 * without waiting, and what its code throws (in onEvent, or from a timer)
 * fails it at the next event or at the end, which fails the gate as for
 * any reporter (event-bus.ts). Its onEnd is bounded: past END_TIMEOUT_MS,
 * or a moment after SIGINT/SIGTERM, its process is killed and it has
 * failed. Nothing it does can starve the tollgate process.
 */
export async function loadReporterInItsProcess(load: ReporterLoad, signal: AbortSignal | undefined, run: Required<Pick<ReporterContext, 'outputs' | 'attestation'>>): Promise<Reporter> {
  let failure: Error | undefined;
  const reporter = new UserCodeProcess({
    entry: REPORTER_MAIN,
    cwd: load.rootDir,
    onStrayError: (error) => (failure ??= new Error(error.message)),
  });
  let traits: ReporterTraits;
  try {
    traits = await reporter.call<ReporterTraits>('load', load, { timeoutMs: LOAD_TIMEOUT_MS, timeoutMessage: `it did not load within ${LOAD_TIMEOUT_MS / 1000} s (a synchronous loop at its top level?)`, ...(signal ? { signal } : {}) });
  } catch (error) {
    await reporter.stop();
    throw error;
  }
  // An interrupted run still writes its reports; but a reporter stuck in a synchronous loop would keep the run from ending: it is killed.
  const onAbort = () => void reporter.call('ping', undefined, { timeoutMs: INTERRUPT_ANSWER_MS, timeoutMessage: `the run was interrupted, and it did not answer within ${INTERRUPT_ANSWER_MS / 1000} s (a synchronous loop?)` }).catch(() => {});
  signal?.addEventListener('abort', onAbort, { once: true });
  const fail = () => {
    if (failure) throw failure;
    if (reporter.ended) throw new Error(reporter.describeEnd());
  };
  return {
    printsToStdout: traits.printsToStdout,
    outputs: traits.outputs,
    onEvent(event: RunEvent) {
      fail();
      reporter.notify('event', event);
    },
    async onEnd() {
      try {
        fail();
        await reporter.call('end', { outputs: [...run.outputs()], attestation: run.attestation() } satisfies ReporterEnd, { timeoutMs: END_TIMEOUT_MS, timeoutMessage: `it did not finish its onEnd within ${END_TIMEOUT_MS / 1000} s`, graceMs: INTERRUPT_ANSWER_MS, ...(signal ? { signal } : {}) });
        fail();
      } finally {
        signal?.removeEventListener('abort', onAbort);
        await reporter.stop();
      }
    },
  };
}
