/**
 * Gives the event loop a turn now and then during a long FOR or WHILE
 * (issue 15, item 3). Keywords that settle without real I/O (`Evaluate`,
 * `Set Variable`) run as microtasks one after another, and timers (a test
 * or keyword timeout) and messages (the run's SIGTERM) would wait for the
 * loop to end. A turn every 20 ms costs one setImmediate, whatever the
 * number of iterations, so the loop stays linear.
 */
const TURN_MS = 20;

export class LoopPacer {
  private last = performance.now();

  /** Resolves at once, or after a turn of the event loop when the loop has run for a while without one. */
  async tick(): Promise<void> {
    if (performance.now() - this.last < TURN_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    this.last = performance.now();
  }
}
