import { groupsOf, type DeclaredTest } from './declarations.ts';
import { fixtureParameterNames, type FixtureDefinition } from './fixture-pool.ts';

/**
 * The run-scoped fixtures one test reaches, through its own parameters,
 * its describes' hooks and the fixtures those depend on. The planner asks
 * it in the worker that collects a file (so the tollgate process loads only
 * the files that need a run fixture), and setUpRunFixtures asks it again
 * for those files in the tollgate process, where run fixtures are set up.
 *
 * @throws FixtureError when a fixture function's parameters cannot be read.
 */
export function runFixturesOf(test: DeclaredTest, title: string): FixtureDefinition[] {
  const fns = [test.fn, ...groupsOf(test).flatMap((g) => g.hooks.map((h) => h.fn))];
  const names = fns.flatMap((fn) => fixtureParameterNames(fn, `test "${title}"`)).filter((n) => test.pool.definitions.has(n));
  return test.pool.closure(names).filter((def) => def.scope === 'run');
}
