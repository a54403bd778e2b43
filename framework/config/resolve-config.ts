/**
 * Turns a validated Config into the ResolvedConfig every later stage
 * receives: every default applied, every path absolute, deep-frozen so that
 * no stage can change what another one sees.
 */
import { availableParallelism } from 'node:os';
import { defaultWorkers } from './default-workers.js';
import { resolve } from 'node:path';
import type { Config, FlakyPolicy, GateConfig, MissingCapabilityPolicy, ResolvedConfig, ResolvedSuite, SuiteConfig } from '../model/config.ts';

/** The defaults, in one place (README "Config" lists the same). */
export const CONFIG_DEFAULTS = deepFreeze({
  runner: 'native',
  /** Per-test timeout in milliseconds. */
  timeout: 30_000,
  retries: 0,
  /** Always added to a suite's `ignore`. */
  ignore: ['**/node_modules/**'],
  defaultEnvironment: 'local',
  outputDir: '.tollgate/runs',
  /** Output format of a 'command' suite. */
  commandFormat: 'tap',
  policy: { flaky: 'warn' as FlakyPolicy, minTests: 1 },
} as const);

/**
 * The gates every project has. A gate of the same name in the config
 * replaces the built-in one (its selection and policy); the others stay.
 */
export const BUILT_IN_GATES: Readonly<Record<string, GateConfig>> = deepFreeze({
  merge: { description: 'Before a merge: unit and smoke suites.', kinds: ['unit', 'smoke'] },
  deploy: { description: 'Before a deploy: integration and performance suites.', kinds: ['integration', 'performance'] },
  promote: { description: 'Before promoting a release: soak suites.', kinds: ['soak'] },
});

/**
 * A test skipped for a missing capability is coverage lost: it fails every
 * gate that lets software out (deploy, promote, a project's own), and only
 * warns before a merge, where a developer's machine may lack root.
 */
export function defaultMissingCapability(gate: string | null): MissingCapabilityPolicy {
  return gate === null || gate === 'merge' ? 'warn' : 'fail';
}

function cores(): number {
  return Math.max(1, availableParallelism());
}

export { defaultWorkers };

/**
 * `workers` as a number of processes: a number is taken as is, '50%' is a
 * share of the available cores (rounded down, at least 1), undefined is the default.
 */
export function resolveWorkers(workers: number | string | undefined, available: number = cores()): number {
  if (workers === undefined) return defaultWorkers(available);
  if (typeof workers === 'number') return Math.max(1, Math.floor(workers));
  const percent = /^(\d+)%$/.exec(workers.trim());
  if (!percent) throw new TypeError(`workers "${workers}": expected a number or a percentage like '50%'`);
  return Math.max(1, Math.floor((available * Number(percent[1])) / 100));
}

function toArray(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

function stripAt(tag: string): string {
  return tag.startsWith('@') ? tag.slice(1) : tag;
}

function resolveSuite(suite: SuiteConfig, config: Config, rootDir: string): ResolvedSuite {
  const runner = suite.runner ?? CONFIG_DEFAULTS.runner;
  const resolved: ResolvedSuite = {
    name: suite.name,
    kind: suite.kind,
    runner,
    // Globs stay relative to rootDir: the planner globs with cwd = rootDir.
    files: toArray(suite.files),
    ignore: [...new Set([...toArray(suite.ignore), ...CONFIG_DEFAULTS.ignore])],
    tags: [...new Set((suite.tags ?? []).map(stripAt))],
    timeout: suite.timeout ?? config.timeout ?? CONFIG_DEFAULTS.timeout,
    retries: suite.retries ?? config.retries ?? CONFIG_DEFAULTS.retries,
  };
  if (suite.command !== undefined) resolved.command = suite.command;
  if (runner === 'command') resolved.format = suite.format ?? CONFIG_DEFAULTS.commandFormat;
  else if (suite.format !== undefined) resolved.format = suite.format;
  if (suite.report !== undefined) resolved.report = resolve(rootDir, suite.report);
  if (suite.env !== undefined) resolved.env = { ...suite.env };
  if (suite.config !== undefined) resolved.config = resolve(rootDir, suite.config);
  if (suite.leases?.length) resolved.leases = [...new Set(suite.leases)];
  if (suite.robot !== undefined) {
    const { variableFiles, variables, root, ...rest } = suite.robot;
    resolved.robot = {
      ...rest,
      ...(variables ? { variables: { ...variables } } : {}),
      ...(variableFiles ? { variableFiles: variableFiles.map((file) => resolve(rootDir, file)) } : {}),
      ...(root ? { root: resolve(rootDir, root) } : {}),
    };
  }
  return resolved;
}

function resolveGates(gates: Record<string, GateConfig> | undefined): ResolvedConfig['gates'] {
  const merged: Record<string, GateConfig> = { ...BUILT_IN_GATES, ...gates };
  const resolved: ResolvedConfig['gates'] = {};
  for (const [name, gate] of Object.entries(merged)) {
    const out: ResolvedConfig['gates'][string] = {
      policy: {
        flaky: gate.policy?.flaky ?? CONFIG_DEFAULTS.policy.flaky,
        minTests: gate.policy?.minTests ?? CONFIG_DEFAULTS.policy.minTests,
        missingCapability: gate.policy?.missingCapability ?? defaultMissingCapability(name),
      },
    };
    if (gate.policy?.soak !== undefined) out.policy.soak = { ...gate.policy.soak };
    if (gate.policy?.notJudged !== undefined) out.policy.notJudged = gate.policy.notJudged;
    if (gate.description !== undefined) out.description = gate.description;
    if (gate.kinds !== undefined) out.kinds = [...gate.kinds];
    if (gate.suites !== undefined) out.suites = [...gate.suites];
    if (gate.tags !== undefined) out.tags = gate.tags;
    resolved[name] = out;
  }
  return resolved;
}

/** Freezes an object graph of plain data, so a stage that tries to change it throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export interface ResolveContext {
  /** Absolute path of the config file, or null in zero-config mode. */
  configFile: string | null;
  /** The folder paths in the config are relative to. */
  rootDir: string;
  hash: string;
  /** Available cores, for workers; defaults to os.availableParallelism(). */
  cores?: number;
}

/**
 * Applies defaults to a config that validateConfig accepted and freezes
 * the result. Pure apart from reading the number of cores.
 */
export function resolveConfig(config: Config, context: ResolveContext): ResolvedConfig {
  const { rootDir } = context;
  const environments: Record<string, string> = {};
  for (const [name, path] of Object.entries(config.environments ?? {})) environments[name] = resolve(rootDir, path);
  return deepFreeze<ResolvedConfig>({
    configFile: context.configFile,
    rootDir,
    suites: config.suites.map((suite) => resolveSuite(suite, config, rootDir)),
    workers: resolveWorkers(config.workers, context.cores ?? cores()),
    retries: config.retries ?? CONFIG_DEFAULTS.retries,
    timeout: config.timeout ?? CONFIG_DEFAULTS.timeout,
    environments,
    defaultEnvironment: config.defaultEnvironment ?? CONFIG_DEFAULTS.defaultEnvironment,
    gates: resolveGates(config.gates),
    outputDir: resolve(rootDir, config.outputDir ?? CONFIG_DEFAULTS.outputDir),
    reporters: [...(config.reporters ?? [])],
    hash: context.hash,
    ...(config.leaseTtl !== undefined ? { leaseTtl: durationMs(config.leaseTtl) } : {}),
    ...(config.leaseTimeout !== undefined ? { leaseTimeout: durationMs(config.leaseTimeout) } : {}),
    ...(config.forbidOnly !== undefined ? { forbidOnly: config.forbidOnly } : {}),
  });
}

/** 30000, '30s', '10m' → ms (the schema has checked the form). */
export function durationMs(value: number | string): number {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(value);
  if (!match) throw new TypeError(`"${value}": expected milliseconds or a length like '30s', '10m'`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
}
