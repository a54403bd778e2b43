import type { FixtureDefinition, FixturePool } from './fixture-pool.ts';
import { FixtureError, fixtureParameterNames } from './fixture-pool.ts';
import { isDriverStartError } from './driver-start-error.ts';
import type { TestInfo } from './test-info.ts';
import type { WorkerInfo } from './test-type.ts';

export interface Instance {
  value: unknown;
  teardown(): Promise<void>;
}

/**
 * Sets fixtures up on demand and tears them down in reverse order:
 * worker-scoped ones when the worker stops, test-scoped ones after each
 * test. Run-scoped values arrive ready from the tollgate process.
 */
export class FixtureRunner {
  private readonly workerInstances = new Map<FixtureDefinition, Instance>();
  private readonly workerOrder: FixtureDefinition[] = [];
  private testInstances = new Map<FixtureDefinition, Instance>();
  private testOrder: FixtureDefinition[] = [];

  constructor(
    private readonly builtins: Record<string, unknown>,
    private readonly runValues: Record<string, unknown>,
    private readonly workerInfo: WorkerInfo,
  ) {}

  /** The argument object for `fn`: every fixture its destructuring asks for, plus auto fixtures. */
  async argsFor(fn: Function, pool: FixturePool, info: TestInfo | null, what: string): Promise<Record<string, unknown>> {
    const names = fixtureParameterNames(fn, what);
    for (const def of pool.definitions.values()) {
      if (def.auto && (info || def.scope !== 'test')) await this.instance(def, pool, info);
    }
    const args: Record<string, unknown> = {};
    for (const name of names) {
      const def = pool.definitions.get(name);
      if (!def) throw new FixtureError(`${what} asks for fixture "${name}", which is not defined. Known fixtures: ${[...pool.definitions.keys()].join(', ')}`);
      if (def.scope === 'test' && !info) throw new FixtureError(`${what} cannot use test fixture "${name}": beforeAll and afterAll hooks only get worker fixtures`);
      args[name] = await this.instance(def, pool, info);
    }
    return args;
  }

  private async instance(def: FixtureDefinition, pool: FixturePool, info: TestInfo | null): Promise<unknown> {
    if (def.name in this.builtins && !def.parent) return this.builtins[def.name];
    if (def.scope === 'run') {
      if (!(def.name in this.runValues)) throw new FixtureError(`run fixture "${def.name}" was not set up by the tollgate process`);
      return this.runValues[def.name];
    }
    const cache = def.scope === 'worker' ? this.workerInstances : this.testInstances;
    const known = cache.get(def);
    if (known) return known.value;
    const args: Record<string, unknown> = {};
    for (const dep of def.deps) {
      const target = dep === def.name ? def.parent : pool.definitions.get(dep);
      if (!target) throw new FixtureError(`fixture "${def.name}" asks for "${dep}", which is not defined`);
      args[dep] = await this.instance(target, pool, info);
    }
    const created = await setUpWithRetry(def, args, def.scope === 'worker' ? this.workerInfo : info, info);
    cache.set(def, created);
    (def.scope === 'worker' ? this.workerOrder : this.testOrder).push(def);
    return created.value;
  }

  /** Tears down this test's fixtures, last set up first. Returns the errors, never throws. */
  async teardownTest(): Promise<unknown[]> {
    const errors = await teardownAll(this.testOrder, this.testInstances);
    this.testInstances = new Map();
    this.testOrder = [];
    return errors;
  }

  async teardownWorker(): Promise<unknown[]> {
    return teardownAll(this.workerOrder.splice(0), this.workerInstances);
  }
}

async function teardownAll(order: FixtureDefinition[], instances: Map<FixtureDefinition, Instance>): Promise<unknown[]> {
  const errors: unknown[] = [];
  for (const def of [...order].reverse()) {
    try {
      await instances.get(def)?.teardown();
    } catch (error) {
      errors.push(error);
    }
    instances.delete(def);
  }
  return errors;
}

/**
 * setUp, once more when the driver could not start (DriverStartError, issue
 * 13.8): a browser that did not open a page usually does on the second try.
 * The time the failed start took is the harness's, not the test's, so the
 * running test's timeout grows by it: a start that hung until its own
 * bound cannot make the test time out instead. A second failure is the
 * harness's, and ends the test as broken.
 */
async function setUpWithRetry(def: FixtureDefinition, args: Record<string, unknown>, info: unknown, test: TestInfo | null): Promise<Instance> {
  const started = performance.now();
  try {
    return await setUp(def, args, info);
  } catch (error) {
    if (!isDriverStartError(error)) throw error;
    if (test && test.timeout > 0) test.setTimeout(test.timeout + Math.ceil(performance.now() - started));
    process.stderr.write(`[tollgate] fixture "${def.name}": ${error.message}; setting it up once more\n`);
    try {
      return await setUp(def, args, info);
    } catch (again) {
      if (isDriverStartError(again)) again.message = `${again.message} (twice: the fixture was set up again after the first failure)`;
      throw again;
    }
  }
}

/** Runs the fixture function up to its `use(value)` call; the rest of it is the teardown. */
export function setUp(def: FixtureDefinition, args: Record<string, unknown>, info: unknown): Promise<Instance> {
  if (!def.fn) return Promise.resolve({ value: def.value, teardown: async () => {} });
  return new Promise<Instance>((resolve, reject) => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let used = false;
    const done = Promise.resolve()
      .then(() =>
        def.fn!(
          args,
          async (value: unknown) => {
            if (used) throw new FixtureError(`fixture "${def.name}" called use() twice`);
            used = true;
            resolve({ value, teardown: async () => { release(); await done; } });
            await released;
          },
          info,
        ),
      )
      .then(() => {
        if (!used) reject(new FixtureError(`fixture "${def.name}" returned without calling use(value)`));
      });
    done.catch((error) => {
      if (!used) reject(error);
    });
  });
}
