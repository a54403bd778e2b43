/** The POD is up, and publishes its API index and schemas. */
import { test, expect, expectStatus } from '../../drivers/api/index.ts';

test.describe('health', { tag: ['@api'] }, () => {
  test('the POD answers its health check', async ({ api, env }) => {
    const health = await api.get(`${env.endpoints.base}/healthz`);
    expectStatus(health, 200);
    expect(health.body).toMatchObject({ status: 'ok' });
  });

  test('the API index names every collection, the schemas and the event stream', async ({ api }) => {
    const index = await api.get('/');
    expectStatus(index, 200);
    expect(index.body.resources).toEqual(
      expect.arrayContaining(['/api/v1/enterprises', '/api/v1/sites', '/api/v1/device-groups', '/api/v1/slices']),
    );
    expect(index.body.events).toBe('/api/v1/events');
  });

  test('the published schemas include those the smoke suites check against', async ({ api }) => {
    const list = await api.get('/schemas');
    expectStatus(list, 200);
    expect(list.body.items).toEqual(expect.arrayContaining(['slice', 'slice-list', 'slice-input', 'error', 'event']));
    const slice = await api.schema('slice');
    expect(slice.$id).toBe('urn:tollgate:pod:slice');
  });
});
