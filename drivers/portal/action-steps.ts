/**
 * The browser's actions as steps of the test that made them (issue 16,
 * item 4): `page.goto`, `locator.click`, `page.waitForURL` ... each become a
 * step of category 'pw:api', as Playwright's own runner shows them in its
 * HTML report, with the call's selector or URL in the title.
 *
 * Why a private hook: Playwright's runner gets these from the client's
 * instrumentation (`_instrumentation.addListener`), which playwright-core
 * does not export. It is the one way to see every call, with its nesting,
 * as the user made it; test/portal-action-steps.test.ts fails if an upgrade
 * removes it, so the steps do not vanish silently.
 */
import { inRunningTest, test } from 'tollgate';
import type { Browser } from 'playwright-core';

/** What the client instrumentation passes: a zone per public call. */
interface ApiZone {
  apiName?: string;
  title?: string;
  internal?: boolean;
  error?: Error;
  tollgateStep?: { end(error?: Error): void };
}

interface CallData {
  method?: string;
  params?: Record<string, unknown>;
}

interface Instrumentation {
  addListener(listener: { onApiCallBegin?(zone: ApiZone, data?: CallData): void; onApiCallEnd?(zone: ApiZone): void }): void;
}

/** Call parameters shown in a title; never `value`, `text` or `files`, which may hold what a user typed (a password). */
const SHOWN = ['url', 'selector', 'key', 'name', 'state'] as const;

export function actionTitle(zone: ApiZone, data: CallData | undefined): string {
  const name = zone.title ?? zone.apiName ?? data?.method ?? 'browser call';
  const shown = SHOWN.map((key) => data?.params?.[key]).find((value) => typeof value === 'string' && value !== '');
  return shown === undefined ? name : `${name}(${JSON.stringify(String(shown).length > 120 ? `${String(shown).slice(0, 117)}...` : shown)})`;
}

/** False when this playwright-core has no client instrumentation to listen to. */
export function recordActionSteps(browser: Browser): boolean {
  const instrumentation = (browser as unknown as { _instrumentation?: Instrumentation })._instrumentation;
  if (typeof instrumentation?.addListener !== 'function') return false;
  instrumentation.addListener({
    // Called synchronously inside the user's call, so the running test (async context) is the caller's.
    onApiCallBegin(zone, data) {
      if (zone.internal || !inRunningTest()) return;
      let end!: (error?: Error) => void;
      const done = new Promise<void>((resolve, reject) => {
        end = (error) => (error ? reject(error) : resolve());
      });
      zone.tollgateStep = { end };
      // The step's failure is the call's own error, which the user's code sees and the test reports.
      test.step(actionTitle(zone, data), () => done, { category: 'pw:api' }).catch(() => undefined);
    },
    onApiCallEnd(zone) {
      zone.tollgateStep?.end(zone.error);
      zone.tollgateStep = undefined;
    },
  });
  return true;
}
