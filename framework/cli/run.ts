import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, formatConfigError } from '../config/config-error.ts';
import { findConfigFile, loadConfig, zeroConfig } from '../config/load-config.ts';
import type { ResolvedConfig } from '../model/config.ts';
import { ExitCode } from '../model/exit-codes.ts';
import type { SuiteKind } from '../model/test-case.ts';
import { buildPlan } from '../plan/build-plan.ts';
import { PlanError } from '../plan/discover-files.ts';
import { formatPlan } from '../plan/format-plan.ts';
import { parseShard, ShardError } from '../plan/shard.ts';
import { TagExpressionError } from '../plan/tag-expression.ts';
import { EnvironmentNotFound, loadEnvironment } from '../run/environment-session.ts';
import { executeRun } from '../run/execute-run.ts';
import { disposeWarmWorkers, prewarmWorkers } from '../run/worker-prewarm.ts';
import { DeclarationError } from '../runners/native/collector.ts';
import { FixtureError } from '../runners/native/fixture-pool.ts';
import { createReporters } from './create-reporters.ts';
import { applyInstanceOption } from './run-instance.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

export interface RunCliOptions {
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
}

export async function runCommand(paths: string[], options: RunCliOptions): Promise<number> {
  const cwd = process.cwd();
  try {
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
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) {
      process.stderr.write(`\ntollgate: ${signal} again, exiting now without cleanup\n`);
      process.exit(ExitCode.Interrupted);
    }
    process.stderr.write(`\ntollgate: ${signal} received, stopping (finished results are kept; press again to exit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const workers = options.workers !== undefined ? positiveInteger(options.workers, '--workers', 1) : config.workers;
    const retries = options.retries !== undefined ? positiveInteger(options.retries, '--retries', 0) : undefined;
    const shard = options.shard ? parseShard(options.shard) : undefined;
    if (!options.list && config.suites.some((suite) => suite.runner === 'native')) prewarmWorkers(workers, config.rootDir);
    const plan = await buildPlan(config, {
      gate: options.gate,
      suites: options.suite,
      kinds: options.kind,
      tag: options.tag,
      grep: options.grep,
      grepInvert: options.grepInvert,
      lastFailed: options.lastFailed ? readLastFailed(config) : undefined,
      paths: config.configFile ? paths.map((p) => path.resolve(cwd, p)) : undefined,
      shard,
    });
    if (options.list) {
      process.stdout.write(formatPlan(plan, config));
      return ExitCode.Pass;
    }
    const environment = options.env ?? config.defaultEnvironment;
    const environmentDefinition = await loadEnvironment(config, environment, options.env !== undefined);
    const { verdict } = await executeRun({
      config,
      plan,
      gate: options.gate ?? null,
      environment,
      environmentDefinition,
      subject: options.subject ?? null,
      shard: options.shard ?? null,
      workers,
      retries,
      output: options.output,
      runId: options.runId,
      reporters: (runDir) => createReporters(options.reporter ?? (config.reporters.length ? [...config.reporters] : ['console']), { runDir, rootDir: config.rootDir, replay: false }),
      signal: controller.signal,
    });
    return verdict.exitCode;
  } catch (error) {
    if (isUsageError(error)) return reportUsageError(error as Error);
    throw error;
  } finally {
    await disposeWarmWorkers();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
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
