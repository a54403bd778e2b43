/**
 * The entry of the environment's process (issue 13): environments/<name>.ts
 * is imported here, and its setup, readiness check and teardown run here,
 * not in the tollgate process, which gets the module's data (endpoints,
 * variables, secret names, leases, start, ready) and calls the hooks over
 * IPC (environment-process-host.ts). The state setup returns stays here for
 * teardown. serveUserCode refuses process.exit and reports what the code
 * throws outside a hook.
 */
import { pathToFileURL } from 'node:url';
import type { EnvironmentDefinition, EnvironmentSetupContext, EnvironmentSetupResult } from '../model/environment.ts';
import type { ProbeTarget } from './readiness-probe.ts';
import { serveUserCode } from './user-code-main.ts';

/** What a hook's context holds besides its signal (which stays on this side: the tollgate process aborts it by a call). */
export type HookContext = Omit<EnvironmentSetupContext, 'signal'>;

/** The module's data: its functions are known by whether they exist; a RegExp body is sent as source and flags. */
export type EnvironmentDescription = Omit<EnvironmentDefinition, 'setup' | 'teardown' | 'ready'> & {
  ready?: Omit<NonNullable<EnvironmentDefinition['ready']>, 'check' | 'body'> & { body?: string | { source: string; flags: string }; check?: true };
  setup?: true;
  teardown?: true;
};

let rootDir = process.cwd();
let definition: EnvironmentDefinition = {};
let state: unknown;
const controller = new AbortController();

serveUserCode(
  'an environment hook',
  {
    load: async ({ file, root }: { file: string; root: string }): Promise<EnvironmentDescription | undefined> => {
      rootDir = root;
      const module = (await import(pathToFileURL(file).href)) as { default?: EnvironmentDefinition };
      if (!module.default || typeof module.default !== 'object') return undefined;
      definition = module.default;
      const { setup, teardown, ready, ...data } = definition;
      const { check, body, ...probe } = ready ?? {};
      return {
        // A function-valued field is not data: leave it out rather than fail to send the rest.
        ...(JSON.parse(JSON.stringify(data)) as EnvironmentDescription),
        ...(ready ? { ready: { ...probe, ...(body instanceof RegExp ? { body: { source: body.source, flags: body.flags } } : body !== undefined ? { body } : {}), ...(check ? { check: true as const } : {}) } } : {}),
        ...(setup ? { setup: true as const } : {}),
        ...(teardown ? { teardown: true as const } : {}),
      };
    },
    setup: async (ctx: HookContext): Promise<Omit<EnvironmentSetupResult, 'state'>> => {
      const result = (await definition.setup?.({ ...ctx, signal: controller.signal })) ?? undefined;
      state = result?.state;
      return { ...(result?.endpoints ? { endpoints: result.endpoints } : {}), ...(result?.variables ? { variables: result.variables } : {}) };
    },
    check: (target: ProbeTarget) => definition.ready?.check?.(target),
    teardown: async (ctx: HookContext) => {
      await definition.teardown?.({ ...ctx, signal: controller.signal, state });
    },
    abort: () => controller.abort(),
  },
  () => rootDir,
);
