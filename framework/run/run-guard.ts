import { ExitCode } from '../model/exit-codes.ts';
import type { TestError } from '../model/results.ts';
import { toTestError } from '../runners/native/test-error.ts';
import { ProcessExitError, refuseProcessExit } from './refuse-process-exit.ts';

/** How long a run may take to stop after SIGINT/SIGTERM before it is ended where it stands. */
export const FORCE_END_MS = 5000;
/** How long reporters get to finish when a run is ended where it stands. */
export const REPORTS_GRACE_MS = 3000;

/** What executeRun lends the guard (attach). */
export interface GuardedRun {
  /** An error of the tollgate process during the run: the verdict is ERROR. */
  onError(error: TestError): void;
  /** Ends the run now, with a verdict from what is known and its reports; resolves with the exit code. */
  concludeNow(reason: string): Promise<number>;
}

/**
 * The tollgate process's last line of defence during a run (issue 13).
 * Tests, Robot suites and run fixtures run in processes of their own, but
 * some user code still runs here (the config, the environment's setup and
 * teardown, custom reporters). Whatever it does, the run ends with a
 * verdict and its reports, never exit 0 without one:
 *
 * 1. process.exit() is refused until the verdict is known (it throws, and
 *    the call is an error of the run); after it, any exit takes the
 *    verdict's exit code.
 * 2. An uncaught exception or unhandled rejection is an error of the run,
 *    not a crash with a stack trace.
 * 3. When the event loop runs dry before the verdict (code awaits what
 *    never comes), or the run has not stopped FORCE_END_MS after
 *    SIGINT/SIGTERM, the run is ended where it stands: verdict, reports, exit.
 * 4. Any other way out before the verdict exits non-zero.
 */
export class RunGuard {
  private run: GuardedRun | undefined;
  private readonly early: TestError[] = [];
  private exitCode: number | undefined;
  private realExit: ((code?: number) => never) | undefined;
  private forceTimer: NodeJS.Timeout | undefined;
  private interruptedBy: NodeJS.Signals | undefined;
  private ending = false;

  install(): this {
    this.realExit = refuseProcessExit('code running in the tollgate process (a config, environment, reporter or driver)', (error) => this.error({ message: error.message }), { settled: () => this.exitCode });
    const onUncaught = (error: unknown) => {
      if (!(error instanceof ProcessExitError)) this.error(toTestError(error, process.cwd()));
    };
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    process.on('beforeExit', () => {
      if (this.exitCode === undefined && this.run) void this.endNow('the run stopped short of its verdict: nothing was left to run while it waited (code in the tollgate process awaited a promise that never settles?)');
    });
    process.on('exit', (code) => {
      if (this.exitCode !== undefined || code !== 0) return;
      process.exitCode = ExitCode.Failed;
      process.stderr.write('tollgate: the process ended before the run had a verdict\n');
    });
    return this;
  }

  /** executeRun's part: where errors go, and how to end the run at once. Errors from before it are handed over. */
  attach(run: GuardedRun): void {
    this.run = run;
    for (const error of this.early.splice(0)) run.onError(error);
  }

  /** The verdict is known: from now on every exit takes its code. */
  settle(exitCode: number): void {
    this.exitCode = exitCode;
    clearTimeout(this.forceTimer);
  }

  /** The first SIGINT/SIGTERM: the run stops by itself, or is ended where it stands FORCE_END_MS later. */
  interrupted(signal: NodeJS.Signals): void {
    this.interruptedBy ??= signal;
    this.forceTimer ??= setTimeout(() => void this.endNow(`the run did not stop within ${FORCE_END_MS / 1000} s of ${signal}`), FORCE_END_MS);
  }

  /** Exits at once with `code` (a second Ctrl-C), the verdict known or not. */
  exitNow(code: number): never {
    this.exitCode ??= code;
    return (this.realExit ?? process.exit)(code);
  }

  private error(error: TestError): void {
    if (this.exitCode !== undefined) {
      process.stderr.write(`tollgate: after the verdict: ${error.stack ?? error.message}\n`);
      process.exitCode = this.exitCode || ExitCode.Failed;
    }
    else if (this.run) this.run.onError(error);
    else this.early.push(error);
  }

  private async endNow(reason: string): Promise<void> {
    if (!this.run || this.ending) return;
    this.ending = true;
    process.stderr.write(`\ntollgate: ${reason}; ending the run where it stands\n`);
    // Reporters that do not finish in time do not keep the exit waiting: verdict.json is written already.
    const fallback = this.interruptedBy ? ExitCode.Interrupted : ExitCode.Failed;
    let code: number = fallback;
    try {
      code = await Promise.race([this.run.concludeNow(reason), new Promise<number>((resolve) => setTimeout(() => resolve(fallback), 2 * REPORTS_GRACE_MS))]);
    } catch (error) {
      process.stderr.write(`tollgate: the run could not be concluded: ${(error as Error).stack ?? String(error)}\n`);
    }
    this.exitNow(code);
  }
}
