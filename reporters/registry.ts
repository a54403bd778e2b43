import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Reporter, ReporterContext, ReporterFactory } from 'tollgate/reporter';

/**
 * The built-in reporters by name. Each is imported only when chosen, so
 * `--reporter json` never loads the console reporter's code.
 */
export const builtinReporters = {
  console: () => import('./console/index.ts'),
  json: () => import('./json/index.ts'),
  junit: () => import('./junit/index.ts'),
  tap: () => import('./tap/index.ts'),
  html: () => import('./html/index.ts'),
  allure: () => import('./allure/index.ts'),
  'robot-xml': () => import('./robot-xml/index.ts'),
} satisfies Record<string, () => Promise<{ default: ReporterFactory }>>;

/**
 * What the terminal shows when no chosen reporter prints there (only file
 * reporters, `tollgate report --reporter html=...`): the verdict line, where
 * each output went and what was signed (issue 16).
 */
export async function verdictLineReporter(ctx: ReporterContext): Promise<Reporter> {
  return (await import('./console/verdict-line-reporter.ts')).createVerdictLineReporter(ctx);
}

export type BuiltinReporterName = keyof typeof builtinReporters;

export const BUILTIN_REPORTER_NAMES = Object.keys(builtinReporters) as BuiltinReporterName[];

export interface ReporterSpec {
  /** A built-in name, or a path to a module whose default export is a ReporterFactory. */
  name: string;
  /** What followed the first '=', usually an output path. */
  option: string | undefined;
}

/** `junit=out.xml` → { name: 'junit', option: 'out.xml' }; `console` → { name: 'console', option: undefined }. */
export function parseReporterSpec(spec: string): ReporterSpec {
  const at = spec.indexOf('=');
  const name = (at < 0 ? spec : spec.slice(0, at)).trim();
  const option = at < 0 ? undefined : spec.slice(at + 1);
  if (name === '') {
    throw new Error(`"${spec}" names no reporter. Use NAME or NAME=PATH, where NAME is one of ${BUILTIN_REPORTER_NAMES.join(', ')} or a path such as ./my-reporter.ts.`);
  }
  return { name, option: option === '' ? undefined : option };
}

/** A name that is a path to a user's module rather than a built-in: './x.ts', '/abs/x.js', 'reporters/x.ts'. */
export function isModulePath(name: string): boolean {
  return name.startsWith('.') || isAbsolute(name) || /[\\/]/.test(name) || /\.[cm]?[jt]sx?$/.test(name);
}

/**
 * The factory for a reporter name: a built-in, or the default export of a
 * module (resolved against rootDir, the config's folder). Errors say what
 * was expected and how to fix it; the CLI turns them into exit code 2.
 */
export async function resolveReporterFactory(name: string, rootDir: string): Promise<ReporterFactory> {
  if (Object.hasOwn(builtinReporters, name)) return (await builtinReporters[name as BuiltinReporterName]()).default;
  if (!isModulePath(name)) {
    throw new Error(`Unknown reporter "${name}". Known reporters: ${BUILTIN_REPORTER_NAMES.join(', ')}. For your own reporter, give the path to its module, e.g. --reporter ./my-reporter.ts.`);
  }
  const file = resolve(rootDir, name);
  if (!existsSync(file)) throw new Error(`Reporter module ${file} does not exist (resolved "${name}" against ${rootDir}). Check the path.`);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new Error(`Reporter module ${file} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof mod.default !== 'function') {
    throw new Error(`Reporter module ${file} has no default export that is a reporter factory. Write: export default defineReporter((ctx) => ({ onEvent(event) { ... } })), with defineReporter from 'tollgate'.`);
  }
  return mod.default as ReporterFactory;
}

/**
 * Builds the reporter a `--reporter` value names. The option after '=' in
 * the spec wins over ctx.option.
 *
 *   const reporter = await loadReporter('junit=out.xml', { runDir, rootDir, stdout, isTTY, replay });
 */
export async function loadReporter(spec: string | ReporterSpec, ctx: Omit<ReporterContext, 'option'> & { option?: string }): Promise<Reporter> {
  const { name, option } = typeof spec === 'string' ? parseReporterSpec(spec) : spec;
  const factory = await resolveReporterFactory(name, ctx.rootDir);
  const reporter = factory({ ...ctx, option: option ?? ctx.option });
  if (typeof reporter !== 'object' || reporter === null) {
    throw new Error(`Reporter "${name}" returned ${reporter === null ? 'null' : typeof reporter} instead of a reporter object ({ onEvent?, onEnd?, printsToStdout? }).`);
  }
  return reporter;
}
