import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startPod, type RunningPod } from './pod.ts';
import { schemas } from './schemas.ts';
import { SLICE, call } from './test-support.ts';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const check = (name: keyof typeof schemas, value: unknown) => {
  const validate = ajv.getSchema(`urn:tollgate:pod:${name}`) ?? ajv.compile(schemas[name]);
  assert.ok(validate(value), `${name}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(value)}`);
};

describe('POD REST API', () => {
  let pod: RunningPod;
  let api: string;
  before(async () => {
    pod = await startPod();
    api = `${pod.url}/api/v1`;
  });
  after(() => pod.close());

  test('lists the seeded data, each list matching its schema', async () => {
    for (const [resource, schema] of [
      ['enterprises', 'enterprise-list'],
      ['sites', 'site-list'],
      ['device-groups', 'device-group-list'],
      ['slices', 'slice-list'],
    ] as const) {
      const answer = await call(api, 'GET', `/${resource}`);
      assert.equal(answer.status, 200);
      assert.ok(answer.body.items.length >= 1, `${resource} is empty`);
      check(schema, answer.body);
    }
  });

  test('creates, reads, replaces, patches and deletes a slice', async () => {
    const created = await call(api, 'POST', '/slices', SLICE);
    assert.equal(created.status, 201);
    assert.equal(created.body.id, 'robots');
    assert.equal(created.headers.get('location'), '/api/v1/slices/robots');
    check('slice', created.body);

    const read = await call(api, 'GET', '/slices/robots');
    assert.deepEqual(read.body, created.body);

    const replaced = await call(api, 'PUT', '/slices/robots', { ...SLICE, sst: 3, description: 'AGVs' });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.sst, 3);
    assert.equal(replaced.body.description, 'AGVs');

    const patched = await call(api, 'PATCH', '/slices/robots', { description: null, maxBitrateDl: 9 });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.maxBitrateDl, 9);
    assert.equal('description' in patched.body, false, 'null in a merge patch removes the field');
    assert.equal(patched.body.sst, 3);

    assert.equal((await call(api, 'DELETE', '/slices/robots')).status, 204);
    assert.equal((await call(api, 'GET', '/slices/robots')).status, 404);
  });

  test('filters a list by owner', async () => {
    const answer = await call(api, 'GET', '/sites?enterprise=nobody');
    assert.deepEqual(answer.body, { items: [] });
    const acme = await call(api, 'GET', '/sites?enterprise=acme');
    assert.ok(acme.body.items.every((site: { enterprise: string }) => site.enterprise === 'acme'));
  });

  test('answers 422 with every problem and its JSON pointer', async () => {
    const answer = await call(api, 'POST', '/slices', { ...SLICE, name: 'Bad', sst: 300, sd: 'xyz', color: 'red', maxBitrateUl: undefined });
    assert.equal(answer.status, 422);
    check('error', answer.body);
    assert.equal(answer.body.error, 'validation');
    const byPath = Object.fromEntries(answer.body.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    assert.equal(byPath['/sst'], 'must be <= 255');
    assert.match(byPath['/sd'], /must match pattern/);
    assert.equal(byPath['/color'], 'is not a known field');
    assert.equal(byPath['/maxBitrateUl'], 'is required');
  });

  test('answers 422 for references the store cannot follow', async () => {
    const answer = await call(api, 'POST', '/slices', { ...SLICE, name: 'Orphan', site: 'nowhere', deviceGroups: [] });
    assert.equal(answer.status, 422);
    assert.deepEqual(answer.body.details, [{ path: '/site', message: 'refers to site "nowhere", which does not exist' }]);
  });

  test('answers 400 for a body that is not JSON', async () => {
    const broken = await call(api, 'POST', '/enterprises', '{"name":', { 'content-type': 'application/json' });
    assert.equal(broken.status, 400);
    assert.equal(broken.body.error, 'bad_request');
    const text = await call(api, 'POST', '/enterprises', 'name=x', { 'content-type': 'text/plain' });
    assert.equal(text.status, 400);
    assert.match(text.body.message, /application\/json/);
  });

  test('answers 404 for unknown items, collections and schemas', async () => {
    for (const path of ['/slices/nope', '/widgets', '/schemas/nope']) {
      const answer = await call(api, 'GET', path);
      assert.equal(answer.status, 404, path);
      check('error', answer.body);
    }
  });

  test('answers 409 for a duplicate id or name and for deleting an owner', async () => {
    const dupId = await call(api, 'POST', '/enterprises', { id: 'acme', name: 'Another' });
    assert.equal(dupId.status, 409);
    const dupName = await call(api, 'POST', '/enterprises', { name: 'ACME Corp' });
    assert.equal(dupName.status, 409);
    const owner = await call(api, 'DELETE', '/enterprises/acme');
    assert.equal(owner.status, 409);
    assert.match(owner.body.message, /site "acme-fremont"/);
    check('error', owner.body);
  });

  test('answers 405 with Allow for a method the path does not have', async () => {
    const answer = await call(api, 'DELETE', '/slices');
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get('allow'), 'GET, POST');
  });

  test('serves every published schema', async () => {
    const index = await call(api, 'GET', '/schemas');
    assert.deepEqual(index.body.items, Object.keys(schemas));
    const slice = await call(api, 'GET', '/schemas/slice');
    assert.equal(slice.status, 200);
    assert.deepEqual(slice.body, schemas.slice);
  });

  test('serves health and Prometheus metrics', async () => {
    assert.deepEqual((await call(pod.url, 'GET', '/healthz')).body.status, 'ok');
    assert.equal((await call(pod.url, 'GET', '/favicon.ico')).status, 204);
    await call(api, 'GET', '/slices');
    const metrics = await call(pod.url, 'GET', '/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(metrics.body, /^process_resident_memory_bytes \d+/m);
    assert.match(metrics.body, /^pod_http_requests_total\{method="GET",route="\/api\/v1\/:resource",status="200"\} [1-9]\d*$/m);
    assert.match(metrics.body, /^pod_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/v1\/:resource",status="200"\} [1-9]/m);
    assert.match(metrics.body, /^pod_resources\{resource="slices"\} \d+$/m);
  });
});

describe('POD API token', () => {
  let pod: RunningPod;
  let api: string;
  before(async () => {
    pod = await startPod({ token: 's3cret-token' });
    api = `${pod.url}/api/v1`;
  });
  after(() => pod.close());

  test('reads need no token', async () => {
    assert.equal((await call(api, 'GET', '/slices')).status, 200);
  });

  test('writes without the right token answer 401', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: 's3cret-token' }];
    for (const headers of attempts) {
      const answer = await call(api, 'POST', '/enterprises', { name: 'Initech' }, headers);
      assert.equal(answer.status, 401, JSON.stringify(headers));
      assert.equal(answer.headers.get('www-authenticate'), 'Bearer realm="pod"');
      assert.doesNotMatch(JSON.stringify(answer.body), /s3cret/, 'the token never appears in an answer');
    }
    assert.equal((await call(api, 'GET', '/enterprises/initech')).status, 404);
  });

  test('writes with the token succeed', async () => {
    const answer = await call(api, 'POST', '/enterprises', { name: 'Initech' }, { authorization: 'Bearer s3cret-token' });
    assert.equal(answer.status, 201);
  });
});
