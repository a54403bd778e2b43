/**
 * The entry of the run fixtures' process (issue 13): run-scoped fixtures are
 * set up at the start of the run and torn down at its end here, not in the
 * tollgate process. process.exit throws; it, an uncaught exception and a
 * late rejection are reported as errors of the run, whenever they happen.
 */
import type { ResolvedEnvironment } from '../model/environment.ts';
import type { TestError } from '../model/results.ts';
import type { PlannedFile } from '../plan/plan.ts';
import { toTestError } from '../runners/native/test-error.ts';
import { ProcessExitError, refuseProcessExit } from './refuse-process-exit.ts';
import { setUpRunFixtures } from './run-fixtures.ts';

export type RunFixturesHostMessage =
  | { type: 'setup'; files: PlannedFile[]; environment: ResolvedEnvironment; rootDir: string }
  | { type: 'teardown' };

export type RunFixturesMessage =
  | { type: 'ready'; values: Record<string, unknown> }
  | { type: 'failed'; error: TestError }
  /** Something the fixtures' code did outside any await: an error of the run. */
  | { type: 'error'; error: TestError }
  | { type: 'torn-down'; errors: TestError[] };

const send = (message: RunFixturesMessage) => {
  if (process.connected) process.send!(message);
};
let rootDir = process.cwd();
/** A refused exit by its message alone (its stack is tollgate's); anything else with the user's location. */
const describe = (thrown: unknown): TestError => (thrown instanceof ProcessExitError ? { message: thrown.message } : toTestError(thrown, rootDir));

const realExit = refuseProcessExit('a run-scoped fixture', (error) => send({ type: 'error', error: describe(error) }));
process.on('disconnect', () => realExit(0));
// A terminal's Ctrl-C reaches the whole process group; the tollgate process decides what stops.
process.on('SIGINT', () => {});
const onUncaught = (error: unknown) => {
  if (!(error instanceof ProcessExitError)) send({ type: 'error', error: describe(error) });
};
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);

let fixtures: Awaited<ReturnType<typeof setUpRunFixtures>> | undefined;
process.on('message', async (message: RunFixturesHostMessage) => {
  if (message.type === 'setup') {
    rootDir = message.rootDir;
    try {
      fixtures = await setUpRunFixtures({ files: message.files }, message.environment, message.rootDir);
      send({ type: 'ready', values: fixtures.values });
    } catch (error) {
      send({ type: 'failed', error: { message: (error as Error).message, ...((error as Error).stack ? { stack: (error as Error).stack } : {}) } });
    }
    return;
  }
  const errors: TestError[] = [];
  await fixtures?.teardown().catch((error: unknown) => errors.push(describe(error)));
  // Exiting drops messages still queued (process.send is asynchronous): wait until the last one is written.
  if (process.connected) await new Promise((resolve) => process.send!({ type: 'torn-down', errors } satisfies RunFixturesMessage, undefined, undefined, resolve));
  realExit(0);
});
