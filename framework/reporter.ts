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
export * from './model/values.ts';
