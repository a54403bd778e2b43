/**
 * A driver that could not start: a browser that did not launch or open a
 * page, a capture that could not open (issue 13.8). The harness failed, not
 * the system under test, so a driver throws this from its setup, before
 * use(), and tollgate:
 *
 * 1. sets the fixture up once more (a start that fails once is often a
 *    busy machine, not a broken one);
 * 2. when that fails too, ends the test with the error marked `harness`,
 *    which the gate judges as the run's ERROR (exit 3) and Allure shows as
 *    broken, never as the test's FAIL.
 *
 * @example
 *   setup: async ({ context }, use) => {
 *     // A newPage() that hangs becomes DriverStartError('page', 'newPage() did not finish within 5000 ms').
 *     await use(await withStartTimeout('page', 'newPage()', context.newPage(), 5_000));
 *   }
 */
const DRIVER_START = Symbol.for('tollgate.driverStartError');

export class DriverStartError extends Error {
  /** Marks the error across module copies (a driver may load its own copy of tollgate). */
  readonly [DRIVER_START]: true = true;

  constructor(readonly driver: string, message: string, options?: { cause?: unknown }) {
    super(`driver "${driver}" could not start: ${message}`, options);
    this.name = 'DriverStartError';
  }
}

export function isDriverStartError(error: unknown): error is DriverStartError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[DRIVER_START] === true;
}

/** Races `start` against a time limit well under the test's, so a start that hangs ends as a DriverStartError the harness can retry. */
export async function withStartTimeout<T>(driver: string, what: string, start: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DriverStartError(driver, `${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([start, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
