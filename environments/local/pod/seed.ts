/** A little starting data, so no list is empty when the POD comes up. */
import type { Store } from './store.ts';

export function seed(store: Store): void {
  store.create('enterprises', { id: 'acme', name: 'ACME Corp', description: 'The sample enterprise.' });
  store.create('sites', { id: 'acme-fremont', enterprise: 'acme', name: 'Fremont', location: 'Fremont, CA' });
  store.create('device-groups', {
    id: 'fremont-cameras',
    site: 'acme-fremont',
    name: 'Cameras',
    imsis: ['315010000000001', '315010000000002'],
  });
  store.create('slices', {
    id: 'fremont-video',
    site: 'acme-fremont',
    name: 'Video',
    sst: 1,
    sd: '010203',
    maxBitrateUl: 20_000_000,
    maxBitrateDl: 50_000_000,
    deviceGroups: ['fremont-cameras'],
  });
}
