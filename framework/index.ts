/**
 * The public API of tollgate. suites/, drivers/, reporters/ and
 * environments/ import the framework only through this module.
 *
 * @example
 *   import { test, expect } from 'tollgate';
 *   test('adds', () => { expect(1 + 1).toBe(2); });
 */
import { createTestType } from './runners/native/test-type.ts';

export { expect } from './runners/native/expect.ts';
export type { Expect, Assertions, PollAssertions, PollOptions } from './runners/native/expect.ts';
export type { RetryOptions } from './runners/native/expect-retry.ts';
export type * from './model/index.ts';
export * from './model/values.ts';
export { defineConfig } from './config/define-config.ts';
export { defineEnvironment } from './config/define-environment.ts';
export { defineDriver } from './runners/native/define-driver.ts';
export { DriverStartError, isDriverStartError, withStartTimeout } from './runners/native/driver-start-error.ts';
export { HarnessMeasurementError, isHarnessFault, isHarnessMeasurementError } from './runners/native/harness-measurement-error.ts';
export { skipMissingCapability } from './runners/native/capability-skip.ts';
export type { MetricOptions, TestInfo } from './runners/native/test-info.ts';
export { inRunningTest } from './runners/native/test-info.ts';
export type { TestType, TestDetails, Fixtures, TestFixture, WorkerFixture, WorkerInfo, BuiltinWorkerFixtures } from './runners/native/test-type.ts';
export type { FixtureScope } from './runners/native/fixture-pool.ts';

/** Declares a test. Extend it with drivers: `const test = base.extend({ ...apiDriver })`. */
export const test = createTestType();
