import { isDriverStartError } from './driver-start-error.ts';

/**
 * A driver that ran but could not hold its side of a measurement, so the
 * measurement says nothing about the system (issue 13.8): a packet burst
 * that arrived short while the machine it shares with the switch was
 * saturated, or while the injector itself sent below the rate the test
 * expected. Thrown from a test body (or a driver's check) instead of the
 * test's failure: tollgate marks the error `harness`, the gate judges the
 * run ERROR (exit 3) naming the cause, and Allure shows the test as
 * broken, never as FAIL. Unlike a DriverStartError it is not retried by
 * itself: the test's own `retries` apply, as to any failed attempt.
 *
 * @example
 *   if (machineBusy >= 0.9 && received < sent)
 *     throw new HarnessMeasurementError('packet', `inconclusive: the machine was ${machineBusy * 100}% busy; ${received} of ${sent} frames arrived`);
 */
const HARNESS_MEASUREMENT = Symbol.for('tollgate.harnessMeasurementError');

export class HarnessMeasurementError extends Error {
  /** Marks the error across module copies (a driver may load its own copy of tollgate). */
  readonly [HARNESS_MEASUREMENT]: true = true;

  constructor(readonly driver: string, message: string, options?: { cause?: unknown }) {
    super(`driver "${driver}" could not measure: ${message}`, options);
    this.name = 'HarnessMeasurementError';
  }
}

export function isHarnessMeasurementError(error: unknown): error is HarnessMeasurementError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[HARNESS_MEASUREMENT] === true;
}

/** Whether a thrown value is the harness's fault (a driver that could not start, or could not measure), not the test's. */
export function isHarnessFault(error: unknown): boolean {
  return isDriverStartError(error) || isHarnessMeasurementError(error);
}
