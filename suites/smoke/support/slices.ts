/**
 * Slice bodies for the smoke suites. Every test makes its own slice with a
 * unique name (the POD derives the id from it), so tests in parallel
 * workers against the one POD never touch each other's data.
 */
import { randomUUID } from 'node:crypto';

/** The seeded site and device group every local POD starts with (environments/local/pod/seed.ts). */
export const SITE = 'acme-fremont';
export const DEVICE_GROUP = 'fremont-cameras';

export interface SliceInput {
  site: string;
  name: string;
  description?: string;
  sst: number;
  sd: string;
  maxBitrateUl: number;
  maxBitrateDl: number;
  deviceGroups?: string[];
}

export function newSlice(overrides: Partial<SliceInput> = {}): SliceInput & { expectedId: string } {
  const suffix = randomUUID().slice(0, 8);
  const name = `Smoke ${suffix}`;
  return {
    site: SITE,
    name,
    sst: 1,
    sd: '0a0b0c',
    maxBitrateUl: 5_000_000,
    maxBitrateDl: 10_000_000,
    deviceGroups: [DEVICE_GROUP],
    ...overrides,
    expectedId: `smoke-${suffix}`,
  };
}

/** The body to send: the slice without the test's own bookkeeping. */
export function bodyOf(slice: SliceInput & { expectedId?: string }): SliceInput {
  const { expectedId: _expectedId, ...body } = slice;
  return body;
}
