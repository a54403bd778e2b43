import fs from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../model/config.ts';
import type { EnvironmentDefinition, ResolvedEnvironment } from '../model/environment.ts';
import { loadEnvironmentInItsProcess, type LoadedEnvironment } from './environment-process-host.ts';
import { SOURCE_CONDITIONS } from './fork-worker.js';
import { waitUntilReady } from './readiness-probe.ts';
import { startCommand, type StartedCommand } from './start-command.ts';

export class EnvironmentError extends Error {}
export class EnvironmentNotFound extends Error {}

export interface EnvironmentSession {
  resolved: ResolvedEnvironment;
  teardown(): Promise<void>;
}

/** The run was interrupted while the environment's module loaded (exit 4). */
export class EnvironmentLoadInterrupted extends Error {}

/**
 * Finds environments/<name>.ts (or the path the config gives) and imports
 * it in a process of its own, where its hooks will run
 * (environment-process-host.ts). The default environment may be absent: a
 * project of plain unit tests needs no system under test. A name asked for
 * explicitly must exist.
 */
export async function loadEnvironment(config: ResolvedConfig, name: string, explicit: boolean, signal: AbortSignal = new AbortController().signal): Promise<LoadedEnvironment> {
  const configured = config.environments[name];
  const candidates = configured
    ? [path.resolve(config.rootDir, configured)]
    : ['.ts', '.mts', '.js', '.mjs'].map((ext) => path.join(config.rootDir, 'environments', `${name}${ext}`));
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  if (!file) {
    if (!explicit && !configured) return { name };
    throw new EnvironmentNotFound(
      `environment "${name}" not found: looked for ${candidates.map((c) => path.relative(config.rootDir, c)).join(', ')}. ` +
        `Create environments/${name}.ts exporting defineEnvironment({...}), or map it in the config's "environments".`,
    );
  }
  let loaded: LoadedEnvironment | undefined;
  try {
    loaded = await loadEnvironmentInItsProcess(file, config.rootDir, signal);
  } catch (error) {
    if (signal.aborted) throw new EnvironmentLoadInterrupted(`the run was interrupted while environment "${name}" loaded`);
    throw new EnvironmentNotFound(`${path.relative(config.rootDir, file)} could not be loaded: ${(error as Error).message}`);
  }
  if (!loaded) throw new EnvironmentNotFound(`${path.relative(config.rootDir, file)} must export default defineEnvironment({...})`);
  return { name, ...loaded };
}

/** The environment's secrets by name, read from the variables it names; unset and empty ones are left out. */
export function readSecrets(definition: EnvironmentDefinition): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const [secret, variable] of Object.entries(definition.secrets ?? {})) {
    const value = process.env[variable];
    if (value !== undefined && value !== '') secrets[secret] = value;
  }
  return secrets;
}

export async function setUpEnvironment(
  definition: LoadedEnvironment,
  ctx: { name: string; rootDir: string; runDir: string; signal: AbortSignal },
): Promise<EnvironmentSession> {
  const secrets = readSecrets(definition);
  const variables = { ...(definition.variables ?? {}) };
  const setupCtx = { name: ctx.name, rootDir: ctx.rootDir, runDir: ctx.runDir, variables, signal: ctx.signal };
  // Like Playwright's webServer: the system under test is started first, and stopped last.
  const started: StartedCommand | undefined = definition.start ? startCommand(definition.start, ctx.rootDir, ctx.runDir) : undefined;
  let result;
  try {
    result = (await definition.setup?.(setupCtx)) ?? undefined;
  } catch (error) {
    await definition.close?.();
    await started?.stop();
    throw new EnvironmentError(`environment "${ctx.name}" could not be set up: ${error instanceof Error ? error.message : String(error)}`);
  }
  const resolved: ResolvedEnvironment = {
    name: ctx.name,
    endpoints: { ...(definition.endpoints ?? {}), ...(result?.endpoints ?? {}) },
    variables: { ...variables, ...(result?.variables ?? {}) },
    secrets,
  };
  const teardown = async () => {
    try {
      await definition.teardown?.({ ...setupCtx, state: result?.state });
    } finally {
      await definition.close?.();
      await started?.stop();
    }
  };
  if (definition.ready) {
    let notReady: string | undefined;
    try {
      notReady = await waitUntilReady(definition.ready, resolved, ctx.signal, () => started?.exited());
    } catch (error) {
      notReady = (error as Error).message;
    }
    if (notReady !== undefined) {
      await teardown().catch(() => {});
      throw new EnvironmentError(`environment "${ctx.name}" is not ready: ${notReady}`);
    }
  }
  return { resolved, teardown };
}

/** How child processes of foreign runners learn the environment: TOLLGATE_ENDPOINT_API=..., TOLLGATE_ENV=name. */
export function childEnvironment(env: ResolvedEnvironment): Record<string, string> {
  const out: Record<string, string> = { TOLLGATE_ENV: env.name };
  // Run from the repository's sources, a child's `import 'tollgate'` (a Playwright spec, a tap file) must reach them too.
  if (SOURCE_CONDITIONS.length) out.NODE_OPTIONS = [process.env.NODE_OPTIONS, ...SOURCE_CONDITIONS].filter(Boolean).join(' ');
  for (const [name, url] of Object.entries(env.endpoints)) out[`TOLLGATE_ENDPOINT_${name.toUpperCase().replace(/\W/g, '_')}`] = url;
  return out;
}
