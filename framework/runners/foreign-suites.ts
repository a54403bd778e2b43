import type { ResolvedSuite } from '../model/config.ts';
import type { SuiteListing, SuiteRunner, SuiteRunnerContext } from '../model/runner.ts';
import { Redactor } from '../events/redactor.ts';
import { saveArtifact } from './shared/save-artifact.ts';

/** Built-in runners for suites that are not native, imported only when a suite uses them. */
const RUNNERS: Record<string, () => Promise<SuiteRunner>> = {
  tap: async () => (await import('./tap/index.ts')).tapRunner,
  command: async () => (await import('./command/index.ts')).commandRunner,
  playwright: async () => (await import('./playwright/index.ts')).playwrightRunner,
  robot: async () => (await import('./robot/index.ts')).robotRunner,
};

export const FOREIGN_RUNNERS = Object.keys(RUNNERS);

/**
 * Runners that run user code in the process that runs them (robot: its
 * keyword libraries). Their suites run in a process of their own, never in
 * the tollgate process (issue 13); the others only start processes.
 */
export const IN_PROCESS_RUNNERS: ReadonlySet<string> = new Set(['robot']);

/** The suite's tests before it runs, if its runner can read them (robot); undefined otherwise. */
export async function listForeignSuite(suite: ResolvedSuite, files: string[], rootDir: string): Promise<SuiteListing | undefined> {
  const runner = await RUNNERS[suite.runner]?.();
  return runner?.list?.({ suite, files, rootDir });
}

/** What a runner gets, less saveArtifact, which is made here over the run directory. */
export type ForeignSuiteOptions = Omit<SuiteRunnerContext, 'saveArtifact'>;

/** Runs one foreign suite between suite.begin and suite.end; a runner that throws fails its suite, not the run. */
export async function runForeignSuite(options: ForeignSuiteOptions): Promise<void> {
  const { suite, emit } = options;
  emit({ type: 'suite.begin', time: new Date().toISOString(), suite: suite.name });
  const load = RUNNERS[suite.runner];
  if (!load) {
    emit({ type: 'suite.end', time: new Date().toISOString(), suite: suite.name, error: { message: `runner "${suite.runner}" is not available in this version of tollgate; known runners: native, ${FOREIGN_RUNNERS.join(', ')}` } });
    return;
  }
  // Attachments are files, not events: their text is redacted here, as the bus redacts events (issue 13, item 6).
  const redactor = new Redactor(Object.values(options.environment.secrets));
  try {
    const runner = await load();
    await runner.run({
      ...options,
      saveArtifact: async (name, body) => saveArtifact(options.runDir, redactor.bytes(Buffer.isBuffer(body) ? body : Buffer.from(body)), name.includes('.') ? name.slice(name.lastIndexOf('.')) : '.bin'),
    });
    emit({ type: 'suite.end', time: new Date().toISOString(), suite: suite.name });
  } catch (error) {
    emit({ type: 'suite.end', time: new Date().toISOString(), suite: suite.name, error: { message: (error as Error).message, stack: (error as Error).stack } });
  }
}
