// The store's rules a schema cannot express: owners must exist, a slice serves
// only its own site's device groups, nothing with dependants may be deleted.
import t from 'tap';
import { seed } from '../../../environments/local/pod/seed.ts';
import { Store } from '../../../environments/local/pod/store.ts';

function seeded(): Store {
  const store = new Store();
  seed(store);
  return store;
}

const slice = (over: Record<string, unknown> = {}) => ({
  site: 'acme-fremont',
  name: 'Robots',
  sst: 2,
  sd: 'a0b1c2',
  maxBitrateUl: 1,
  maxBitrateDl: 2,
  ...over,
});

t.test('an owner must exist', async (t) => {
  const store = seeded();
  t.throws(() => store.create('sites', { enterprise: 'ghost', name: 'X' }), {
    code: 'validation',
    details: [{ path: '/enterprise', message: 'refers to enterprise "ghost", which does not exist' }],
  });
  t.throws(() => store.create('device-groups', { site: 'ghost', name: 'X' }), { code: 'validation', details: [{ path: '/site' }] });
  t.equal(store.count('sites'), 1, 'nothing was stored');
});

t.test("a slice may only serve existing device groups of its own site", async (t) => {
  const store = seeded();
  store.create('sites', { id: 'austin', enterprise: 'acme', name: 'Austin' });
  store.create('device-groups', { id: 'austin-phones', site: 'austin', name: 'Phones' });
  t.throws(() => store.create('slices', slice({ deviceGroups: ['fremont-cameras', 'missing', 'austin-phones'] })), {
    code: 'validation',
    details: [
      { path: '/deviceGroups/1', message: 'refers to device group "missing", which does not exist' },
      { path: '/deviceGroups/2', message: 'device group "austin-phones" belongs to site "austin", not "acme-fremont"' },
    ],
  });
  t.equal(store.create('slices', slice({ deviceGroups: ['fremont-cameras'] })).id, 'robots');
});

t.test('a replace is held to the same references', async (t) => {
  const store = seeded();
  t.throws(() => store.replace('slices', 'fremont-video', slice({ name: 'Video', deviceGroups: ['missing'] })), {
    code: 'validation',
    details: [{ path: '/deviceGroups/0' }],
  });
  t.strictSame(store.get('slices', 'fremont-video').deviceGroups, ['fremont-cameras'], 'the old state is kept');
});

t.test('an enterprise with sites cannot be deleted', async (t) => {
  const store = seeded();
  t.throws(() => store.delete('enterprises', 'acme'), { code: 'conflict', message: /still used by site "acme-fremont"/ });
  t.ok(store.find('enterprises', 'acme'));
});

t.test('a site with device groups or slices cannot be deleted', async (t) => {
  const store = seeded();
  t.throws(() => store.delete('sites', 'acme-fremont'), {
    code: 'conflict',
    message: /device group "fremont-cameras", slice "fremont-video"/,
  });
});

t.test('a device group a slice serves cannot be deleted', async (t) => {
  const store = seeded();
  t.throws(() => store.delete('device-groups', 'fremont-cameras'), { code: 'conflict', message: /slice "fremont-video"/ });
  store.replace('slices', 'fremont-video', slice({ name: 'Video', deviceGroups: [] }));
  t.equal(store.delete('device-groups', 'fremont-cameras').type, 'deleted', 'once no slice uses it, it can go');
});

t.test('deleting from the leaves up empties the store', async (t) => {
  const store = seeded();
  const order = [
    ['slices', 'fremont-video'],
    ['device-groups', 'fremont-cameras'],
    ['sites', 'acme-fremont'],
    ['enterprises', 'acme'],
  ] as const;
  for (const [resource, id] of order) {
    const change = store.delete(resource, id);
    t.equal(change.id, id);
    t.equal(change.data.id, id, 'a delete reports the last state');
  }
  for (const resource of ['enterprises', 'sites', 'device-groups', 'slices'] as const) t.equal(store.count(resource), 0);
  t.throws(() => store.delete('enterprises', 'acme'), { code: 'not_found' });
});
