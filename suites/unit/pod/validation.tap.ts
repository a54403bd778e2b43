// Request validation and the published schemas.
import t from 'tap';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { PodError, validationError } from '../../../environments/local/pod/pod-error.ts';
import { SCHEMA_NAMES, getSchema, schemas } from '../../../environments/local/pod/schemas.ts';
import { createValidator, toProblems } from '../../../environments/local/pod/validation.ts';

const validator = createValidator();
const goodSlice = { site: 's1', name: 'Video', sst: 1, sd: 'ABCdef', maxBitrateUl: 0, maxBitrateDl: 10 };

t.test('every published schema compiles in strict mode', async (t) => {
  const ajv = new Ajv2020({ strict: true });
  t.strictSame(
    [...SCHEMA_NAMES].sort(),
    ['device-group', 'device-group-input', 'device-group-list', 'enterprise', 'enterprise-input', 'enterprise-list', 'error', 'event', 'site', 'site-input', 'site-list', 'slice', 'slice-input', 'slice-list'],
  );
  for (const name of SCHEMA_NAMES) {
    t.doesNotThrow(() => ajv.compile(schemas[name]), name);
    t.equal(schemas[name].$id, `urn:tollgate:pod:${name}`);
  }
  t.throws(() => getSchema('nope'), { message: /No POD schema named "nope"\. Known schemas: device-group|enterprise/ });
  t.ok(Object.isFrozen(schemas.slice) && Object.isFrozen(schemas.slice.properties), 'schemas cannot be changed by a user');
});

t.test('answers need an id, requests do not', async (t) => {
  const ajv = new Ajv2020({ strict: true });
  t.notOk(ajv.compile(schemas.slice)({ ...goodSlice, deviceGroups: [] }));
  t.ok(ajv.compile(schemas.slice)({ id: 'video', ...goodSlice, deviceGroups: [] }));
  t.strictSame(validator.validate('slices', goodSlice), []);
});

t.test('valid bodies of every resource pass', async (t) => {
  t.strictSame(validator.validate('enterprises', { name: 'ACME', description: 'x' }), []);
  t.strictSame(validator.validate('sites', { id: 'a-1', enterprise: 'acme', name: 'A', location: 'Here' }), []);
  t.strictSame(validator.validate('device-groups', { site: 's', name: 'G', imsis: ['315010000000001'] }), []);
  t.strictSame(validator.validate('slices', { ...goodSlice, sst: 255, deviceGroups: ['g1', 'g2'] }), []);
});

t.test('every problem is reported with its JSON pointer', async (t) => {
  const problems = validator.validate('slices', {
    id: 'Bad_Id',
    site: 's1',
    name: '',
    sst: 256,
    sd: '12345',
    maxBitrateUl: 1.5,
    deviceGroups: ['ok', 'ok'],
    extra: true,
  });
  const byPath = Object.fromEntries(problems.map((p) => [p.path, p.message]));
  t.match(byPath, {
    '/id': /must match pattern/,
    '/name': 'must NOT have fewer than 1 characters',
    '/sst': 'must be <= 255',
    '/sd': /must match pattern/,
    '/maxBitrateUl': 'must be integer',
    '/maxBitrateDl': 'is required',
    '/deviceGroups': /must NOT have duplicate items/,
    '/extra': 'is not a known field',
  });
  t.equal(problems.length, 8, JSON.stringify(problems));
});

t.test('problems inside arrays point at the item', async (t) => {
  const problems = validator.validate('device-groups', { site: 's', name: 'G', imsis: ['315010000000001', '12ab'] });
  t.strictSame(problems, [{ path: '/imsis/1', message: 'must match pattern "^[0-9]{15}$"' }]);
  t.strictSame(validator.validate('slices', { ...goodSlice, sst: '1' }), [{ path: '/sst', message: 'must be integer' }]);
});

t.test('a body that is not an object is one problem at the root', async (t) => {
  for (const body of [null, [], 'text', 3]) {
    t.strictSame(validator.validate('enterprises', body), [{ path: '', message: 'must be object' }], JSON.stringify(body));
  }
});

t.test('toProblems escapes pointer tokens and drops repeats', async (t) => {
  const problems = toProblems([
    { keyword: 'additionalProperties', instancePath: '', schemaPath: '#', params: { additionalProperty: 'a/b~c' } },
    { keyword: 'required', instancePath: '/x', schemaPath: '#', params: { missingProperty: 'y' } },
    { keyword: 'required', instancePath: '/x', schemaPath: '#', params: { missingProperty: 'y' } },
  ]);
  t.strictSame(problems, [
    { path: '/a~1b~0c', message: 'is not a known field' },
    { path: '/x/y', message: 'is required' },
  ]);
  t.strictSame(toProblems(null), []);
});

t.test('a validation error body follows the published error schema', async (t) => {
  const check = new Ajv2020({ strict: true }).compile(schemas.error);
  const error = validationError([{ path: '/sst', message: 'must be <= 255' }]);
  t.equal(error.status, 422);
  t.strictSame(error.toBody(), {
    error: 'validation',
    message: 'The request body has 1 problem.',
    details: [{ path: '/sst', message: 'must be <= 255' }],
  });
  t.ok(check(error.toBody()));
  const conflict = new PodError('conflict', 'taken');
  t.equal(conflict.status, 409);
  t.strictSame(conflict.toBody(), { error: 'conflict', message: 'taken' });
  t.ok(check(conflict.toBody()));
});
