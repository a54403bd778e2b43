/**
 * Unit tests of the reference POD's logic, written for tap (the npm package).
 * They are named *.tap.ts so neither `node --test` nor tollgate's native
 * runner picks them up. Run them with:
 *
 *   npx tap --disable-coverage --reporter=tap suites/unit/pod/*.tap.ts
 *
 * tap 21 loads TypeScript through its built-in @tapjs/typescript plugin
 * (ts-node, transpile only, with this repo's tsconfig.json); no --node-arg is needed.
 */
import t from 'tap';
import { seed } from '../../../environments/local/pod/seed.ts';
import { Store, slugify } from '../../../environments/local/pod/store.ts';

const slice = (over: Record<string, unknown> = {}) => ({
  site: 'acme-fremont',
  name: 'Robots',
  sst: 2,
  sd: 'a0b1c2',
  maxBitrateUl: 1,
  maxBitrateDl: 2,
  ...over,
});

function seeded(): Store {
  const store = new Store();
  seed(store);
  return store;
}

/** A tap pattern for a thrown PodError (t.throws matches fields, regexps against strings). */
function podError(code: string, message?: RegExp) {
  return message ? { name: 'PodError', code, message } : { name: 'PodError', code };
}

t.test('slugify makes ids from names', async (t) => {
  const cases: [string, string][] = [
    ['Fremont Lab #2', 'fremont-lab-2'],
    ['  --ACME--  ', 'acme'],
    ['Ünïcode Ωmega', 'n-code-mega'],
    ['!!!', ''],
    ['x'.repeat(100), 'x'.repeat(63)],
  ];
  for (const [name, id] of cases) t.equal(slugify(name), id, JSON.stringify(name));
});

t.test('create derives an id from the name and keeps ids unique', async (t) => {
  const store = seeded();
  t.equal(store.create('slices', slice()).id, 'robots');
  const other = store.create('sites', { enterprise: 'acme', name: 'Robots' });
  t.equal(other.id, 'robots', 'ids are unique per collection only');
  store.create('sites', { id: 'second', enterprise: 'acme', name: 'Second' });
  const twin = store.create('slices', slice({ site: 'second' }));
  t.equal(twin.id, 'robots-2', 'a taken id gets a number');
  t.equal(store.create('enterprises', { name: '***' }).id, 'enterprise', 'a name without letters falls back to the kind');
});

t.test('create fills defaults and reports the change', async (t) => {
  const store = seeded();
  const change = store.create('device-groups', { site: 'acme-fremont', name: 'Sensors' });
  t.strictSame(change, {
    type: 'created',
    resource: 'device-groups',
    id: 'sensors',
    data: { id: 'sensors', site: 'acme-fremont', name: 'Sensors', imsis: [] },
  });
  t.strictSame(store.create('slices', slice()).data.deviceGroups, []);
});

t.test('duplicate ids and sibling names are conflicts', async (t) => {
  const store = seeded();
  t.throws(() => store.create('enterprises', { id: 'acme', name: 'Other' }), podError('conflict', /id "acme" already exists/));
  t.throws(() => store.create('enterprises', { name: 'ACME Corp' }), podError('conflict', /name "ACME Corp" is already taken by enterprise "acme"/));
  store.create('enterprises', { id: 'globex', name: 'Globex' });
  t.doesNotThrow(() => store.create('sites', { enterprise: 'globex', name: 'Fremont' }), 'the same name under another owner is fine');
  t.throws(() => store.create('sites', { enterprise: 'acme', name: 'Fremont' }), podError('conflict', /in enterprise "acme"/));
});

t.test('get and find', async (t) => {
  const store = seeded();
  t.equal(store.get('enterprises', 'acme').name, 'ACME Corp');
  t.equal(store.find('enterprises', 'nope'), undefined);
  t.throws(() => store.get('slices', 'nope'), podError('not_found', /no slice with id "nope"/));
});

t.test('list keeps creation order and filters by field', async (t) => {
  const store = seeded();
  store.create('sites', { id: 'b-site', enterprise: 'acme', name: 'B' });
  store.create('enterprises', { id: 'other', name: 'Other' });
  store.create('sites', { id: 'c-site', enterprise: 'other', name: 'C' });
  t.strictSame(store.list('sites').map((s) => s.id), ['acme-fremont', 'b-site', 'c-site']);
  t.strictSame(store.list('sites', { enterprise: 'other' }).map((s) => s.id), ['c-site']);
  t.strictSame(store.list('sites', { enterprise: 'none' }), []);
  t.equal(store.count('sites'), 3);
});

t.test('what the store hands out is a copy', async (t) => {
  const store = seeded();
  const item = store.get('slices', 'fremont-video');
  item.deviceGroups.push('mutated');
  item.sst = 99;
  store.list('slices')[0]!.name = 'Changed';
  const again = store.get('slices', 'fremont-video');
  t.equal(again.sst, 1);
  t.equal(again.name, 'Video');
  t.strictSame(again.deviceGroups, ['fremont-cameras']);
});

t.test('replace swaps the whole item but not its id or owner', async (t) => {
  const store = seeded();
  const change = store.replace('slices', 'fremont-video', slice({ name: 'Video', sst: 5 }));
  t.equal(change.type, 'updated');
  t.strictSame(change.data.deviceGroups, [], 'fields left out fall back to their defaults');
  t.equal(store.get('slices', 'fremont-video').sst, 5);
  t.throws(() => store.replace('slices', 'fremont-video', slice({ id: 'other', name: 'Video' })), {
    code: 'validation',
    details: [{ path: '/id', message: 'must match the id in the URL ("fremont-video")' }],
  });
  store.create('sites', { id: 'elsewhere', enterprise: 'acme', name: 'Elsewhere' });
  t.throws(() => store.replace('slices', 'fremont-video', slice({ site: 'elsewhere' })), {
    code: 'validation',
    details: [{ path: '/site', message: /cannot change/ }],
  });
  t.throws(() => store.replace('slices', 'missing', slice()), podError('not_found'));
});

t.test('replace keeps names unique among siblings', async (t) => {
  const store = seeded();
  store.create('slices', slice());
  t.throws(() => store.replace('slices', 'robots', slice({ name: 'Video' })), podError('conflict', /already taken in site "acme-fremont" by slice "fremont-video"/));
  t.doesNotThrow(() => store.replace('slices', 'robots', slice({ name: 'Robots', sst: 9 })), 'keeping its own name is fine');
});
