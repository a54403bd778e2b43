import type { ResolvedEnvironment } from '../model/environment.ts';
import type { Plan } from '../plan/plan.ts';
import { FixtureError, type FixtureDefinition } from '../runners/native/fixture-pool.ts';
import { setUp, type Instance } from '../runners/native/fixture-runner.ts';
import { loadDeclaredFile, testCasesOf } from '../runners/native/load-file.ts';
import { runFixturesOf } from '../runners/native/run-fixture-needs.ts';

/**
 * Run-scoped fixtures are set up here, once for the whole run, in the run
 * fixtures' process (run-fixtures-main.ts); workers receive their values.
 * Only the run fixtures the planned tests reach are set up, and only the
 * files whose tests reach one are loaded (the planner learnt which from
 * the collecting workers).
 */
export async function setUpRunFixtures(plan: Pick<Plan, 'files'>, environment: ResolvedEnvironment, rootDir: string): Promise<{ values: Record<string, unknown>; teardown(): Promise<void> }> {
  const needed = new Map<string, FixtureDefinition>();
  for (const planned of plan.files) {
    if (planned.usesRunFixtures === false) continue;
    const loaded = testCasesOf(await loadDeclaredFile(planned.file, rootDir), planned.suite, rootDir);
    for (const test of planned.tests) {
      const entry = loaded.tests.get(test.id);
      if (!entry) continue;
      for (const def of runFixturesOf(entry.declared, test.title)) {
        const known = needed.get(def.name);
        if (known && known !== def) throw new FixtureError(`run fixture "${def.name}" is defined twice with different bodies; a run fixture has one value per run`);
        needed.set(def.name, def);
      }
    }
  }
  const values: Record<string, unknown> = {};
  const instances: Instance[] = [];
  const setUpOne = async (def: FixtureDefinition): Promise<void> => {
    if (def.name in values) return;
    const args: Record<string, unknown> = {};
    for (const dep of def.deps) {
      if (dep === 'env') args.env = environment;
      else if (needed.has(dep)) {
        await setUpOne(needed.get(dep)!);
        args[dep] = values[dep];
      } else throw new FixtureError(`run fixture "${def.name}" may only use other run fixtures and env, not "${dep}"`);
    }
    const instance = await setUp(def, args, { workerIndex: -1 });
    instances.push(instance);
    const json = JSON.stringify(instance.value);
    values[def.name] = json === undefined ? undefined : JSON.parse(json);
  };
  for (const def of needed.values()) await setUpOne(def);
  return {
    values,
    teardown: async () => {
      for (const instance of instances.reverse()) await instance.teardown();
    },
  };
}
