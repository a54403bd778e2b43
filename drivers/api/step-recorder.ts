/**
 * How the api driver reports what it does. In a running tollgate test it
 * records steps (category 'api') and attachments through the public test
 * API; anywhere else (a worker-scoped fixture, a script, a unit test) it
 * runs the body and keeps nothing. Tests of the driver inject their own.
 */
import { inRunningTest, test } from 'tollgate';

export interface StepRecorder {
  /** Runs `body` as a step named `title`; the step fails when body throws. */
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  /** Attaches a text body to the current test. */
  attach(name: string, body: string, contentType: string): Promise<void>;
}

/** Records into the running tollgate test, if there is one. */
export const testStepRecorder: StepRecorder = {
  step(title, body) {
    return inRunningTest() ? test.step(title, body, { category: 'api' }) : body();
  },
  async attach(name, body, contentType) {
    if (inRunningTest()) await test.info().attach(name, { body, contentType });
  },
};
