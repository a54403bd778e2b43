import { fileURLToPath } from 'node:url';
import type { RunEvent } from '../model/events.ts';
import type { TestError } from '../model/results.ts';
import type { TestCase } from '../model/test-case.ts';
import type { ForeignSuiteOptions } from '../runners/foreign-suites.ts';
import { STOP_GRACE_MS, trackChildProcess } from './child-processes.ts';
import { forkTypeScript } from './fork-worker.js';
import type { SuiteHostMessage, SuiteProcessMessage } from './suite-process-protocol.ts';

// Compiled .js in the package; tsx resolves it to the .ts in the repository.
const SUITE_MAIN = fileURLToPath(new URL('./suite-process-main.js', import.meta.url));
/** After a timeout's deadline, how long the suite's process has to notice it itself before it is killed. */
const TIMEOUT_KILL_GRACE_MS = 2000;
const OUTPUT_TAIL = 8 * 1024;

export interface SuiteProcessOptions extends ForeignSuiteOptions {
  /** The suite's tests, when its runner listed them (robot): those its process did not get to are reported as not run. */
  tests?: readonly TestCase[];
}

type Ending = { kind: 'timeout'; message: string } | { kind: 'interrupt' };

/**
 * Runs one foreign suite in a process of its own (suite-process-main.ts)
 * and forwards its events (issue 13). If that process dies before the
 * suite ended (killed because a keyword blocked it past its timeout,
 * interrupted, crashed), the test it was running fails with the cause, the
 * suite's other planned tests fail as not run, and the suite ends with an
 * error; the run goes on.
 */
export async function runSuiteInItsProcess(options: SuiteProcessOptions): Promise<void> {
  const { suite, files, only, rootDir, runDir, environment, childEnv, emit, signal, tests = [] } = options;
  const child = forkTypeScript(SUITE_MAIN, { cwd: rootDir, env: { ...process.env } });
  trackChildProcess(child);
  const progress = new SuiteProgress();
  let tail = '';
  // What the suite prints (Robot's Log To Console) goes where it went when it ran in the tollgate process.
  const forward = (target: NodeJS.WriteStream) => (chunk: Buffer) => {
    target.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL);
  };
  child.stdout!.on('data', forward(process.stdout));
  child.stderr!.on('data', forward(process.stderr));

  let ending: Ending | undefined;
  const stop = (why: Ending) => {
    if (ending) return;
    ending = why;
    child.kill('SIGKILL');
  };
  // Timeouts the suite's code runs under: a process that has not ended one well past its deadline is blocked.
  const watching = new Map<number, { deadline: number; message: string }>();
  let watchdog: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(watchdog);
    const first = [...watching.values()].reduce<{ deadline: number; message: string } | undefined>((a, b) => (!a || b.deadline < a.deadline ? b : a), undefined);
    if (first) watchdog = setTimeout(() => stop({ kind: 'timeout', message: first.message }), Math.max(0, first.deadline + TIMEOUT_KILL_GRACE_MS - Date.now()));
  };
  let abortTimer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    if (child.connected) child.send({ type: 'abort' } satisfies SuiteHostMessage);
    abortTimer = setTimeout(() => stop({ kind: 'interrupt' }), STOP_GRACE_MS);
  };

  child.on('message', (message: SuiteProcessMessage) => {
    if (message.type === 'event') {
      progress.see(message.event);
      emit(message.event);
    } else if (message.type === 'timeout.start') {
      watching.set(message.id, { deadline: Date.now() + message.ms, message: message.message });
      arm();
    } else if (message.type === 'timeout.end') {
      watching.delete(message.id);
      arm();
    }
  });
  // 'close' comes once the process exited and its output and IPC channel are read to the end.
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.on('close', (code, exitSignal) => resolve({ code, signal: exitSignal }));
    child.on('error', (error) => resolve({ code: null, signal: null, error }));
  });
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  child.send({ type: 'run', suite, files, ...(only ? { only: [...only] } : {}), rootDir, runDir, environment, childEnv } satisfies SuiteHostMessage);
  const exit = await closed;
  clearTimeout(watchdog);
  clearTimeout(abortTimer);
  signal.removeEventListener('abort', onAbort);
  if (progress.suiteEnded) return;

  // The process died before its suite ended: say why, where it can be known, and what did not run.
  const time = new Date().toISOString();
  const running = progress.running;
  const how = exit.error ? `could not be started (${exit.error.message})` : exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const during = running ? ` while "${running.testId}" ran` : '';
  const what =
    ending?.kind === 'timeout'
      ? `was killed${during}: ${ending.message} A keyword blocked the process (a synchronous loop?), and nothing else could stop it.`
      : ending?.kind === 'interrupt'
        ? 'was stopped: the run was interrupted.'
        : `${how}${during} (process.kill, a native crash, out of memory?).`;
  if (!progress.suiteBegun) emit({ type: 'suite.begin', time, suite: suite.name });
  if (running) {
    const status = ending?.kind === 'interrupt' ? 'interrupted' : ending?.kind === 'timeout' ? 'timedOut' : 'failed';
    const error: TestError = {
      message: ending?.kind === 'timeout' ? `${ending.message} A keyword blocked the suite's process (a synchronous loop?), so the process was killed.` : ending?.kind === 'interrupt' ? 'The run was interrupted while this test ran.' : `The suite's process ${what}`,
      ...(!ending && tail.trim() ? { stack: tail.trim() } : {}),
    };
    emit({ type: 'test.end', time, testId: running.testId, attempt: running.attempt, status, duration: Date.now() - running.startedAt, errors: [error], annotations: [], outcome: status === 'interrupted' ? 'interrupted' : 'failed' });
  }
  let notRun = 0;
  if (ending?.kind !== 'interrupt') {
    for (const test of tests) {
      if (progress.final.has(test.id) || test.id === running?.testId) continue;
      notRun++;
      if (!progress.added.has(test.id)) emit({ type: 'test.add', time, test });
      const attempt = progress.nextAttempt(test.id);
      emit({ type: 'test.begin', time, testId: test.id, attempt, workerIndex: 0 });
      emit({ type: 'test.end', time, testId: test.id, attempt, status: 'failed', duration: 0, errors: [{ message: `Not run: the suite's process ${what}` }], annotations: [], outcome: 'failed' });
    }
  }
  emit({ type: 'suite.end', time, suite: suite.name, error: { message: `the suite's process ${what}${notRun ? ` ${notRun} of its tests did not run.` : ''}` } });
}

/** What the tollgate process has seen of a suite, to finish it for a process that died. */
class SuiteProgress {
  suiteBegun = false;
  suiteEnded = false;
  running: { testId: string; attempt: number; startedAt: number } | undefined;
  readonly added = new Set<string>();
  readonly final = new Set<string>();
  private readonly attempts = new Map<string, number>();

  see(event: RunEvent): void {
    if (event.type === 'suite.begin') this.suiteBegun = true;
    else if (event.type === 'suite.end') this.suiteEnded = true;
    else if (event.type === 'test.add') this.added.add(event.test.id);
    else if (event.type === 'test.begin') {
      this.running = { testId: event.testId, attempt: event.attempt, startedAt: Date.now() };
      this.attempts.set(event.testId, event.attempt);
    } else if (event.type === 'test.end') {
      this.running = undefined;
      if (event.outcome) this.final.add(event.testId);
    }
  }

  nextAttempt(testId: string): number {
    const last = this.attempts.get(testId);
    return last === undefined ? 0 : last + 1;
  }
}
