import type { FixtureScope } from './fixture-pool.ts';
import type { TestInfo } from './test-info.ts';
import type { WorkerInfo } from './test-type.ts';

/**
 * A driver is a fixture with a name, a scope and a setup whose teardown
 * sits next to it through use(). The result goes into `test.extend()`:
 *
 * @example
 *   export const apiDriver = defineDriver({
 *     name: 'api', scope: 'test',
 *     setup: async ({ env }, use) => { const client = new ApiClient(env); await use(client); await client.close(); },
 *   });
 *   export const test = base.extend<{ api: ApiClient }>(apiDriver);
 */
export function defineDriver<Name extends string, Value, Deps = Record<string, unknown>>(driver: {
  name: Name;
  scope?: FixtureScope;
  /** Set up for every test (or worker) even when nobody asks for it by name. */
  auto?: boolean;
  setup: (deps: Deps, use: (value: Value) => Promise<void>, info: TestInfo & WorkerInfo) => Promise<void>;
}): Record<Name, [typeof driver.setup, { scope: FixtureScope; auto?: boolean }]> {
  return { [driver.name]: [driver.setup, { scope: driver.scope ?? 'test', auto: driver.auto }] } as Record<Name, [typeof driver.setup, { scope: FixtureScope; auto?: boolean }]>;
}
