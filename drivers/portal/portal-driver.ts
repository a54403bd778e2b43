/**
 * The portal driver as fixtures (issue 3): `browser` per worker (the system
 * Chromium), `context` and `page` per test. Each test's context records a
 * trace and, when the test fails, leaves a screenshot and trace.zip on its
 * result. Relative URLs resolve against the environment's `portal` endpoint:
 *
 *   import { test, expect } from '../../drivers/portal/index.ts';
 *   test('lists slices', async ({ page }) => {
 *     await page.goto('slices');
 *     await expect(page.getByTestId('row')).not.toHaveCount(0);   // expect from 'tollgate' works on values
 *   });
 */
import { defineDriver, test as base, withStartTimeout, type ResolvedEnvironment, type TestInfo } from 'tollgate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { recordActionSteps } from './action-steps.ts';
import { collectArtifacts, shouldRecordTrace, startTrace } from './failure-artifacts.ts';
import { launchChromium, startTimeout } from './launch-chromium.ts';
import { createNetworkGuard, guardContext, type NetworkGuard } from './network-guard.ts';
import { resolvePortalOptions, type PortalDriverOptions, type ResolvedPortalOptions } from './portal-options.ts';

/** The worker's browser, with what its contexts need to know. */
export interface PortalBrowser {
  browser: Browser;
  options: ResolvedPortalOptions;
  guard: NetworkGuard;
  /** 'Chromium 156.0.8078.108 (/usr/bin/chromium)': recorded on every test that used it. */
  label: string;
  /** A new context on the environment's portal, guarded, with tracing as the options say. */
  newContext(info: TestInfo): Promise<BrowserContext>;
}

export function createPortalDriver(options: PortalDriverOptions = {}) {
  const browserDriver = defineDriver<'browser', PortalBrowser, { env: ResolvedEnvironment }, 'worker'>({
    name: 'browser',
    scope: 'worker',
    setup: async ({ env }, use) => {
      const resolved = resolvePortalOptions(options, env);
      const guard = createNetworkGuard(env.endpoints, resolved.allowHosts);
      const browser = await launchChromium(resolved, guard.resolverRules, startTimeout(runningTestTimeout()));
      if (!recordActionSteps(browser)) process.stderr.write('[portal] this playwright-core does not report its calls: the report shows no browser steps\n');
      const base = env.endpoints[resolved.endpoint];
      const label = `Chromium ${browser.version()} (${resolved.executablePath})`;
      const portal: PortalBrowser = {
        browser,
        options: resolved,
        guard,
        label,
        newContext: async (info) => {
          const context = await browser.newContext({ baseURL: base ? `${base.replace(/\/+$/, '')}/` : undefined, viewport: resolved.viewport });
          await guardContext(context, guard, (url) => process.stderr.write(`[portal] blocked a request outside the environment: ${url}\n`));
          if (shouldRecordTrace(resolved.trace, info.retry)) await startTrace(context, info);
          info.annotations.push({ type: 'browser', description: label });
          return context;
        },
      };
      try {
        await use(portal);
      } finally {
        await browser.close().catch(() => {});
      }
    },
  });

  const contextDriver = defineDriver<'context', BrowserContext, { browser: PortalBrowser }>({
    name: 'context',
    setup: async ({ browser }, use, info) => {
      const context = await browser.newContext(info);
      const tracing = shouldRecordTrace(browser.options.trace, info.retry);
      try {
        await use(context);
      } finally {
        const problems = await collectArtifacts(context, info, { trace: browser.options.trace, screenshot: browser.options.screenshot, tracing });
        for (const problem of problems) process.stderr.write(`[portal] ${problem}\n`);
        await context.close().catch(() => {});
      }
    },
  });

  const pageDriver = defineDriver<'page', Page, { context: BrowserContext }>({
    name: 'page',
    // The context closes the page after taking its screenshot. A newPage() that never returns
    // (seen 1 in 5 runs on a quiet machine, issue 13.8) ends as a DriverStartError, retried once.
    setup: async ({ context }, use, info) => use(await withStartTimeout('page', "Chromium's newPage()", context.newPage(), startTimeout(info.timeout))),
  });

  return { ...browserDriver, ...contextDriver, ...pageDriver };
}

/** The timeout of the test that first asks for the browser; undefined in a beforeAll hook. */
function runningTestTimeout(): number | undefined {
  try {
    return base.info().timeout;
  } catch {
    return undefined;
  }
}

export const portalDriver = createPortalDriver();

/** The native test type with `browser` (worker), `context` and `page` (test). */
export const test = base.extend<{ context: BrowserContext; page: Page }, { browser: PortalBrowser }>(portalDriver);
