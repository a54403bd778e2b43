import fs from 'node:fs';
import path from 'node:path';
import { archiveUrl } from '../archive/archive-url.ts';
import { ConfigError, formatConfigError } from '../config/config-error.ts';
import { findConfigFile, loadConfig, zeroConfig } from '../config/load-config.ts';
import type { ResolvedConfig } from '../model/config.ts';
import { ROBOT_FLAGS, type RobotFlags } from '../model/robot-flags.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { checkRunId } from '../model/run-id.ts';
import type { SuiteKind } from '../model/test-case.ts';
import { buildPlan } from '../plan/build-plan.ts';
import { PlanError } from '../plan/discover-files.ts';
import { forbiddenOnlyMessage, resolveForbidOnly } from '../plan/forbid-only.ts';
import { formatPlan } from '../plan/format-plan.ts';
import { parseShard, ShardError } from '../plan/shard.ts';
import { TagExpressionError } from '../plan/tag-expression.ts';
import { EnvironmentLoadInterrupted, EnvironmentNotFound, loadEnvironment } from '../run/environment-session.ts';
import type { LoadedEnvironment } from '../run/environment-process-host.ts';
import type { ResumeInput } from '../run/resume-run.ts';
import type { RunGuard } from '../run/run-guard.ts';
import type { RunRecordOptions } from '../run/run-record.ts';
import { collectInWorkers } from '../run/worker-collect.ts';
import { disposeWarmWorkers, keepWarmWorkers, warmWorkersOf } from '../run/worker-prewarm.ts';
import { DeclarationError } from '../runners/native/collector.ts';
import { FixtureError } from '../runners/native/fixture-pool.ts';
import { applyRobotFlags } from './robot-flags.ts';
import { applyInstanceOption } from './run-instance.ts';
import { reportUsageError, UsageError } from './usage-error.ts';
import { tellSupervisor } from '../run/supervisor-link.js';

export interface RunCliOptions extends RobotFlags {
  config?: string;
  gate?: string;
  suite?: string[];
  kind?: SuiteKind[];
  tag?: string;
  grep?: string;
  grepInvert?: string;
  list?: boolean;
  shard?: string;
  lastFailed?: boolean;
  workers?: string;
  retries?: string;
  output?: string;
  reporter?: string[];
  env?: string;
  subject?: string;
  runId?: string;
  /** Load instance i/n of a distributed load (issue 9.4): $TOLLGATE_INSTANCE; needs runId. */
  instance?: string;
  /** Soak suites' length (issue 6): passed to the tests as $TOLLGATE_SOAK_DURATION. */
  duration?: string;
  /** While a soak runs, serve its metrics in Prometheus text format on this loopback port ($TOLLGATE_METRICS_PORT). */
  metricsPort?: string;
  /** How long to wait for a testbed lease another run holds: '10m' (README "Testbed leases"). */
  leaseTimeout?: string;
  /** Continue the run whose process died (its id or run directory), with the selection it was started with. */
  resume?: string;
  /** --forbid-only / --no-forbid-only; unset: the config's forbidOnly, else on when $CI is set. */
  forbidOnly?: boolean;
}

export async function runCommand(paths: string[], givenOptions: RunCliOptions): Promise<number> {
  let cwd = process.cwd();
  let options = givenOptions;
  let resume: ResumeInput | undefined;
  if (givenOptions.resume !== undefined) {
    try {
      resume = await findResume(givenOptions, paths, cwd);
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(formatConfigError(error, cwd) + '\n');
        return ExitCode.Usage;
      }
      if (isUsageError(error)) return reportUsageError(error as Error);
      throw error;
    }
    // The run goes on with the selection it began with; only how it is shown and how many workers may differ.
    const { record } = resume;
    for (const [name, value] of Object.entries(record.env ?? {})) process.env[name] ??= value;
    cwd = record.cwd;
    paths = record.paths;
    options = {
      ...record.options,
      ...(record.configFile ? { config: record.configFile } : {}),
      ...(givenOptions.reporter ? { reporter: givenOptions.reporter } : {}),
      ...(givenOptions.workers ? { workers: givenOptions.workers } : {}),
      ...(givenOptions.metricsPort ? { metricsPort: givenOptions.metricsPort } : {}),
    } as RunCliOptions;
  }
  try {
    // A run id becomes a folder name: `--run-id ../../x` must not write outside the runs folder (issue 13.5).
    if (options.runId !== undefined) checkRunId(options.runId, '--run-id');
    applyInstanceOption(options);
  } catch (error) {
    if (error instanceof UsageError) return reportUsageError(error);
    throw error;
  }
  if (options.duration !== undefined) {
    // Set before any worker forks: workers inherit it, and drivers/soak reads it.
    if (!/^\s*\d+(\.\d+)?\s*(ms|s|m|h)\s*$/.test(options.duration)) return reportUsageError(new UsageError(`--duration: expected a length like 60s, 30m or 72h, got "${options.duration}"`));
    process.env.TOLLGATE_SOAK_DURATION = options.duration.trim();
  }
  if (options.metricsPort !== undefined) {
    const port = Number(options.metricsPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) return reportUsageError(new UsageError(`--metrics-port: expected a port number 0-65535, got "${options.metricsPort}"`));
    process.env.TOLLGATE_METRICS_PORT = String(port);
  }
  // The run's machinery (dispatcher, archive, gate, reporters) is imported now and awaited after
  // planning: it loads while the workers load the test files, instead of before the first of them.
  const machinery = options.list ? undefined : loadRunMachinery();
  machinery?.catch(() => {}); // awaited below; a return before that must not leave it unhandled
  let config: ResolvedConfig;
  try {
    const configFile = options.config ?? findConfigFile(cwd);
    config = configFile ? await loadConfig({ cwd, configPath: options.config }) : zeroConfig({ cwd, paths });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(formatConfigError(error, cwd) + '\n');
      return ExitCode.Usage;
    }
    throw error;
  }

  const controller = new AbortController();
  // Installed once the run starts (issue 13): from then on no user code here can end the process without a verdict.
  let guard: RunGuard | undefined;
  let interrupts = 0;
  let interruptedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    interruptedBy ??= signal;
    if (interrupts > 1) {
      process.stderr.write(`\ntollgate: ${signal} again, exiting now without cleanup\n`);
      if (guard) guard.exitNow(ExitCode.Interrupted);
      process.exit(ExitCode.Interrupted);
    }
    process.stderr.write(`\ntollgate: ${signal} received, stopping (finished results are kept; press again to exit at once)\n`);
    controller.abort();
    // Whatever user code does, the run ends with its verdict within seconds (README "Exit codes").
    guard?.interrupted(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let environmentDefinition: LoadedEnvironment | undefined;
  let claimed: { runId: string; environment: string } | undefined;
  try {
    // An archive URL tollgate cannot open is refused before anything runs (it used to become a SQLite file named after it).
    archiveUrl({ rootDir: config.rootDir });
    config = applyRobotFlags(config, options, cwd);
    const workers = options.workers !== undefined ? positiveInteger(options.workers, '--workers', 1) : config.workers;
    const retries = options.retries !== undefined ? positiveInteger(options.retries, '--retries', 0) : undefined;
    const shard = options.shard ? parseShard(options.shard) : undefined;
    const prewarm = !options.list && config.suites.some((suite) => suite.runner === 'native');
    // Workers forked early (bin.js) on a guess are matched to the run here: topped up, or killed when unneeded.
    keepWarmWorkers(prewarm ? workers : 0, config.rootDir);
    const lastFailed = resume ? (resume.record.lastFailedTests ? new Set(resume.record.lastFailedTests) : undefined) : options.lastFailed ? readLastFailed(config) : undefined;
    const selected = await buildPlan(config, {
      gate: options.gate,
      suites: options.suite,
      kinds: options.kind,
      tag: options.tag,
      grep: options.grep,
      grepInvert: options.grepInvert,
      lastFailed,
      paths: config.configFile ? paths.map((p) => path.resolve(cwd, p)) : undefined,
      collect: prewarm ? collectInWorkers(warmWorkersOf(config.rootDir)) : undefined,
    });
    // Issue 9: shards are cut from the whole plan, weighed by the archive's history, pinned per --run-id.
    const prepared = shard ? await (await import('./shard-run.ts')).prepareShardRun(config, selected, shard, options.runId, { register: !options.list }) : undefined;
    const plan = resume ? (await import('../run/resume-run.ts')).resumePlan(prepared?.plan ?? selected, resume) : prepared?.plan ?? selected;
    if (options.list || !machinery) {
      process.stdout.write(formatPlan(plan, config));
      return ExitCode.Pass;
    }
    // Judged on the whole plan, before any test runs: a .only in another shard's file narrows this shard too.
    const forbidOnly = resolveForbidOnly(options.forbidOnly, config.forbidOnly);
    if (forbidOnly.forbid && selected.onlyMarks?.length) {
      process.stderr.write(`tollgate: ${forbiddenOnlyMessage(selected.onlyMarks, forbidOnly.because)}\n`);
      return ExitCode.Failed;
    }
    const environment = options.env ?? config.defaultEnvironment;
    environmentDefinition = await loadEnvironment(config, environment, options.env !== undefined, controller.signal);
    const { executeRun, createReporters, parseLeaseTimeout, RunGuard } = await machinery;
    // Shards and load instances share their run id on purpose; a resumed run continues its own.
    if (options.runId !== undefined && !resume && !options.shard && !process.env.TOLLGATE_INSTANCE) {
      await (await import('./claim-run-id.ts')).claimRunId(config, options.runId, environment);
      claimed = { runId: options.runId, environment };
    }
    guard = new RunGuard().install();
    if (interruptedBy) guard.interrupted(interruptedBy);
    const { verdict } = await executeRun({
      config,
      plan,
      gate: options.gate ?? null,
      environment,
      environmentDefinition,
      subject: options.subject ?? null,
      shard: options.shard ?? null,
      shardAttempt: prepared?.attempt,
      workers,
      retries,
      leaseTimeout: options.leaseTimeout !== undefined ? parseLeaseTimeout(options.leaseTimeout) : undefined,
      output: options.output ?? prepared?.output,
      runId: options.runId,
      reporters: (runDir) => {
        const specs = options.reporter ?? (config.reporters.length ? [...config.reporters] : ['console']);
        // The supervisor (supervise-run.js) concludes the run from here on if this process cannot.
        tellSupervisor({ type: 'run', runDir, reporters: specs });
        return createReporters(specs, { runDir, rootDir: config.rootDir, replay: false, signal: controller.signal });
      },
      signal: controller.signal,
      guard,
      resume,
      record: resume
        ? { ...resume.record, resumes: [...(resume.record.resumes ?? []), new Date().toISOString()] }
        : { version: 1, cwd, configFile: config.configFile, paths, options: recordedOptions(options), env: soakEnvironment(), ...(lastFailed ? { lastFailedTests: [...lastFailed] } : {}) },
    });
    return verdict.exitCode;
  } catch (error) {
    if (error instanceof EnvironmentLoadInterrupted) {
      process.stderr.write(`tollgate: ${error.message}\n`);
      return ExitCode.Interrupted;
    }
    // A run that could not start (a reporter refused, the archive not open) exits as it says, guard or not.
    guard?.settle(isUsageError(error) ? ExitCode.Usage : ExitCode.Failed);
    // Refused before it began, the run leaves its id free for the same command, fixed (issue 13.5).
    if (claimed && isUsageError(error)) await (await import('./claim-run-id.ts')).releaseRunId(config, claimed.runId, claimed.environment).catch(() => {});
    if (isUsageError(error)) return reportUsageError(error as Error);
    throw error;
  } finally {
    // The environment's process, when the run was refused after it loaded (executeRun closes it otherwise).
    await environmentDefinition?.close?.();
    await disposeWarmWorkers();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Flags that choose what a run is: a resumed run keeps its own, so giving them with --resume is a mistake. */
const SELECTION_FLAGS: [keyof RunCliOptions, string][] = [
  ['gate', '--gate'], ['suite', '--suite'], ['kind', '--kind'], ['tag', '--tag'], ['grep', '--grep'], ['grepInvert', '--grep-invert'],
  ['list', '--list'], ['shard', '--shard'], ['lastFailed', '--last-failed'], ['retries', '--retries'],
  ['env', '--env'], ['subject', '--subject'], ['runId', '--run-id'], ['duration', '--duration'], ['instance', '--instance'],
  ...ROBOT_FLAGS,
];

async function findResume(options: RunCliOptions, paths: string[], cwd: string): Promise<ResumeInput> {
  const given = SELECTION_FLAGS.filter(([key]) => options[key] !== undefined).map(([, flag]) => flag);
  if (paths.length) given.push('test paths');
  if (given.length) throw new UsageError(`--resume continues a run with the selection it began with (its run.json); leave out ${given.join(', ')}`);
  const ref = options.resume!;
  let outputDir: string | undefined;
  if (!fs.existsSync(path.resolve(cwd, ref))) {
    // A run id: look in the project's run folder.
    const configFile = options.config ?? findConfigFile(cwd);
    outputDir = configFile ? (await loadConfig({ cwd, configPath: options.config })).outputDir : zeroConfig({ cwd, paths: [] }).outputDir;
  }
  const { findRunToResume, loadResume } = await import('../run/resume-run.ts');
  const resume = loadResume(findRunToResume(ref, cwd, outputDir));
  if (resume.record.options.instance) {
    throw new UsageError(`--resume: run ${resume.runId} is load instance ${resume.record.options.instance} of a distributed load, whose instances share one run id; start the instance again instead`);
  }
  if (options.output !== undefined && path.resolve(cwd, options.output) !== resume.runDir) {
    throw new UsageError(`--resume ${ref} continues ${resume.runDir}; --output ${options.output} names another folder (leave --output out)`);
  }
  return resume;
}

/** TOLLGATE_SOAK_* settings (window length, checkpoint folder): a soak resumed with another window would not match its checkpoint. */
function soakEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('TOLLGATE_SOAK_') && entry[1] !== undefined));
}

/** What run.json keeps of the command line: everything that decides what the run is. */
function recordedOptions(options: RunCliOptions): RunRecordOptions {
  const keys = ['gate', 'suite', 'kind', 'tag', 'grep', 'grepInvert', 'shard', 'workers', 'retries', 'reporter', 'env', 'subject', 'duration', 'metricsPort', 'instance', 'leaseTimeout', ...ROBOT_FLAGS.map(([key]) => key)] as const;
  const recorded: Record<string, unknown> = {};
  for (const key of keys) if (options[key] !== undefined) recorded[key] = options[key];
  return recorded as RunRecordOptions;
}

async function loadRunMachinery() {
  const [{ executeRun }, { createReporters }, { parseLeaseTimeout }, { RunGuard }] = await Promise.all([
    import('../run/execute-run.ts'),
    import('./create-reporters.ts'),
    import('../run/run-leases.ts'),
    import('../run/run-guard.ts'),
  ]);
  return { executeRun, createReporters, parseLeaseTimeout, RunGuard };
}

function isUsageError(error: unknown): boolean {
  return [UsageError, PlanError, ShardError, TagExpressionError, EnvironmentNotFound, DeclarationError, FixtureError].some((type) => error instanceof type);
}

function positiveInteger(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} takes a whole number of at least ${min}, not "${text}"`);
  return value;
}

function readLastFailed(config: ResolvedConfig): Set<string> {
  const file = path.join(config.rootDir, '.tollgate', 'last-run.json');
  if (!fs.existsSync(file)) throw new UsageError('--last-failed: there is no last run yet (.tollgate/last-run.json is missing); run once without it first');
  const { failedTests } = JSON.parse(fs.readFileSync(file, 'utf8')) as { failedTests: string[] };
  return new Set(failedTests);
}
