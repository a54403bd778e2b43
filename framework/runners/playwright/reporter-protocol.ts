/**
 * The messages tollgate-reporter.mjs sends from Playwright's process, one
 * JSON object per line. Paths are absolute; statuses are Playwright's.
 */

export interface PwLocation {
  file: string;
  line: number;
  column: number;
}

export interface PwError {
  message: string;
  stack?: string;
  snippet?: string;
  value?: string;
  location?: PwLocation;
}

export interface PwTest {
  /** Playwright's own test id (stable within a run). */
  id: string;
  project: string;
  /** describe titles, then the test's title (no project, no file). */
  titlePath: string[];
  file: string;
  line: number;
  column: number;
  /** With their '@'. */
  tags: string[];
  annotations: { type: string; description?: string }[];
  expectedStatus: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
  retries: number;
  timeout: number;
}

export interface PwAttachment {
  name: string;
  contentType: string;
  /** A copy in the stage folder (or Playwright's own path when there is no stage). */
  path?: string;
  base64?: string;
  /** Why the file could not be copied. */
  missing?: string;
}

export type PwMessage =
  | { t: 'begin'; version: string; configFile?: string; workers: number; tests: PwTest[] }
  | { t: 'test.begin'; id: string; retry: number; workerIndex: number; startTime: string }
  | { t: 'step.begin'; id: string; retry: number; stepId: string; parentStepId?: string; title: string; category: string; location?: PwLocation }
  | { t: 'step.end'; id: string; retry: number; stepId: string; duration: number; error?: PwError }
  | { t: 'out'; stream: 'stdout' | 'stderr'; text: string; id?: string; retry?: number }
  | {
      t: 'test.end';
      id: string;
      retry: number;
      status: 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted';
      duration: number;
      errors: PwError[];
      annotations: { type: string; description?: string }[];
      attachments: PwAttachment[];
      final: boolean;
      /** Playwright's test.outcome(), on the final attempt. */
      outcome?: 'expected' | 'unexpected' | 'flaky' | 'skipped';
    }
  | { t: 'error'; error: PwError }
  | { t: 'end'; status: 'passed' | 'failed' | 'timedout' | 'interrupted' };
