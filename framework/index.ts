/**
 * The public API of tollgate. suites/, drivers/, reporters/ and
 * environments/ import the framework only through this module.
 */
export { expect } from 'expect';
export type * from './model/index.ts';
export { ExitCode, makeTestId, defineReporter, SUITE_KINDS } from './model/index.ts';
export { defineConfig } from './config/define-config.ts';
export { defineEnvironment } from './config/define-environment.ts';
