/**
 * The test type of the integration suites: the api driver and the portal
 * driver together, plus the portal's forms as small helpers (selectors are
 * the POD portal's data-testid attributes, environments/local/pod/portal/).
 */
import { randomUUID } from 'node:crypto';
import { test as base } from 'tollgate';
import { apiDriver, type ApiClient } from '../../../drivers/api/index.ts';
import { portalDriver, type BrowserContext, type Page, type PortalBrowser } from '../../../drivers/portal/index.ts';

export { expect } from '../../../drivers/portal/index.ts';
export { expectStatus } from '../../../drivers/api/index.ts';

export const test = base.extend<{ api: ApiClient; context: BrowserContext; page: Page }, { browser: PortalBrowser }>({ ...apiDriver, ...portalDriver });

/** The seeded site and device group of the reference POD (environments/local/pod/seed.ts). */
export const SITE = 'acme-fremont';
export const DEVICE_GROUP = 'fremont-cameras';

export interface SliceForm {
  name: string;
  sst: string;
  sd: string;
  maxBitrateUl: string;
  maxBitrateDl: string;
  deviceGroups?: string[];
}

/** A slice with a unique name, so that tests in parallel never share data; the POD derives the id from the name. */
export function uniqueSlice(prefix = 'Integration'): SliceForm & { expectedId: string } {
  const suffix = randomUUID().slice(0, 8);
  return {
    name: `${prefix} ${suffix}`,
    expectedId: `${prefix.toLowerCase()}-${suffix}`,
    sst: '1',
    sd: '0a0b0c',
    maxBitrateUl: '1000000',
    maxBitrateDl: '2000000',
    deviceGroups: [DEVICE_GROUP],
  };
}

/** Fills the create-slice form as a person would and presses its button. */
export async function submitSliceForm(page: Page, slice: SliceForm): Promise<void> {
  await page.goto('slices/new');
  await page.getByTestId('field-site').selectOption(SITE);
  await page.getByTestId('field-name').fill(slice.name);
  await page.getByTestId('field-sst').fill(slice.sst);
  await page.getByTestId('field-sd').fill(slice.sd);
  await page.getByTestId('field-maxBitrateUl').fill(slice.maxBitrateUl);
  await page.getByTestId('field-maxBitrateDl').fill(slice.maxBitrateDl);
  for (const group of slice.deviceGroups ?? []) await page.getByTestId('field-deviceGroups').locator(`input[value="${group}"]`).check();
  await page.getByTestId('submit').click();
}

/** The list row of one item. */
export function row(page: Page, id: string) {
  return page.locator(`[data-testid="row"][data-id="${id}"]`);
}

/** Waits until the list page is connected to the event stream, so live updates reach it. */
export async function waitUntilLive(page: Page): Promise<void> {
  await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: 5000 });
}
