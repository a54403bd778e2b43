import type { SuiteRunnerContext } from '../../model/runner.ts';

/**
 * Variables that describe the process tollgate itself runs in and would
 * change how a child behaves: under `node --test`, NODE_TEST_CONTEXT turns a
 * child's `node --test` into a v8-serialised stream instead of TAP; under
 * tap, TAP and TAP_CHILD_ID make a child tap believe it is one of tap's files.
 */
const INHERITED_BUT_HARMFUL = ['NODE_TEST_CONTEXT', 'TAP', 'TAP_CHILD_ID', 'TAP_JOB_ID'];

/** The environment of a foreign suite's process: ours, then the run's, then the suite's, then the runner's own. */
export function childProcessEnv(ctx: Pick<SuiteRunnerContext, 'childEnv' | 'suite'>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_BUT_HARMFUL) delete env[name];
  return { ...env, ...ctx.childEnv, ...(ctx.suite.env ?? {}), ...extra };
}
