/**
 * The change-event stream tells about every change to a slice, in order,
 * and each event (and the slice inside it) matches its published schema.
 */
import { test, expect, expectStatus, expectSchema } from '../../drivers/api/index.ts';
import { bodyOf, newSlice } from './support/slices.ts';

const WAIT_MS = 2000;

test.describe('event stream', { tag: ['@events'] }, () => {
  test('a slice\'s creation, update and deletion arrive as events', async ({ api }) => {
    const eventSchema = await api.schema('event');
    const sliceSchema = await api.schema('slice');
    const stream = await api.events();
    const slice = newSlice();
    const id = slice.expectedId;

    expectStatus(await api.post('/slices', { body: bodyOf(slice) }), 201);
    const created = await stream.waitFor((m) => m.type === 'created' && m.id === id, { timeoutMs: WAIT_MS, label: `created ${id}` });

    expectStatus(await api.patch(`/slices/${id}`, { body: { sst: 3 } }), 200);
    const updated = await stream.waitFor((m) => m.type === 'updated' && m.id === id, { timeoutMs: WAIT_MS, label: `updated ${id}` });

    expectStatus(await api.delete(`/slices/${id}`), 204);
    const deleted = await stream.waitFor((m) => m.type === 'deleted' && m.id === id, { timeoutMs: WAIT_MS, label: `deleted ${id}` });

    for (const event of [created, updated, deleted]) {
      expectSchema(event, eventSchema, { what: `${event.type} event` });
      expectSchema(event.data, sliceSchema, { what: `the slice in the ${event.type} event` });
      expect(event.resource).toBe('slices');
    }
    expect(created.data).toMatchObject(bodyOf(slice));
    expect(updated.data.sst).toBe(3);
    expect(deleted.data.sst).toBe(3);
    expect(created.seq).toBeLessThan(updated.seq);
    expect(updated.seq).toBeLessThan(deleted.seq);
  });

  test('a refused change sends no event', async ({ api }) => {
    const stream = await api.events();
    const bad = newSlice({ sst: 0 });
    expectStatus(await api.post('/slices', { body: bodyOf(bad) }), 422);
    // A change made after the refused one: once its event is here, the refused one would have been too.
    const marker = newSlice();
    expectStatus(await api.post('/slices', { body: bodyOf(marker) }), 201);
    await stream.waitFor((m) => m.id === marker.expectedId, { timeoutMs: WAIT_MS, label: `created ${marker.expectedId}` });
    expect(stream.messages.filter((m: any) => m.id === bad.expectedId)).toEqual([]);
    expectStatus(await api.delete(`/slices/${marker.expectedId}`), 204);
  });
});
