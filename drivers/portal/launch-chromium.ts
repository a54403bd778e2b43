/**
 * Starts the system's Chromium through playwright-core, with the flags a
 * closed network needs. Playwright's own browser download is never used:
 * without an executablePath Playwright looks for it and fails, so tollgate
 * always passes one and checks it first, to say how to install Chromium.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { DriverStartError } from 'tollgate';
import type { ResolvedPortalOptions } from './portal-options.ts';

/** Chromium is missing or cannot run; the message says how to fix it. */
export class ChromiumNotFoundError extends Error {
  constructor(path: string, from: string, why: string) {
    super(
      `The portal driver needs Chromium at ${path} (from ${from}), but ${why}. ` +
        `Install it: apt-get install -y chromium (Debian/Ubuntu, as root), ` +
        `or point TOLLGATE_CHROMIUM at a Chromium or Chrome binary. Tollgate never downloads a browser.`,
    );
    this.name = 'ChromiumNotFoundError';
    // The fault is in the machine, not in the code: a stack would only distract.
    this.stack = `${this.name}: ${this.message}`;
  }
}

export function checkChromium(path: string, from: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new ChromiumNotFoundError(path, from, 'there is no such file');
  }
  if (!isFile) throw new ChromiumNotFoundError(path, from, 'it is not a file');
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ChromiumNotFoundError(path, from, 'it is not executable');
  }
}

/** Flags for a machine with no way out: nothing phones home, nothing updates, nothing syncs. */
export function chromiumArgs(options: Pick<ResolvedPortalOptions, 'sandbox' | 'args'>, resolverRules?: string): string[] {
  return [
    ...(options.sandbox ? [] : ['--no-sandbox']),
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-default-apps',
    ...(resolverRules ? [`--host-resolver-rules=${resolverRules}`] : []),
    ...options.args,
  ];
}

export function launchOptions(options: ResolvedPortalOptions, resolverRules?: string, timeout = 30_000): LaunchOptions {
  return {
    executablePath: options.executablePath,
    headless: options.headless,
    chromiumSandbox: options.sandbox,
    args: chromiumArgs(options, resolverRules),
    // launch() gives every browser a fresh, temporary user-data-dir and removes it on close.
    handleSIGINT: false,
    handleSIGTERM: true,
    timeout,
  };
}

/**
 * A Chromium that is installed but does not start is the harness failing,
 * not the portal (issue 13.8): a DriverStartError, which tollgate retries
 * once and then reports as broken. A missing Chromium stays a plain error
 * that says how to install it.
 */
export async function launchChromium(options: ResolvedPortalOptions, resolverRules?: string, timeout?: number): Promise<Browser> {
  checkChromium(options.executablePath, options.executablePathFrom);
  try {
    return await chromium.launch(launchOptions(options, resolverRules, timeout));
  } catch (error) {
    const first = String((error as Error).message).split('\n').slice(0, 6).join('\n');
    throw new DriverStartError('browser', `Chromium at ${options.executablePath} did not start: ${first}\nCheck that it runs: ${options.executablePath} --headless --no-sandbox --dump-dom about:blank`, { cause: error });
  }
}

/**
 * How long one start of the browser or of a page may take: half the test's
 * timeout (2 to 30 s). A start that hangs is retried, and tollgate adds the
 * failed start's time to the test's timeout, so the retry still ends as
 * broken before the test's own timeout blames the test. Half, not less: on a
 * machine at load 20, launch and newPage() each take 3 to 4 s.
 */
export function startTimeout(testTimeout: number | undefined): number {
  if (!testTimeout || testTimeout <= 0) return 30_000;
  return Math.min(30_000, Math.max(2_000, Math.floor(testTimeout / 2)));
}
