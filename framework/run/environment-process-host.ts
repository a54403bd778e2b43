import { fileURLToPath } from 'node:url';
import { durationMs } from '../config/resolve-config.ts';
import type { EnvironmentDefinition, EnvironmentSetupContext, EnvironmentSetupResult } from '../model/environment.ts';
import type { TestError } from '../model/results.ts';
import type { EnvironmentDescription, HookContext } from './environment-process-main.ts';
import type { ProbeTarget } from './readiness-probe.ts';
import { UserCodeProcess } from './user-code-process.ts';

// Compiled .js in the package; tsx resolves it to the .ts in the repository.
const ENVIRONMENT_MAIN = fileURLToPath(new URL('./environment-process-main.js', import.meta.url));
/** How long the module's top level may take to load. */
const LOAD_TIMEOUT_MS = 60_000;
/** An environment's setup and teardown each, unless it sets `timeout`. */
export const DEFAULT_HOOK_TIMEOUT = '10m';
/**
 * After SIGINT/SIGTERM, how long a running hook has to finish (it sees
 * ctx.signal aborted) before its process is killed: within the run's
 * FORCE_END_MS, so the run still ends by itself, teardown included.
 */
const HOOK_STOP_GRACE_MS = 3000;

/** An environment whose hooks run in a process of their own: the definition's data, and its hooks as calls into that process. */
export interface LoadedEnvironment extends EnvironmentDefinition {
  /** Errors of its code outside a hook (a timer's throw, a refused process.exit, its process dying); those before are handed over. */
  onError?(listener: (error: TestError) => void): void;
  /** Ends its process (after teardown, or when the run never set it up). */
  close?(): Promise<void>;
}

/**
 * Imports environments/<name>.ts in a process of its own
 * (environment-process-main.ts) and returns its definition, whose setup,
 * teardown and ready.check call into that process (issue 13). A hook past
 * the environment's `timeout`, or still running a moment after
 * SIGINT/SIGTERM, is ended by killing the process: its call fails, which
 * is an environment error. Undefined when the module has no default export
 * object.
 */
export async function loadEnvironmentInItsProcess(file: string, rootDir: string, signal: AbortSignal): Promise<LoadedEnvironment | undefined> {
  let listener: ((error: TestError) => void) | undefined;
  const early: TestError[] = [];
  const report = (error: TestError) => (listener ? listener(error) : early.push(error));
  const hooks = new UserCodeProcess({ entry: ENVIRONMENT_MAIN, cwd: rootDir, onStrayError: report });
  let description: EnvironmentDescription | undefined;
  try {
    description = await hooks.call<EnvironmentDescription | undefined>('load', { file, root: rootDir }, { timeoutMs: LOAD_TIMEOUT_MS, timeoutMessage: `it did not load within ${LOAD_TIMEOUT_MS / 1000} s (a synchronous loop at its top level?)`, signal });
  } finally {
    if (!description) await hooks.stop();
  }
  if (!description) return undefined;

  const timeout = description.timeout ?? DEFAULT_HOOK_TIMEOUT;
  const timeoutMs = durationMs(timeout);
  let phase: 'idle' | 'set up' | 'closed' = 'idle';
  void hooks.closed.then(() => {
    if (phase === 'set up') report({ message: `the environment's process ended during the run (${hooks.describeEnd()}); its teardown could not run` });
  });
  const callHook = async <T>(hook: 'setup' | 'teardown', ctx: EnvironmentSetupContext): Promise<T> => {
    const { signal: hookSignal, ...data } = ctx;
    // The hook sees ctx.signal aborted as it would have in the tollgate process.
    const onAbort = () => hooks.notify('abort');
    if (hookSignal.aborted) onAbort();
    else hookSignal.addEventListener('abort', onAbort, { once: true });
    try {
      return await hooks.call<T>(hook, data satisfies HookContext, {
        timeoutMs,
        timeoutMessage: `its ${hook} ran past the environment's timeout of ${typeof timeout === 'number' ? `${timeout} ms` : timeout} (a synchronous loop, or a promise that never settles?); set \`timeout\` in the environment to give it longer`,
        signal: hookSignal,
        graceMs: HOOK_STOP_GRACE_MS,
      });
    } finally {
      hookSignal.removeEventListener('abort', onAbort);
    }
  };
  const close = async () => {
    phase = 'closed';
    await hooks.stop();
  };
  const { ready, setup, teardown, ...data } = description;
  const { check, body, ...probe } = ready ?? {};
  return {
    ...data,
    ...(ready
      ? {
          ready: {
            ...probe,
            ...(body !== undefined ? { body: typeof body === 'string' ? body : new RegExp(body.source, body.flags) } : {}),
            ...(check ? { check: (target: ProbeTarget) => hooks.call<boolean | string>('check', target, { timeoutMs: durationMs(ready.timeout ?? '60s'), timeoutMessage: 'its ready.check ran past the readiness timeout (a synchronous loop?)' }) } : {}),
          },
        }
      : {}),
    ...(setup
      ? {
          setup: async (ctx: EnvironmentSetupContext) => {
            const result = await callHook<EnvironmentSetupResult>('setup', ctx);
            phase = 'set up';
            return result;
          },
        }
      : {}),
    ...(teardown
      ? {
          teardown: async (ctx: EnvironmentSetupContext) => {
            phase = 'closed';
            await callHook<void>('teardown', ctx);
          },
        }
      : {}),
    onError: (listen) => {
      listener = listen;
      for (const error of early.splice(0)) listen(error);
    },
    close,
  };
}
