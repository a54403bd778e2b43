import { fileURLToPath } from 'node:url';
import type { ResolvedEnvironment } from '../model/environment.ts';
import type { RunEvent } from '../model/events.ts';
import type { TestError } from '../model/results.ts';
import type { Plan } from '../plan/plan.ts';
import type { RunFixturesSetup } from './run-fixtures-main.ts';
import { UserCodeProcess } from './user-code-process.ts';

// Compiled .js in the package; tsx resolves it to the .ts in the repository.
const RUN_FIXTURES_MAIN = fileURLToPath(new URL('./run-fixtures-main.js', import.meta.url));

export interface RunFixtures {
  values: Record<string, unknown>;
  teardown(): Promise<void>;
}

/**
 * Sets the run-scoped fixtures up in a process of their own
 * (run-fixtures-main.ts), which lives until their teardown (issue 13).
 * What their code does there outside any await (process.exit, a timer's
 * throw, a late rejection) is an error of the run; a process that dies
 * before its teardown is one too. On SIGINT/SIGTERM the process gets a
 * short grace to finish what it does, then it is killed; while the tests
 * run the fixtures are idle, so an interrupted run still tears them down.
 */
export async function setUpRunFixturesInItsProcess(plan: Pick<Plan, 'files'>, environment: ResolvedEnvironment, rootDir: string, run: { emit(event: RunEvent): void; signal: AbortSignal }): Promise<RunFixtures> {
  const error = (error: TestError) => run.emit({ type: 'error', time: new Date().toISOString(), source: 'run fixture', error });
  const fixtures = new UserCodeProcess({ entry: RUN_FIXTURES_MAIN, cwd: rootDir, onStrayError: error });
  let phase: 'setup' | 'running' | 'teardown' = 'setup';
  void fixtures.closed.then(() => {
    if (phase === 'running') error({ message: `the run fixtures' process ended during the run (${fixtures.describeEnd()}); their teardown did not run` });
  });
  let values: Record<string, unknown>;
  try {
    values = await fixtures.call<Record<string, unknown>>('setup', { files: plan.files, environment, rootDir } satisfies RunFixturesSetup, { signal: run.signal });
  } catch (thrown) {
    const died = fixtures.ended ? fixtures.describeEnd() : undefined;
    fixtures.kill('its set-up failed');
    if (run.signal.aborted) throw new Error('the run was interrupted while its run fixtures were set up');
    if (died) throw new Error(`the run fixtures' process ended before they were set up (${died})`);
    throw thrown;
  }
  phase = 'running';
  return {
    values,
    teardown: async () => {
      if (phase !== 'running') return;
      phase = 'teardown';
      let errors: TestError[];
      try {
        errors = await fixtures.call<TestError[]>('teardown', undefined, { signal: run.signal });
      } catch {
        throw new Error(run.signal.aborted ? 'the run was interrupted while its run fixtures were torn down' : `the run fixtures' process ended during their teardown (${fixtures.describeEnd()})`);
      } finally {
        await fixtures.stop();
      }
      if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
    },
  };
}
