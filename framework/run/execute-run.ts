import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openArchiveSink } from '../archive/archive-sink.ts';
import { RunDirectoryWriter, newRunId } from '../archive/run-directory.ts';
import { EventBus } from '../events/event-bus.ts';
import { redactConsole } from '../events/redact-console.ts';
import { Redactor } from '../events/redactor.ts';
import { evaluateGate } from '../gate/evaluate-gate.ts';
import { loadQuarantine } from '../gate/quarantine.ts';
import { gateInputPolicy } from '../gate/gate-policy.ts';
import { signRunVerdict } from '../gate/attestation-sign-run.ts';
import type { ResolvedConfig } from '../model/config.ts';
import type { ResolvedEnvironment } from '../model/environment.ts';
import { recordedEnvironmentError } from '../gate/harness-rule.ts';
import type { LoadedEnvironment } from './environment-process-host.ts';
import { UserCodeProcessError } from './user-code-process.ts';
import { TOLLGATE_PROCESS_ERROR, type RunEvent } from '../model/events.ts';
import type { TestError } from '../model/results.ts';
import type { Reporter } from '../model/reporter.ts';
import { applyEvent, createRunState } from '../model/run-state.ts';
import type { Verdict } from '../model/verdict.ts';
import { plannedTests, type Plan } from '../plan/plan.ts';
import { IN_PROCESS_RUNNERS, runForeignSuite } from '../runners/foreign-suites.ts';
import { Dispatcher } from './dispatcher.ts';
import { childEnvironment, EnvironmentError, readSecrets, setUpEnvironment, type EnvironmentSession } from './environment-session.ts';
import { acquireRunLeases, leasesOfRun, type RunLeases } from './run-leases.ts';
import { TOLLGATE_VERSION } from './version.ts';
import { resumeEvents, type ResumeInput } from './resume-run.ts';
import { writeRunRecord, type RunRecord } from './run-record.ts';
import { runSuiteInItsProcess } from './suite-process-host.ts';
import { REPORTS_GRACE_MS, type RunGuard } from './run-guard.ts';

export interface RunOptions {
  config: ResolvedConfig;
  plan: Plan;
  gate: string | null;
  environment: string;
  /** The loaded environments/<name>.ts (loadEnvironment); loading it is the caller's, so a missing one is a usage error. */
  environmentDefinition: LoadedEnvironment;
  subject: string | null;
  shard: string | null;
  /** Which attempt of its shard this run is (issue 9: a shard run again replaces the earlier attempt). */
  shardAttempt?: number;
  workers: number;
  retries?: number;
  /** The run directory; a new one under config.outputDir when not given. */
  output?: string;
  runId?: string;
  /** Reporters, built once the run directory exists. */
  reporters(runDir: string): Promise<{ name: string; reporter: Reporter }[]>;
  /** How long to wait for a testbed lease another run holds, in ms (--lease-timeout); default: the config's leaseTimeout, then 10 min. */
  leaseTimeout?: number;
  signal: AbortSignal;
  /** The tollgate process's last line of defence (run-guard.ts): it can end the run at once, with its verdict. */
  guard?: RunGuard;
  /** How the run was started (run.json), for `tollgate run --resume`; written before the first test. */
  record?: Omit<RunRecord, 'runId' | 'host' | 'pid'>;
  /** Continue a run whose process died: same id and directory, its events replayed, the plan less what finished. */
  resume?: ResumeInput;
}

export interface RunOutcome {
  verdict: Verdict;
  runDir: string;
}

/**
 * One run, start to end: the run directory and reporters, the environment,
 * run fixtures, the worker pool and foreign suites side by side, then the
 * gate. Whatever happens, the events written so far stay, the environment
 * is torn down, and a verdict is emitted.
 */
export async function executeRun(options: RunOptions): Promise<RunOutcome> {
  const { config, plan } = options;
  const runId = options.resume?.runId ?? options.runId ?? newRunId();
  const quarantine = loadQuarantine(config.rootDir);
  const runDir = options.resume?.runDir ?? path.resolve(config.rootDir, options.output ?? path.join(config.outputDir, runId));
  const startTime = options.resume?.begin.time ?? new Date().toISOString();
  const started = performance.now();
  // Before the run directory exists: a reporter output that cannot be written is refused (exit 2) without leaving one behind.
  const reporters = await options.reporters(runDir);
  const writer = new RunDirectoryWriter(runDir, { append: Boolean(options.resume) });
  if (options.record) writeRunRecord(runDir, { ...options.record, runId, host: os.hostname(), pid: process.pid });
  // Secrets are known before the environment's setup runs: its output, and everything after, is redacted.
  const redactor = new Redactor(Object.values(readSecrets(options.environmentDefinition)));
  const releaseConsole = redactConsole(redactor);
  const bus = new EventBus(redactor);
  const state = createRunState();
  bus.listen((event) => applyEvent(state, event));
  bus.add('run directory', writer, { record: true });
  bus.add('archive', await openArchiveSink({ rootDir: config.rootDir, runDir, ...(options.resume ? { replaceRun: runId } : {}) }), { record: true });
  for (const { name, reporter } of reporters) bus.add(name, reporter);
  // Nothing comes after the bus began to end: a part still running when the run was ended where it stood is cut off.
  let closed = false;
  const emit = (event: RunEvent) => {
    if (!closed) bus.emit(event);
  };
  const emitRunError = (error: unknown) => emit({ type: 'error', time: new Date().toISOString(), source: 'run', error: { message: (error as Error).message, stack: (error as Error).stack } });

  let session: EnvironmentSession | undefined;
  let environmentError: string | undefined;
  let leases: RunLeases | undefined;
  let environment: ResolvedEnvironment = { name: options.environment, endpoints: {}, variables: {}, secrets: {} };
  // What the run is doing, for a run that has to be ended where it stands (run-guard.ts).
  let phase = 'acquiring its testbed leases';
  let begun = false;
  let concluding: Promise<Verdict> | undefined;
  const processErrors: TestError[] = [];
  const emitProcessError = (error: TestError) => emit({ type: 'error', time: new Date().toISOString(), source: TOLLGATE_PROCESS_ERROR, error });
  // What the environment's code does outside its hooks (a timer's throw, process.exit) breaks the environment: ERROR, exit 3.
  const environmentErrors: TestError[] = [];
  const emitEnvironmentError = (error: TestError) => emit({ type: 'error', time: new Date().toISOString(), source: 'environment', error: { ...error, message: `environment "${options.environment}": ${error.message}` } });
  options.environmentDefinition.onError?.((error) => (begun ? emitEnvironmentError(error) : environmentErrors.push(error)));
  options.guard?.attach({
    onError: (error) => {
      if (concluding) process.stderr.write(`tollgate: while the reports were written: ${error.message}\n`);
      else if (begun) emitProcessError(error);
      else processErrors.push(error);
    },
    concludeNow: async (reason) => {
      if (!concluding) {
        beginRun();
        emitProcessError({ message: `${reason}; it was ended while ${phase}` });
      }
      return (await conclude(REPORTS_GRACE_MS)).exitCode;
    },
  });
  // A run with nothing to run cannot pass; it need not start the system under test to find that out.
  const nothingToRun = plan.files.length === 0 && plan.foreignSuites.length === 0;
  if (!nothingToRun) {
    try {
      // Testbed leases (README "Testbed leases") are held from before the environment's setup until after its teardown.
      leases = await acquireRunLeases({ rootDir: config.rootDir, resources: leasesOfRun(plan, options.environmentDefinition), runId, shard: options.shard, ttlMs: config.leaseTtl, timeoutMs: options.leaseTimeout ?? config.leaseTimeout, signal: options.signal });
      phase = `setting up environment "${options.environment}"`;
      session = await setUpEnvironment(options.environmentDefinition, { name: options.environment, rootDir: config.rootDir, runDir, signal: options.signal });
      environment = session.resolved;
    } catch (error) {
      environmentError = error instanceof EnvironmentError ? error.message : `environment "${options.environment}": ${(error as Error).message}`;
    }
  }

  /** run.begin (or, resumed, the earlier part again), then what came before it. */
  function beginRun(): void {
    if (begun) return;
    begun = true;
    if (options.resume) {
      // The earlier part goes to the reporters, the archive and the run state again, not into events.ndjson, which holds it.
      writer.replaying = true;
      for (const event of options.resume.events) emit(event);
      writer.replaying = false;
      for (const event of resumeEvents(options.resume)) emit(event);
    } else emit({
      type: 'run.begin',
      time: startTime,
      runId,
      gate: options.gate,
      environment: options.environment,
      subject: options.subject,
      rootDir: config.rootDir,
      configFile: config.configFile,
      configHash: config.hash,
      host: os.hostname(),
      tollgateVersion: TOLLGATE_VERSION,
      workers: options.workers,
      tests: plannedTests(plan),
      // A listed suite's count lets the console's ETA count its tests before they are announced (issue 16).
      suites: plan.foreignSuites.map(({ suite, tests }) => ({ name: suite.name, kind: suite.kind, runner: suite.runner, ...(tests ? { tests: tests.length } : {}) })),
      shard: options.shard,
      ...(options.shardAttempt !== undefined ? { shardAttempt: options.shardAttempt } : {}),
      // Set by `--instance i/n` (cli/run-instance.ts) or by hand with TOLLGATE_RUN_ID.
      ...(process.env.TOLLGATE_INSTANCE ? { instance: process.env.TOLLGATE_INSTANCE } : {}),
      // forbidOnly was off (cli/run.ts refuses a .only otherwise): the gate names each .only (gate/only-rule.ts).
      ...(plan.onlyMarks?.length ? { only: plan.onlyMarks } : {}),
    });
    leases?.attach(emit);
    // An error of the run in every report (JUnit <error>, Allure broken, the HTML banner), not only in the verdict (issue 13.9).
    if (environmentError) emit({ type: 'error', time: new Date().toISOString(), source: 'environment', error: { message: environmentError } });
    for (const { file, suite, error } of plan.loadErrors) emit({ type: 'error', time: new Date().toISOString(), source: 'load', error, file, suite });
    for (const error of processErrors.splice(0)) emitProcessError(error);
    for (const error of environmentErrors.splice(0)) emitEnvironmentError(error);
  }
  beginRun();

  let runFixtures: { values: Record<string, unknown>; teardown(): Promise<void> } | undefined;
  if (!environmentError) {
    try {
      // Most runs have no run-scoped fixture; then the native runner's fixture machinery never loads here.
      if (plan.files.some((file) => file.usesRunFixtures !== false)) {
        phase = 'setting up its run fixtures';
        const { setUpRunFixturesInItsProcess } = await import('./run-fixtures-host.ts');
        runFixtures = await setUpRunFixturesInItsProcess(plan, environment, config.rootDir, { emit, signal: options.signal });
      }
      const dispatcher = new Dispatcher({
        workers: options.workers,
        retries: options.retries,
        rootDir: config.rootDir,
        runDir,
        environment,
        runFixtures: runFixtures?.values ?? {},
        emit,
        signal: options.signal,
      });
      phase = 'running its tests';
      // Each part ends before the run goes on, even when another failed: a part still running would emit into a closed run.
      const parts = await Promise.allSettled([
        dispatcher.run(plan.files),
        ...plan.foreignSuites.map(({ suite, files, only, tests }) => {
          const suiteOptions = { suite, files, ...(only ? { only: new Set(only) } : {}), rootDir: config.rootDir, runDir, environment, childEnv: childEnvironment(environment), emit, signal: options.signal };
          // A runner that runs user code in its own process (robot's libraries) gets a process of its own, never this one.
          return IN_PROCESS_RUNNERS.has(suite.runner) ? runSuiteInItsProcess({ ...suiteOptions, ...(tests ? { tests } : {}) }) : runForeignSuite(suiteOptions);
        }),
      ]);
      for (const part of parts) if (part.status === 'rejected') emitRunError(part.reason);
    } catch (error) {
      emitRunError(error);
    } finally {
      phase = 'tearing down its run fixtures';
      await runFixtures?.teardown().catch((error) => emit({ type: 'error', time: new Date().toISOString(), source: 'run fixture teardown', error: { message: String(error) } }));
    }
  }
  phase = `tearing down environment "${options.environment}"`;
  try {
    await session?.teardown();
  } catch (error) {
    // A teardown killed (past its timeout, or interrupted) or whose process died is the environment breaking; one that threw is its error.
    if (error instanceof UserCodeProcessError) emitEnvironmentError({ message: `its teardown did not finish: ${error.message}` });
    else emit({ type: 'error', time: new Date().toISOString(), source: 'environment teardown', error: { message: (error as Error).message } });
  }
  await options.environmentDefinition.close?.();
  phase = 'releasing its testbed leases';
  await leases?.release().catch((error) => emit({ type: 'error', time: new Date().toISOString(), source: 'lease', error: { message: `testbed leases not released (they expire after their TTL): ${(error as Error).message}` } }));

  const verdict = await conclude();
  options.guard?.settle(verdict.exitCode);
  return { verdict, runDir };

  /** The gate, the verdict, run.end and the reports, once: a run ended where it stood gives reporters `reportsGraceMs`. */
  function conclude(reportsGraceMs?: number): Promise<Verdict> {
    concluding ??= (async () => {
      phase = 'writing its reports';
      const interrupted = options.signal.aborted;
      const judge = () => signRunVerdict(evaluateGate({
        state,
        gate: options.gate,
        policy: gateInputPolicy(options.gate, options.gate ? config.gates[options.gate]!.policy : {}),
        ...(options.resume ? { gaps: options.resume.gaps } : {}),
        runId,
        subject: options.subject,
        environment: options.environment,
        interrupted,
        // Also an environment that broke after its setup (environment-process-host.ts), as a run directory judged again would see it.
        environmentError: environmentError ?? recordedEnvironmentError(state),
        startTime,
        quarantine,
      }), { state, runDir, config, tollgateVersion: TOLLGATE_VERSION });
      // A resumed run's duration is its wall time from the first start, gaps included (the gap rule says how long they were).
      const duration = options.resume ? Date.now() - Date.parse(startTime) : performance.now() - started;
      closed = true;
      // The bus emits the verdict as each sink ends, judged again after a reporter fails (event-bus.ts), so its answer is final.
      const ended = bus.end({ judge, runEnd: { type: 'run.end', time: new Date().toISOString(), status: interrupted ? 'interrupted' : 'completed', duration } });
      const verdict = reportsGraceMs === undefined ? (await ended)! : ((await Promise.race([ended, new Promise<undefined>((resolve) => setTimeout(resolve, reportsGraceMs))])) ?? judge());
      releaseConsole();
      writeLastRun(config, runId, runDir, state);
      return verdict;
    })();
    return concluding;
  }
}

/** What --last-failed reads next time. */
function writeLastRun(config: ResolvedConfig, runId: string, runDir: string, state: ReturnType<typeof createRunState>): void {
  const failedTests = [...state.tests.values()].filter((r) => r.outcome === 'failed' || r.outcome === undefined).map((r) => r.test.id);
  const file = path.join(config.rootDir, '.tollgate', 'last-run.json');
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ runId, runDir, failedTests }, null, 2) + '\n');
  } catch (error) {
    // The verdict stands; only --last-failed loses its memory (a read-only checkout, another user's folder).
    process.stderr.write(`tollgate: could not write ${file} for --last-failed: ${(error as Error).message}\n`);
  }
}
