/** Bad input is refused with a body that says what is wrong; unknown things are 404. */
import { test, expect, expectStatus } from '../../drivers/api/index.ts';
import { bodyOf, newSlice } from './support/slices.ts';

test.describe('validation errors', { tag: ['@api', '@validation'] }, () => {
  test('a slice with wrong fields is refused with 422 and one detail per problem', async ({ api }) => {
    const bad = { ...bodyOf(newSlice()), sst: 0, sd: 'xyz', surprise: true };
    const refused = await api.post('/slices', { body: bad });
    expectStatus(refused, 422);
    await api.expectSchema(refused, 'error');
    expect(refused.body.error).toBe('validation');
    const paths = refused.body.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['/sd', '/sst', '/surprise']);
  });

  test('a slice missing required fields names each missing field', async ({ api }) => {
    const refused = await api.post('/slices', { body: { site: 'acme-fremont', name: 'Incomplete' } });
    expectStatus(refused, 422);
    await api.expectSchema(refused, 'error');
    expect(refused.body.details).toEqual(
      expect.arrayContaining([
        { path: '/sst', message: 'is required' },
        { path: '/sd', message: 'is required' },
      ]),
    );
  });

  test('a slice on a site that does not exist is refused with the field named', async ({ api }) => {
    const refused = await api.post('/slices', { body: bodyOf(newSlice({ site: 'no-such-site', deviceGroups: [] })) });
    expectStatus(refused, 422);
    await api.expectSchema(refused, 'error');
    expect(refused.body.details).toEqual([expect.objectContaining({ path: '/site' })]);
  });

  test('a body that is not JSON is refused with 400', async ({ api }) => {
    const refused = await api.post('/slices', { body: '{"name": ', headers: { 'content-type': 'application/json' } });
    expectStatus(refused, 400);
    await api.expectSchema(refused, 'error');
    expect(refused.body.error).toBe('bad_request');
    expect(refused.body.message).toMatch(/not valid JSON/);
  });
});

test.describe('unknown things', { tag: ['@api'] }, () => {
  test('an unknown slice is 404 on read, update and delete', async ({ api }) => {
    for (const answer of [
      await api.get('/slices/no-such-slice'),
      await api.patch('/slices/no-such-slice', { body: { sst: 2 } }),
      await api.delete('/slices/no-such-slice'),
    ]) {
      expectStatus(answer, 404);
      await api.expectSchema(answer, 'error');
      expect(answer.body.error).toBe('not_found');
    }
  });

  test('an unknown collection is 404 and lists the real ones', async ({ api }) => {
    const answer = await api.get('/widgets');
    expectStatus(answer, 404);
    await api.expectSchema(answer, 'error');
    expect(answer.body.message).toMatch(/slices/);
  });
});
