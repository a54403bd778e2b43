import type { FixtureScope } from './fixture-pool.ts';
import type { TestInfo } from './test-info.ts';
import type { WorkerInfo } from './test-type.ts';

type InfoFor<Scope extends FixtureScope> = Scope extends 'test' ? TestInfo : WorkerInfo;

export type DriverFixtures<Name extends string, Value, Deps, Scope extends FixtureScope> = Record<
  Name,
  [(deps: Deps, use: (value: Value) => Promise<void>, info: InfoFor<Scope>) => Promise<void>, { scope: Scope; auto?: boolean }]
>;

/**
 * A driver is a fixture with a name, a scope and a setup whose teardown
 * sits next to it through use(). The result goes into `test.extend()`:
 *
 * @example
 *   export const apiDriver = defineDriver({
 *     name: 'api',
 *     setup: async ({ env }: { env: ResolvedEnvironment }, use: (client: ApiClient) => Promise<void>) => {
 *       const client = new ApiClient(env);
 *       await use(client);
 *       await client.close();
 *     },
 *   });
 *   export const test = base.extend<{ api: ApiClient }>(apiDriver);
 */
export function defineDriver<Name extends string, Value, Deps = Record<string, unknown>, Scope extends FixtureScope = 'test'>(driver: {
  name: Name;
  scope?: Scope;
  /** Set up for every test (or worker) even when nobody asks for it by name. */
  auto?: boolean;
  setup: (deps: Deps, use: (value: Value) => Promise<void>, info: InfoFor<Scope>) => Promise<void>;
}): DriverFixtures<Name, Value, Deps, Scope> {
  const options = { scope: (driver.scope ?? 'test') as Scope, auto: driver.auto };
  return { [driver.name]: [driver.setup, options] } as DriverFixtures<Name, Value, Deps, Scope>;
}
