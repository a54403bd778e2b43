/**
 * `tollgate/playwright`: Playwright Test's `test` extended with tollgate's
 * drivers as fixtures, for teams that write Playwright tests (issue 3):
 *
 *   import { test, expect } from 'tollgate/playwright';
 *   test('the API and the portal agree', async ({ api, page }) => {
 *     expect((await api.get('/slices')).status).toBe(200);
 *     await page.goto(env.endpoints.portal);
 *   });
 *
 * `env` is the resolved tollgate environment: under a tollgate suite with
 * runner 'playwright' it arrives from the tollgate process (TOLLGATE_ENVIRONMENT);
 * run alone, set it with `use: { env: { name, endpoints, variables, secrets } }`
 * in playwright.config.ts, or TOLLGATE_ENDPOINT_<NAME>=url variables.
 * Drivers: `api` (drivers/api) now; traffic and packet join when they exist.
 */
import { test as base } from '@playwright/test';
import type { ResolvedEnvironment } from '../../model/environment.ts';
import { apiDriver, type ApiClient } from 'tollgate/drivers/api';
import { fromTollgateDrivers } from './from-tollgate-drivers.ts';

export { expect } from '@playwright/test';

/** The environment as tollgate's runner hands it over, else from TOLLGATE_ENDPOINT_* variables. */
export function environmentFromProcess(env: NodeJS.ProcessEnv = process.env): ResolvedEnvironment {
  if (env.TOLLGATE_ENVIRONMENT) return JSON.parse(env.TOLLGATE_ENVIRONMENT) as ResolvedEnvironment;
  const endpoints: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = /^TOLLGATE_ENDPOINT_(\w+)$/.exec(name);
    if (match && value) endpoints[match[1].toLowerCase()] = value;
  }
  return { name: env.TOLLGATE_ENV ?? 'process', endpoints, variables: {}, secrets: {} };
}

export const test = base.extend<{ api: ApiClient }, { env: ResolvedEnvironment }>({
  env: [environmentFromProcess(), { scope: 'worker', option: true }],
  ...fromTollgateDrivers<{ api: ApiClient }>(apiDriver),
});
