/**
 * Thrown instead of ending the process when user code calls process.exit()
 * in a process tollgate needs (a suite's process, the run fixtures'
 * process, the tollgate process during a run). Where the call was made in a
 * keyword or fixture, it fails that; from a timer, it becomes an uncaught
 * error, which the process reports as an error of what was running.
 */
export class ProcessExitError extends Error {
  constructor(code: unknown, what: string) {
    super(`process.exit(${code ?? ''}) was called by ${what}. User code must not end tollgate's processes: throw an error instead.`);
    this.name = 'ProcessExitError';
  }
}

/**
 * Replaces process.exit with a function that throws ProcessExitError (and
 * tells `onCall`, so that a call whose error is caught and ignored still
 * counts), until `settled` gives an exit code. Returns the real exit, for
 * the process's own ending.
 */
export function refuseProcessExit(what: string, onCall?: (error: ProcessExitError) => void, options: { settled?: () => number | undefined } = {}): (code?: number) => never {
  const realExit = process.exit.bind(process) as (code?: number) => never;
  process.exit = ((code?: number) => {
    // Once the process's outcome is settled, any exit ends it with that code, whoever asks.
    const settled = options.settled?.();
    if (settled !== undefined) return realExit(settled);
    const error = new ProcessExitError(code, what);
    onCall?.(error);
    throw error;
  }) as typeof process.exit;
  return realExit;
}
