/**
 * `tollgate/reporter`: what a reporter needs — the event and result types,
 * the run-state reducer, defineReporter — without the test API. The
 * tollgate process loads every reporter it is given; through `tollgate`
 * it would also load `expect` and the native runner, which only workers
 * need. (Playwright splits the same way: `@playwright/test/reporter`.)
 *
 * @example
 *   import { defineReporter, applyEvent, createRunState } from 'tollgate/reporter';
 */
export type * from './model/index.ts';
// Values straight from the files that hold them: model/index.ts would also load the
// type-only model files, which every worker and the tollgate process would pay for.
export { ExitCode } from './model/exit-codes.ts';
export { makeTestId, SUITE_KINDS } from './model/test-case.ts';
export { defineReporter } from './model/reporter.ts';
export { applyEvent, buildRunState, countOutcomes, createRunState, lastAttempt, outcomeOf } from './model/run-state.ts';
