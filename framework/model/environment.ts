/**
 * A named target: endpoints, variables, secret references and optional
 * setup/teardown. The module is loaded, and its setup and teardown run, in
 * a process of their own (not the tollgate process, not a worker), once per
 * run; setup's result reaches every worker and runner.
 */
export interface EnvironmentDefinition {
  name?: string;
  description?: string;
  /** Named base URLs: { api: 'http://...', portal: 'http://...' }. Setup may fill or override them. */
  endpoints?: Record<string, string>;
  variables?: Record<string, string>;
  /**
   * Secret name → the environment variable that holds it. Values are read
   * when the run starts and never written to a report, a log or the archive:
   * every event is redacted before any reporter sees it.
   */
  secrets?: Record<string, string>;
  /** Exclusive resources the environment uses, e.g. ['pod:staging']: held from before setup until after teardown (README "Testbed leases"). */
  leases?: string[];
  /**
   * A command that starts the system under test before the run (like
   * Playwright's `webServer`): run by the shell in the project's folder, its
   * output kept in the run directory as environment-start.log, and the
   * process group stopped after the last test. Runs before `setup`.
   */
  start?: EnvironmentStart;
  /**
   * When the system counts as ready: probed after `start` and `setup`, until
   * it answers or the timeout passes. Not ready: the run stops before any
   * test with exit 3, the probe's last answer in the verdict.
   */
  ready?: ReadinessProbe;
  /**
   * How long setup, and teardown, may each take: ms or a length like '5m'
   * (default '10m'). A hook past it has its process killed: the environment
   * could not be set up (exit 3, verdict ERROR).
   */
  timeout?: number | string;
  /** Starts what the run needs; its result is merged over the declared endpoints and variables. */
  setup?: (ctx: EnvironmentSetupContext) => Promise<EnvironmentSetupResult | void> | EnvironmentSetupResult | void;
  /** Stops what setup started; runs after every test, even when the run was interrupted. */
  teardown?: (ctx: EnvironmentTeardownContext) => Promise<void> | void;
}

export interface EnvironmentStart {
  /** A shell command line, e.g. 'npm run serve'. */
  command: string;
  /** Its folder, relative to the project's (default: the project's). */
  cwd?: string;
  /** Variables added to the command's environment. */
  env?: Record<string, string>;
}

/**
 * One of: an HTTP check (`url`, with the `status` and `body` it must answer),
 * a TCP connect (`tcp: 'host:port'`), or a function that returns true, or
 * false or a message while the system is not ready. A `url` that starts with
 * '/' is relative to the first endpoint.
 */
export interface ReadinessProbe {
  url?: string;
  /** The status(es) that mean ready (default: any 2xx). */
  status?: number | number[];
  /** Text the body must contain, or a pattern it must match. */
  body?: string | RegExp;
  tcp?: string;
  check?: (env: { endpoints: Record<string, string>; variables: Record<string, string> }) => Promise<boolean | string> | boolean | string;
  /** How long to wait in all: ms or a length like '60s' (default '60s'). */
  timeout?: number | string;
  /** Between tries, in ms (default 250). */
  interval?: number;
}

export interface EnvironmentSetupContext {
  name: string;
  rootDir: string;
  /** The run directory: a place for logs of what setup starts. */
  runDir: string;
  variables: Record<string, string>;
  signal: AbortSignal;
}

export interface EnvironmentSetupResult {
  endpoints?: Record<string, string>;
  variables?: Record<string, string>;
  /** Opaque to tollgate, handed back to teardown (stays in the environment's process). */
  state?: unknown;
}

export interface EnvironmentTeardownContext extends EnvironmentSetupContext {
  state: unknown;
}

/** What tests, drivers and runners see of the environment. */
export interface ResolvedEnvironment {
  name: string;
  endpoints: Record<string, string>;
  variables: Record<string, string>;
  /** Secret values by name. Only for use; never print or attach them. */
  secrets: Record<string, string>;
}
