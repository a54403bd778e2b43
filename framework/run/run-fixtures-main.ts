/**
 * The entry of the run fixtures' process (issue 13): run-scoped fixtures are
 * set up at the start of the run and torn down at its end here, not in the
 * tollgate process (serveUserCode: process.exit throws; it, an uncaught
 * exception and a late rejection are errors of the run, whenever they happen).
 */
import type { ResolvedEnvironment } from '../model/environment.ts';
import type { TestError } from '../model/results.ts';
import type { PlannedFile } from '../plan/plan.ts';
import { toTestError } from '../runners/native/test-error.ts';
import { setUpRunFixtures } from './run-fixtures.ts';
import { serveUserCode } from './user-code-main.ts';

export interface RunFixturesSetup {
  files: PlannedFile[];
  environment: ResolvedEnvironment;
  rootDir: string;
}

let rootDir = process.cwd();
let fixtures: Awaited<ReturnType<typeof setUpRunFixtures>> | undefined;

serveUserCode(
  'a run-scoped fixture',
  {
    setup: async (message: RunFixturesSetup) => {
      rootDir = message.rootDir;
      fixtures = await setUpRunFixtures({ files: message.files }, message.environment, message.rootDir);
      return fixtures.values;
    },
    /** Every teardown's error, as the run's errors: one fixture failing to tear down does not stop the others' teardown. */
    teardown: async (): Promise<TestError[]> => {
      const errors: TestError[] = [];
      await fixtures?.teardown().catch((error: unknown) => errors.push(toTestError(error, rootDir)));
      return errors;
    },
  },
  () => rootDir,
);
