/**
 * The retry loop behind `expect.poll()` and `toPass()`, as Playwright runs
 * it: try, and on failure wait the next interval (the last one repeats)
 * until the timeout. The last failure is the one reported, so the person
 * reading it sees what the value was when time ran out.
 */
export interface RetryOptions {
  /** Milliseconds; 0 retries until the test's own timeout stops it. */
  timeout?: number;
  /** Waits between tries, in ms; the last one repeats. Default [100, 250, 500, 1000]. */
  intervals?: number[];
}

export const DEFAULT_INTERVALS = [100, 250, 500, 1000];

/** `callsite`: an Error made where the user called, so the failure points at their line, not at this loop. */
export async function retryUntil(attempt: () => Promise<void>, options: RetryOptions, what: string, callsite: Error): Promise<void> {
  const timeout = options.timeout ?? 0;
  const intervals = options.intervals?.length ? options.intervals : DEFAULT_INTERVALS;
  const deadline = timeout > 0 ? performance.now() + timeout : Infinity;
  for (let i = 0; ; i++) {
    try {
      await attempt();
      return;
    } catch (error) {
      const wait = intervals[Math.min(i, intervals.length - 1)];
      if (performance.now() + wait > deadline) {
        const message = error instanceof Error ? error.message : String(error);
        const timedOut = new Error(`${what}: timeout ${timeout}ms exceeded after ${i + 1} tries.\n\n${message}`);
        timedOut.stack = `Error: ${timedOut.message}\n${(callsite.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).join('\n')}`;
        throw timedOut;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
