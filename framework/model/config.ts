import type { SuiteKind } from './test-case.ts';

/**
 * The user's config as written in tollgate.config.ts. The JSON Schema in
 * framework/config/schema.ts is the single source of truth for what is
 * allowed; these types mirror it for editors.
 */
export interface SuiteConfig {
  name: string;
  kind: SuiteKind;
  /** 'native' (default), 'tap', 'command'; later issues add 'playwright', 'robot', 'vectors'. */
  runner?: string;
  /** Glob(s) relative to the config's folder. */
  files?: string | string[];
  ignore?: string | string[];
  tags?: string[];
  /** Per-test timeout in milliseconds. */
  timeout?: number;
  retries?: number;
  /** runner 'command': the command line to run (through the shell). */
  command?: string;
  /** runner 'command': what it produces. 'tap' on stdout (default) or 'junit' in `report`. */
  format?: 'tap' | 'junit';
  /** runner 'command' with format 'junit': the file it writes, relative to the config's folder. */
  report?: string;
  /** Extra environment variables for runners that spawn processes. */
  env?: Record<string, string>;
  /** Runner-specific options (e.g. runner 'playwright': its config file). */
  config?: string;
  /** Exclusive testbed resources the suite's tests need, e.g. ['switch:br0/ports-1-4']: a run holds them while it runs (README "Testbed leases"). */
  leases?: string[];
  /** runner 'robot': Robot Framework's own command-line options for this suite (`tollgate run --include ...` overrides them). */
  robot?: RobotSuiteOptions;
}

/**
 * Robot Framework's options (robot --include, --exclude, --test, --suite,
 * --variable, --variablefile, --dryrun, --exitonfailure) for one robot suite.
 */
export interface RobotSuiteOptions {
  /** Tag patterns: only tests matching one of them (AND, OR, NOT, * and ?). */
  include?: string[];
  /** Tag patterns: tests matching one of them are left out. */
  exclude?: string[];
  /** Test name patterns (* and ?), matching the name or the long name 'Suite.Sub.Test'. */
  test?: string[];
  /** Suite name patterns, matching a suite's name or long name: only the tests in matching suites. */
  suite?: string[];
  /** Variables, as robot --variable NAME:VALUE gives them (they win over variable files). */
  variables?: Record<string, unknown>;
  /** JSON or YAML variable files (relative to the config's folder; absolute once resolved). */
  variableFiles?: string[];
  dryRun?: boolean;
  exitOnFailure?: boolean;
  /** The folder the top suite stands for, as `robot DIR` (named after it); relative to the config's folder. Default: the folder holding all the suite's .robot files, named after the suite. */
  root?: string;
}

export type FlakyPolicy = 'pass' | 'warn' | 'fail';

/** What a test skipped for a capability the machine lacks (no root, no NET_ADMIN) does to the verdict. */
export type MissingCapabilityPolicy = 'warn' | 'fail';

export interface GatePolicy {
  /** What a flaky test does to the verdict. Default 'warn'. */
  flaky?: FlakyPolicy;
  /** The least number of tests that must run to an outcome. Default 1. */
  minTests?: number;
  /** Soak runs (issue 6): how long a resumed run may have stood still in total, e.g. '5m'. Unset: a gap warns. */
  soak?: { maxGap?: string };
  /** Tests skipped because the machine lacks a capability (issue 13.9). Default 'warn' for merge, 'fail' for every other gate. */
  missingCapability?: MissingCapabilityPolicy;
  /**
   * What a threshold or soak criterion that measured nothing (no samples, no
   * memory scraped) does to the verdict: 'fail' (default) or 'warn'. It is never a pass.
   */
  notJudged?: NotJudgedPolicy;
}

export type NotJudgedPolicy = 'warn' | 'fail';

export interface GateConfig {
  description?: string;
  kinds?: SuiteKind[];
  suites?: string[];
  /** A tag expression: `api and not slow`. */
  tags?: string;
  policy?: GatePolicy;
}

export interface Config {
  suites: SuiteConfig[];
  /** Number of worker processes, or a share of the cores like '50%'. */
  workers?: number | string;
  retries?: number;
  /** Default per-test timeout in milliseconds (30 000 when unset). */
  timeout?: number;
  /** Environment name → module path (relative to the config's folder). Default: environments/<name>.ts. */
  environments?: Record<string, string>;
  /** The environment used when --env is not given. Default 'local'. */
  defaultEnvironment?: string;
  gates?: Record<string, GateConfig>;
  /** Where run directories go. Default '.tollgate/runs'. */
  outputDir?: string;
  /** Reporters used when --reporter is not given, as 'name' or 'name=path'. */
  reporters?: string[];
  /** How long a testbed lease lives unless its holder renews it: ms or '30s'. Default 30 s. */
  leaseTtl?: number | string;
  /** How long a run waits for a testbed lease another run holds: ms or '10m'. Default 10 min. */
  leaseTimeout?: number | string;
  /** Refuse a run whose native files hold a `.only` (exit 1). Default: on when $CI is set. */
  forbidOnly?: boolean;
}

export interface ResolvedSuite extends Required<Pick<SuiteConfig, 'name' | 'kind' | 'runner' | 'tags' | 'timeout' | 'retries'>> {
  files: string[];
  ignore: string[];
  command?: string;
  format?: 'tap' | 'junit';
  report?: string;
  env?: Record<string, string>;
  config?: string;
  leases?: string[];
  robot?: RobotSuiteOptions;
}

/** The validated, defaulted, frozen config that every stage receives. */
export interface ResolvedConfig {
  /** Absolute path of the config file, or null in zero-config mode. */
  configFile: string | null;
  /** The folder everything is relative to. */
  rootDir: string;
  suites: ResolvedSuite[];
  workers: number;
  retries: number;
  timeout: number;
  environments: Record<string, string>;
  defaultEnvironment: string;
  gates: Record<string, Required<Pick<GateConfig, 'policy'>> & GateConfig>;
  outputDir: string;
  reporters: string[];
  /** sha256 of the config file's text, for the archive. */
  hash: string;
  /** Testbed leases' TTL and wait timeout in ms, when the config sets them. */
  leaseTtl?: number;
  leaseTimeout?: number;
  /** Set when the config sets it; unset, forbidOnly follows $CI (plan/forbid-only.ts). */
  forbidOnly?: boolean;
}
