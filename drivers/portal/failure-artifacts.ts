/**
 * What a portal test leaves behind: a PNG screenshot of each open page and a
 * Playwright trace (trace.zip, for `npx playwright show-trace`), kept
 * according to the trace and screenshot modes, like Playwright's
 * `use.trace: 'retain-on-failure'`.
 */
import type { TestInfo } from 'tollgate';
import type { BrowserContext } from 'playwright-core';
import type { ScreenshotMode, TraceMode } from './portal-options.ts';

export function shouldRecordTrace(mode: TraceMode, retry: number): boolean {
  return mode === 'on' || mode === 'retain-on-failure' || (mode === 'on-first-retry' && retry === 1);
}

export function shouldKeepTrace(mode: TraceMode, retry: number, failed: boolean): boolean {
  if (mode === 'on') return true;
  if (mode === 'retain-on-failure') return failed;
  return mode === 'on-first-retry' && retry === 1;
}

export function shouldScreenshot(mode: ScreenshotMode, failed: boolean): boolean {
  return mode === 'on' || (mode === 'only-on-failure' && failed);
}

/** A test failed when it recorded an error; the worker fills info.errors before fixtures tear down. */
export function testFailed(info: TestInfo): boolean {
  return info.errors.length > 0;
}

export async function startTrace(context: BrowserContext, info: TestInfo): Promise<void> {
  await context.tracing.start({ title: info.titlePath.join(' › '), screenshots: true, snapshots: true, sources: false });
}

/**
 * Attaches screenshots and the trace, then leaves the context ready to close.
 * Never throws: a page that cannot be captured must not hide the test's own error.
 */
export async function collectArtifacts(
  context: BrowserContext,
  info: TestInfo,
  modes: { trace: TraceMode; screenshot: ScreenshotMode; tracing: boolean },
): Promise<string[]> {
  const failed = testFailed(info);
  const problems: string[] = [];
  if (shouldScreenshot(modes.screenshot, failed)) {
    const pages = context.pages().filter((p) => !p.isClosed());
    for (const [i, page] of pages.entries()) {
      try {
        const path = info.outputPath(pages.length === 1 ? 'screenshot.png' : `screenshot-${i + 1}.png`);
        await page.screenshot({ path, timeout: 5000, animations: 'disabled' });
        await info.attach(pages.length === 1 ? 'screenshot' : `screenshot-${i + 1}`, { path, contentType: 'image/png' });
      } catch (error) {
        problems.push(`no screenshot of ${page.url()}: ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }
  if (modes.tracing) {
    try {
      if (shouldKeepTrace(modes.trace, info.retry, failed)) {
        const path = info.outputPath('trace.zip');
        await context.tracing.stop({ path });
        await info.attach('trace', { path, contentType: 'application/zip' });
      } else {
        await context.tracing.stop();
      }
    } catch (error) {
      problems.push(`no trace: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return problems;
}
