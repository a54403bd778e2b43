import type { DeclaredGroup } from './declarations.ts';
import type { FixturePool } from './fixture-pool.ts';

const extended = new WeakMap<DeclaredGroup, WeakMap<FixturePool, FixturePool>>();

/**
 * The pool a test (or hook) of `groups` runs with: its test type's pool with
 * the values of every `test.use()` of those groups over it, outermost
 * first, as Playwright applies them. Made once per group and pool, so a
 * worker fixture that depends on an overridden option is set up once per
 * describe that overrides it, not once per test.
 */
export function withUses(pool: FixturePool, groups: readonly DeclaredGroup[]): FixturePool {
  const uses = groups.flatMap((g) => g.uses);
  if (!uses.length) return pool;
  const innermost = groups[groups.length - 1];
  let byPool = extended.get(innermost);
  if (!byPool) extended.set(innermost, (byPool = new WeakMap()));
  let result = byPool.get(pool);
  if (!result) byPool.set(pool, (result = pool.extend(Object.assign({}, ...uses))));
  return result;
}

/** The file's group down to `group`. */
export function groupsUpTo(group: DeclaredGroup): DeclaredGroup[] {
  const groups: DeclaredGroup[] = [];
  for (let g: DeclaredGroup | undefined = group; g; g = g.parent) groups.unshift(g);
  return groups;
}
