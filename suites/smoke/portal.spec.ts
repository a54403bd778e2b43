/**
 * The portal works in a real browser (system Chromium): a slice created
 * through the create form appears in the list. With TOLLGATE_POD_FAULTS=portal
 * the create button stops submitting, this test fails, and its result
 * carries a screenshot and a trace.zip (npx playwright show-trace).
 */
import { randomUUID } from 'node:crypto';
import { test, expect } from '../../drivers/portal/index.ts';

test.describe('portal', { tag: ['@portal', '@browser'] }, () => {
  test('create a slice through the portal form', async ({ page }) => {
    const name = `Portal ${randomUUID().slice(0, 8)}`;
    await page.goto('slices/new');
    await page.getByTestId('field-site').selectOption('acme-fremont');
    await page.getByTestId('field-name').fill(name);
    await page.getByTestId('field-sst').fill('1');
    await page.getByTestId('field-sd').fill('0a0b0c');
    await page.getByTestId('field-maxBitrateUl').fill('1000000');
    await page.getByTestId('field-maxBitrateDl').fill('2000000');
    await page.getByTestId('submit').click();
    await expect(page, 'the form goes back to the list once the API took the slice').toHaveURL(/\/portal\/slices$/, { timeout: 5000 });
    await expect(page.getByTestId('row').filter({ hasText: name })).toHaveCount(1);
  });
});
