/**
 * The portal driver's options and where they come from. A driver owns its
 * options: code passes them to createPortalDriver(), an environment sets them
 * in its `variables`, and a person overrides either from the shell:
 *
 *   option          environment variable (shell)       environment `variables` key
 *   executablePath  TOLLGATE_CHROMIUM                  chromium
 *   trace           TOLLGATE_TRACE                     portalTrace
 *   screenshot      TOLLGATE_SCREENSHOT                portalScreenshot
 *   allowHosts      TOLLGATE_PORTAL_ALLOW_HOSTS (a,b)  portalAllowHosts (a,b)
 *   headless        TOLLGATE_HEADED=1 turns it off     -
 *
 * The shell wins over the environment, which wins over code, which wins
 * over the defaults (Debian's /usr/bin/chromium, traces kept on failure).
 */
import type { ResolvedEnvironment } from 'tollgate';

/** Like Playwright's `use.trace`. */
export type TraceMode = 'off' | 'on' | 'retain-on-failure' | 'on-first-retry';
/** Like Playwright's `use.screenshot`. */
export type ScreenshotMode = 'off' | 'on' | 'only-on-failure';

export interface PortalDriverOptions {
  /** The Chromium binary. Default /usr/bin/chromium (Debian's `chromium` package). Never downloaded. */
  executablePath?: string;
  /** Which of the environment's endpoints the pages' relative URLs resolve against. Default 'portal'. */
  endpoint?: string;
  headless?: boolean;
  trace?: TraceMode;
  screenshot?: ScreenshotMode;
  /**
   * Hosts the browser may reach besides the environment's own endpoints'.
   * ['*'] lets it reach anything. Default: none.
   */
  allowHosts?: string[];
  /** Extra Chromium flags, after tollgate's own. */
  args?: string[];
  /** Chromium's sandbox. Default: on, except as root, where Chromium refuses to start with it. */
  sandbox?: boolean;
  viewport?: { width: number; height: number };
}

export interface ResolvedPortalOptions extends Required<Omit<PortalDriverOptions, 'viewport'>> {
  viewport: { width: number; height: number };
  /** Where executablePath came from, for error messages. */
  executablePathFrom: string;
}

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const TRACE_MODES: readonly TraceMode[] = ['off', 'on', 'retain-on-failure', 'on-first-retry'];
const SCREENSHOT_MODES: readonly ScreenshotMode[] = ['off', 'on', 'only-on-failure'];

/** Merges code options, the environment's variables and the shell's variables (in that order of strength). */
export function resolvePortalOptions(
  options: PortalDriverOptions,
  env: Pick<ResolvedEnvironment, 'name' | 'variables'>,
  shell: NodeJS.ProcessEnv = process.env,
): ResolvedPortalOptions {
  const pick = (shellName: string, variable: string | undefined): { value: string; from: string } | undefined => {
    if (shell[shellName]) return { value: shell[shellName]!, from: `the environment variable ${shellName}` };
    if (variable && env.variables[variable]) return { value: env.variables[variable], from: `the variable "${variable}" of environment "${env.name}"` };
    return undefined;
  };
  const chromium = pick('TOLLGATE_CHROMIUM', 'chromium');
  const trace = pick('TOLLGATE_TRACE', 'portalTrace');
  const screenshot = pick('TOLLGATE_SCREENSHOT', 'portalScreenshot');
  const hosts = pick('TOLLGATE_PORTAL_ALLOW_HOSTS', 'portalAllowHosts');
  return {
    executablePath: chromium?.value ?? options.executablePath ?? DEFAULT_CHROMIUM,
    executablePathFrom: chromium?.from ?? (options.executablePath ? 'the portal driver options' : 'the default'),
    endpoint: options.endpoint ?? 'portal',
    headless: shell.TOLLGATE_HEADED === '1' ? false : (options.headless ?? true),
    trace: trace ? oneOf(trace.value, TRACE_MODES, trace.from) : (options.trace ?? 'retain-on-failure'),
    screenshot: screenshot ? oneOf(screenshot.value, SCREENSHOT_MODES, screenshot.from) : (options.screenshot ?? 'only-on-failure'),
    allowHosts: hosts ? hosts.value.split(',').map((h) => h.trim()).filter(Boolean) : (options.allowHosts ?? []),
    args: options.args ?? [],
    sandbox: options.sandbox ?? process.getuid?.() !== 0,
    viewport: options.viewport ?? { width: 1280, height: 800 },
  };
}

function oneOf<T extends string>(value: string, allowed: readonly T[], from: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`the portal driver got "${value}" from ${from}; expected one of ${allowed.join(', ')}`);
}
