/**
 * The clock and the emergency brake of one running test. Everything the
 * test runs goes through race(): it settles when the work settles, when
 * the timeout passes, or when an uncaught error from the test's own
 * callbacks arrives, whichever comes first.
 */
export class TimeoutError extends Error {
  constructor(readonly timeout: number) {
    super(`Test timeout of ${timeout}ms exceeded.`);
    this.name = 'TimeoutError';
  }
}

export class AttemptControl {
  private started = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private reject: ((error: unknown) => void) | null = null;
  private readonly pending: unknown[] = [];

  constructor(private timeout: number) {}

  /** Starts a fresh budget of the same length (for the teardown phase after a failure). */
  restart(): void {
    this.started = performance.now();
  }

  setTimeout(timeout: number): void {
    this.timeout = timeout;
    if (this.reject) this.arm(this.reject);
  }

  race<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.pending.length) return reject(this.pending.shift());
      this.reject = reject;
      this.arm(reject);
      work().then(resolve, reject).finally(() => {
        clearTimeout(this.timer);
        this.reject = null;
      });
    });
  }

  /** An uncaught exception or unhandled rejection while this test ran. */
  fail(error: unknown): void {
    if (this.reject) this.reject(error);
    else this.pending.push(error);
  }

  /** Errors that arrived while nothing was racing. */
  drain(): unknown[] {
    return this.pending.splice(0);
  }

  private arm(reject: (error: unknown) => void): void {
    clearTimeout(this.timer);
    if (this.timeout <= 0) return;
    const left = Math.max(0, this.started + this.timeout - performance.now());
    const timeout = this.timeout;
    this.timer = setTimeout(() => reject(new TimeoutError(timeout)), left);
  }
}
