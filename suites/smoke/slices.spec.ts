/**
 * Create, read, list, update and delete a slice; every answer is checked
 * against the schema the POD publishes for it. With TOLLGATE_POD_FAULTS=schema
 * these fail, naming the field that broke the schema.
 */
import { test, expect, expectStatus } from '../../drivers/api/index.ts';
import { bodyOf, newSlice } from './support/slices.ts';

test.describe('slices CRUD', { tag: ['@api', '@slices'] }, () => {
  test('create a slice', async ({ api }) => {
    const slice = newSlice();
    const created = await api.post('/slices', { body: bodyOf(slice) });
    expectStatus(created, 201);
    await api.expectSchema(created, 'slice');
    expect(created.headers.location).toBe(`/api/v1/slices/${slice.expectedId}`);
    expect(created.body).toMatchObject({ ...bodyOf(slice), id: slice.expectedId });
  });

  test('read a slice, alone and in the list', async ({ api }) => {
    const slice = newSlice({ description: 'read me' });
    const created = await api.post('/slices', { body: bodyOf(slice) });
    expectStatus(created, 201);

    const read = await api.get(`/slices/${slice.expectedId}`);
    expectStatus(read, 200);
    await api.expectSchema(read, 'slice');
    expect(read.body).toEqual(created.body);

    const list = await api.get('/slices', { query: { site: slice.site } });
    expectStatus(list, 200);
    await api.expectSchema(list, 'slice-list');
    expect(list.body.items.map((item: { id: string }) => item.id)).toContain(slice.expectedId);
  });

  test('update a slice, by replacing it and by patching it', async ({ api }) => {
    const slice = newSlice();
    expectStatus(await api.post('/slices', { body: bodyOf(slice) }), 201);

    const replaced = await api.put(`/slices/${slice.expectedId}`, { body: { ...bodyOf(slice), sst: 2, description: 'replaced' } });
    expectStatus(replaced, 200);
    await api.expectSchema(replaced, 'slice');
    expect(replaced.body).toMatchObject({ sst: 2, description: 'replaced' });

    const patched = await api.patch(`/slices/${slice.expectedId}`, { body: { maxBitrateDl: 42_000_000, description: null } });
    expectStatus(patched, 200);
    await api.expectSchema(patched, 'slice');
    expect(patched.body.maxBitrateDl).toBe(42_000_000);
    expect(patched.body).not.toHaveProperty('description');

    const read = await api.get(`/slices/${slice.expectedId}`);
    expect(read.body).toEqual(patched.body);
  });

  test('delete a slice', async ({ api }) => {
    const slice = newSlice();
    expectStatus(await api.post('/slices', { body: bodyOf(slice) }), 201);

    const deleted = await api.delete(`/slices/${slice.expectedId}`);
    expectStatus(deleted, 204);
    expect(deleted.text).toBe('');

    const gone = await api.get(`/slices/${slice.expectedId}`);
    expectStatus(gone, 404);
    await api.expectSchema(gone, 'error');
  });
});
