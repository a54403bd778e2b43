/**
 * The portal driver (issue 3): a real browser, the system's Chromium, driven
 * by playwright-core. Suites import `test` (with `browser`, `context` and
 * `page`) from here; options are described in portal-options.ts.
 */
// Playwright's expect: Jest's matchers plus web-first ones that wait (toHaveText, toBeVisible...).
export { expect } from '@playwright/test';
export { test, portalDriver, createPortalDriver, type PortalBrowser } from './portal-driver.ts';
export { resolvePortalOptions, DEFAULT_CHROMIUM, type PortalDriverOptions, type ResolvedPortalOptions, type TraceMode, type ScreenshotMode } from './portal-options.ts';
export { launchChromium, launchOptions, chromiumArgs, checkChromium, ChromiumNotFoundError } from './launch-chromium.ts';
export { createNetworkGuard, guardContext, type NetworkGuard } from './network-guard.ts';
export { shouldKeepTrace, shouldRecordTrace, shouldScreenshot } from './failure-artifacts.ts';
export type { Browser, BrowserContext, Page, Locator } from 'playwright-core';
