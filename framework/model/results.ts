import type { Location } from './test-case.ts';

/** How one attempt of a test ended. */
export type AttemptStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';

/**
 * How a test ended over all its attempts.
 * - passed: its last attempt ended as expected on the first try
 * - flaky: failed, then passed on a retry
 * - failed: did not end as expected on any attempt (this includes timeouts and crashes)
 * - skipped: skipped by an annotation or by its runner
 * - interrupted: the run stopped while it ran; never counts as an outcome for the gate
 */
export type TestOutcome = 'passed' | 'flaky' | 'failed' | 'skipped' | 'interrupted';

export interface TestError {
  message: string;
  stack?: string;
  /** A diff of expected against received, when the assertion library gives one (no colour codes). */
  diff?: string;
  location?: Location;
  /** A short source excerpt around the location, with a marker on the failing line. */
  snippet?: string;
  /** Set when something that is not an Error was thrown: its printed form. */
  value?: string;
  /**
   * Set when the harness failed, not the test: a driver fixture that could not
   * start even on a second try (DriverStartError), or a driver that could not
   * hold its side of a measurement (HarnessMeasurementError: a packet burst
   * cut short on a saturated machine). The gate judges such a test as the
   * run's ERROR, never as its FAIL.
   */
  harness?: true;
}

export interface Attachment {
  name: string;
  contentType: string;
  /** Relative to the run directory; artifacts live under artifacts/. */
  path?: string;
  /** Small text bodies are inlined (utf8). */
  body?: string;
}
