/**
 * Imports tollgate.config.{ts,mts,js,mjs} and turns every way that can fail
 * (a syntax error, a missing import, a throw, no export) into a ConfigError
 * that names the file and line, without a stack trace.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { ConfigError, type ConfigProblem } from './config-error.ts';

interface Location {
  line: number;
  column: number;
}

/**
 * The config object the module exports: its default export, or a named
 * export `config`; a promise of one is awaited. The value is not validated here.
 */
export async function importConfig(file: string): Promise<unknown> {
  let namespace: Record<string, unknown>;
  try {
    // tsImport loads TypeScript whether or not this process was started with
    // tsx, and gives every call a fresh module, so a changed config is re-read.
    namespace = (await tsImport(pathToFileURL(file).href, { parentURL: import.meta.url })) as Record<string, unknown>;
  } catch (err) {
    throw loadError(file, err);
  }
  let config = pickExport(namespace);
  if (isThenable(config)) {
    try {
      config = await config;
    } catch (err) {
      // Said as what it is: the module loaded, and the promise it exports failed (issue 13: a raw stack trace before).
      throw rejectedError(file, err);
    }
  }
  if (config === undefined) {
    const names = Object.keys(namespace).filter((name) => name !== 'default');
    throw new ConfigError(file, [
      {
        path: '',
        message: names.length > 0 ? `has no default export (it exports ${names.join(', ')})` : 'has no default export',
        hint: "End the file with `export default defineConfig({ suites: [...] })` (import { defineConfig } from 'tollgate').",
      },
    ]);
  }
  return config;
}

function pickExport(namespace: Record<string, unknown>): unknown {
  let exports: Record<string, unknown> = namespace;
  // A .ts file in a package without "type": "module" is compiled to CommonJS;
  // its exports then sit one level down, behind esbuild's __esModule marker.
  const inner = namespace.default as Record<string, unknown> | undefined;
  if (inner !== null && typeof inner === 'object' && inner.__esModule === true) exports = inner;
  return exports.default ?? exports.config;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function rejectedError(file: string, err: unknown): ConfigError {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : describeThrown(err);
  const location = err instanceof Error ? frameIn(file, err.stack ?? '') : undefined;
  const elsewhere = err instanceof Error && !location ? firstUserFrame(err.stack ?? '') : undefined;
  return new ConfigError(
    file,
    problem(`exports a promise that rejected with ${reason}${elsewhere ? ` (at ${elsewhere})` : ''}`, 'Fix the code that builds the config, or export the config object itself.'),
    location,
  );
}

function problem(message: string, hint: string): ConfigProblem[] {
  return [{ path: '', message, hint }];
}

function loadError(file: string, err: unknown): ConfigError {
  const source = safeRead(file);
  if (!(err instanceof Error)) {
    return new ConfigError(file, problem(`threw ${describeThrown(err)} while loading`, 'Fix the code at the top level of the config file.'));
  }
  const code = (err as NodeJS.ErrnoException).code;

  // 1. tsx/esbuild: "Transform failed with 1 error:\n/path/file.ts:3:16: ERROR: Expected "}" but found "kind""
  const transform = new RegExp(`^${escapeRegExp(file)}:(\\d+):(\\d+): ERROR: (.+)$`, 'm').exec(err.message);
  if (transform) {
    return new ConfigError(file, problem(`syntax error: ${transform[3]}`, 'Fix the syntax at this line.'), {
      line: Number(transform[1]),
      column: Number(transform[2]) + 1,
    });
  }

  // 2. Node's own SyntaxError (a .js/.mjs config) carries no position: ask esbuild for it.
  if (err.name === 'SyntaxError') {
    const located = source === undefined ? undefined : locateSyntaxError(file, source);
    return new ConfigError(file, problem(`syntax error: ${located?.text ?? err.message}`, 'Fix the syntax at this line.'), located);
  }

  // 3. An import that does not resolve: point at the line that imports it.
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
    const specifier = /Cannot find (?:package|module) '([^']+)'/.exec(err.message)?.[1];
    const bare = specifier !== undefined && !specifier.startsWith('/') && !specifier.startsWith('.');
    const fromConfig = !err.message.includes(' imported from ') || err.message.includes(` imported from ${file}`);
    const location = specifier === undefined || source === undefined || !fromConfig ? undefined : findImport(source, specifier);
    // "imported from <the config>" says nothing new; from another file it says where to look.
    const what = err.message.split('\n')[0]!.replace(` imported from ${file}`, '');
    const hint =
      specifier === 'tollgate'
        ? "Install tollgate in this project (npm install --save-dev tollgate) so that `from 'tollgate'` resolves."
        : bare
          ? `Install it (npm install ${packageName(specifier)}) or fix the import.`
          : 'Fix the import path: relative imports need their extension, e.g. ./envs.ts.';
    return new ConfigError(file, problem(what, hint), location);
  }

  // 4. The config's own code threw: point at its frame in the config file,
  //    or, when a module it imports threw, name that module's line.
  const stack = err.stack ?? '';
  const location = frameIn(file, stack);
  const elsewhere = location ? undefined : firstUserFrame(stack);
  return new ConfigError(
    file,
    problem(
      `threw ${err.name}: ${err.message}${elsewhere ? ` (at ${elsewhere})` : ''} while loading`,
      'Fix the code at the top level of the config file (or of the module it imports).',
    ),
    location,
  );
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function describeThrown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return String(JSON.stringify(value) ?? value);
  } catch {
    return typeof value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function findImport(source: string, specifier: string): Location | undefined {
  const lines = source.split('\n');
  const name = specifier.startsWith('/') ? specifier.slice(specifier.lastIndexOf('/') + 1) : specifier;
  for (let i = 0; i < lines.length; i++) {
    const column = lines[i]!.search(new RegExp(`['"][^'"]*${escapeRegExp(name)}['"]`));
    if (column !== -1) return { line: i + 1, column: column + 1 };
  }
  return undefined;
}

/** The first stack frame inside `file`, when the stack has real positions (ESM; source-mapped). */
function frameIn(file: string, stack: string): Location | undefined {
  for (const prefix of [pathToFileURL(file).href, file]) {
    const match = new RegExp(`${escapeRegExp(prefix)}:(\\d+):(\\d+)`).exec(stack);
    if (match) return { line: Number(match[1]), column: Number(match[2]) };
  }
  return undefined;
}

/** file:line:column of the first frame outside node's internals and node_modules. */
function firstUserFrame(stack: string): string | undefined {
  for (const match of stack.matchAll(/(?:file:\/\/)?(\/[^\s():?]+):(\d+):(\d+)/g)) {
    if (!match[1]!.includes('/node_modules/')) return `${match[1]}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

interface EsbuildMessage {
  text: string;
  location: { line: number; column: number } | null;
}

/**
 * esbuild is tsx's own dependency and already loaded by it; resolving it
 * from tsx's folder works whether or not it is hoisted.
 */
function locateSyntaxError(file: string, source: string): (Location & { text: string }) | undefined {
  try {
    const require = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
    const esbuild = require('esbuild') as { transformSync(input: string, options: object): unknown };
    const ext = extname(file);
    esbuild.transformSync(source, { loader: ext === '.ts' || ext === '.mts' ? 'ts' : 'js', format: 'esm', sourcefile: file });
  } catch (err) {
    const first = (err as { errors?: EsbuildMessage[] }).errors?.[0];
    if (first?.location) return { line: first.location.line, column: first.location.column + 1, text: first.text };
  }
  return undefined;
}
