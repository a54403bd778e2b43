import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FixtureError, FixturePool, fixtureParameterNames } from './fixture-pool.ts';

test('fixture parameter names come from the first parameter destructuring', () => {
  const cases: [Function, string[]][] = [
    [async ({ api, env }: any) => [api, env], ['api', 'env']],
    [({ page: p, db = 1 }: any) => [p, db], ['page', 'db']],
    [async function named({ a, b }: any, use: any) { return [a, b, use]; }, ['a', 'b']],
    [() => 1, []],
    [async () => 1, []],
    [({ a, ...rest }: any) => [a, rest], ['a']],
    [({ nested: { x }, y }: any) => [x, y], ['nested', 'y']],
  ];
  for (const [fn, names] of cases) assert.deepEqual(fixtureParameterNames(fn, 'x'), names, fn.toString());
});

test('a first parameter that is not destructured is an error that shows how to fix it', () => {
  assert.throws(() => fixtureParameterNames((args: unknown) => args, 'test "x"'), /must use object destructuring/);
});

test('extend: scopes, overrides and dependency order', () => {
  const pool = new FixturePool(new Map()).extend({
    base: [async ({}, use: (v: number) => Promise<void>) => use(1), { scope: 'worker' }],
    derived: async ({ base }: { base: number }, use: (v: number) => Promise<void>) => use(base + 1),
  });
  assert.deepEqual(pool.closure(['derived']).map((d) => d.name), ['base', 'derived']);
  assert.equal(pool.definitions.get('base')?.scope, 'worker');
  assert.equal(pool.definitions.get('derived')?.scope, 'test');
  const overridden = pool.extend({ base: async ({ base }: { base: number }, use: (v: number) => Promise<void>) => use(base * 10) });
  assert.equal(overridden.definitions.get('base')?.scope, 'worker', 'an override keeps its parent scope');
  assert.ok(overridden.definitions.get('base')?.parent);
});

test('a worker fixture cannot depend on a test fixture', () => {
  const pool = new FixturePool(new Map()).extend({ perTest: async ({}, use: (v: number) => Promise<void>) => use(1) });
  assert.throws(
    () => pool.extend({ shared: [async ({ perTest }: { perTest: number }, use: (v: number) => Promise<void>) => use(perTest), { scope: 'worker' }] }),
    (error: Error) => error instanceof FixtureError && /cannot depend on test fixture "perTest"/.test(error.message),
  );
});

test('an unknown fixture names the ones that exist', () => {
  const pool = new FixturePool(new Map()).extend({ api: async ({}, use: (v: number) => Promise<void>) => use(1) });
  assert.throws(() => pool.closure(['apii']), /"apii", which is not defined. Known fixtures: api/);
});
