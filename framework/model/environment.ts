/**
 * A named target: endpoints, variables, secret references and optional
 * setup/teardown. Setup runs once per run in the tollgate process (not in a
 * worker), before any test; its result reaches every worker and runner.
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
  /** Starts what the run needs; its result is merged over the declared endpoints and variables. */
  setup?: (ctx: EnvironmentSetupContext) => Promise<EnvironmentSetupResult | void> | EnvironmentSetupResult | void;
  /** Stops what setup started; runs after every test, even when the run was interrupted. */
  teardown?: (ctx: EnvironmentTeardownContext) => Promise<void> | void;
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
  /** Opaque to tollgate, handed back to teardown (stays in the tollgate process). */
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
