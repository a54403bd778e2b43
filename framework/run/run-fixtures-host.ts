import { fileURLToPath } from 'node:url';
import type { ResolvedEnvironment } from '../model/environment.ts';
import type { RunEvent } from '../model/events.ts';
import type { Plan } from '../plan/plan.ts';
import { STOP_GRACE_MS, trackChildProcess } from './child-processes.ts';
import { forkTypeScript } from './fork-worker.js';
import type { RunFixturesHostMessage, RunFixturesMessage } from './run-fixtures-main.ts';

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
 * short grace to finish what it does, then it is killed.
 */
export async function setUpRunFixturesInItsProcess(plan: Pick<Plan, 'files'>, environment: ResolvedEnvironment, rootDir: string, run: { emit(event: RunEvent): void; signal: AbortSignal }): Promise<RunFixtures> {
  const child = forkTypeScript(RUN_FIXTURES_MAIN, { cwd: rootDir, env: { ...process.env } });
  trackChildProcess(child);
  // What the fixtures print goes where it went when they ran in the tollgate process.
  child.stdout!.on('data', (chunk: Buffer) => process.stdout.write(chunk));
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const error = (message: string) => run.emit({ type: 'error', time: new Date().toISOString(), source: 'run fixture', error: { message } });

  let phase: 'setup' | 'running' | 'teardown' | 'ended' = 'setup';
  let answer: ((message: RunFixturesMessage | undefined) => void) | undefined;
  const next = () => new Promise<RunFixturesMessage | undefined>((resolve) => (answer = resolve));
  child.on('message', (message: RunFixturesMessage) => {
    if (message.type === 'error') run.emit({ type: 'error', time: new Date().toISOString(), source: 'run fixture', error: message.error });
    else answer?.(message);
  });
  let killTimer: NodeJS.Timeout | undefined;
  const killSoon = () => (killTimer ??= setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS));
  // While the tests run the fixtures are idle: an interrupted run still tears them down, with the same grace.
  const onAbort = () => {
    if (phase !== 'running') killSoon();
  };
  run.signal.addEventListener('abort', onAbort, { once: true });
  const closed = new Promise<void>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      run.signal.removeEventListener('abort', onAbort);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (phase === 'running') error(`the run fixtures' process ${how} during the run; their teardown did not run`);
      phase = 'ended';
      answer?.(undefined);
      resolve();
    });
    child.on('error', () => answer?.(undefined));
  });

  const ready = next();
  child.send({ type: 'setup', files: plan.files, environment, rootDir } satisfies RunFixturesHostMessage);
  const setUp = await ready;
  if (setUp?.type !== 'ready') {
    child.kill('SIGKILL');
    if (setUp?.type === 'failed') throw Object.assign(new Error(setUp.error.message), { stack: setUp.error.stack });
    throw new Error(run.signal.aborted ? 'the run was interrupted while its run fixtures were set up' : `the run fixtures' process ended before they were set up (${child.signalCode ? `killed by ${child.signalCode}` : `exit code ${child.exitCode}`})`);
  }
  phase = 'running';
  return {
    values: setUp.values,
    teardown: async () => {
      if (phase !== 'running') return;
      phase = 'teardown';
      if (run.signal.aborted) killSoon();
      const tornDown = next();
      child.send({ type: 'teardown' } satisfies RunFixturesHostMessage);
      const end = await tornDown;
      await closed;
      if (!end) throw new Error(run.signal.aborted ? 'the run was interrupted while its run fixtures were torn down' : "the run fixtures' process ended during their teardown");
      if (end.type === 'torn-down' && end.errors.length) throw new Error(end.errors.map((e) => e.message).join('\n'));
    },
  };
}
