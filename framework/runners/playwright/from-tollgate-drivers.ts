/**
 * A tollgate driver is already a fixture in Playwright's shape:
 * `{ name: [setup(deps, use, info), { scope, auto }] }`. Only the scope names
 * differ: tollgate's 'run' scope (set up once, in the tollgate process) has
 * no Playwright counterpart and becomes 'worker'.
 */
type DriverTuple = [(deps: any, use: (value: any) => Promise<void>, info: any) => Promise<void>, { scope: string; auto?: boolean }];

export function fromTollgateDrivers<T extends object>(...drivers: Record<string, DriverTuple>[]): Record<keyof T, any> {
  const out: Record<string, unknown> = {};
  for (const driver of drivers) {
    for (const [name, [setup, options]] of Object.entries(driver)) {
      const scope = options.scope === 'test' ? 'test' : 'worker';
      // Playwright reads a fixture's dependencies from its first parameter's destructuring, so keep setup itself.
      out[name] = [setup, { scope, ...(options.auto ? { auto: true } : {}) }];
    }
  }
  return out as Record<keyof T, any>;
}
