import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LibraryKeyword } from './library.ts';
import { keywordsOf } from './library.ts';
import { RobotError } from './robot-error.ts';
import type { RunContext } from './run-context.ts';

/**
 * Imports keyword libraries (`Library    name    args`): BuiltIn,
 * Collections and String ship with the adapter; others are registered by
 * name (the runner registers tollgate's driver libraries such as API) or
 * are a path to a TypeScript/JavaScript module, relative to the .robot file.
 *
 * A module may export: `createLibrary(host, ...args)`; a default class
 * (instantiated with the import's arguments); a default object; or plain
 * functions (each one a keyword). A class's `static ROBOT_LIBRARY_SCOPE`
 * ('GLOBAL', 'SUITE' or 'TEST', Robot's default) says how long an instance lives.
 */

export type LibraryScope = 'GLOBAL' | 'SUITE' | 'TEST';

/** What a library gets from the run: the environment and a way to log. */
export interface LibraryHost {
  /** tollgate's resolved environment (endpoints, variables, secrets), when run by tollgate. */
  environment?: { name: string; endpoints: Record<string, string>; variables: Record<string, unknown>; secrets: Record<string, string> };
  /** The project root (the config file's folder), which libraries read relative paths from. */
  rootDir?: string;
  log(text: string, level?: 'INFO' | 'DEBUG' | 'WARN' | 'TRACE'): void;
  /** The running context, for libraries that run keywords (BuiltIn). */
  context: RunContext;
}

export type LibraryFactory = (host: LibraryHost, args: unknown[]) => object | Promise<object>;

export interface LoadedLibrary {
  name: string;
  scope: LibraryScope;
  keywords: Map<string, LibraryKeyword>;
  /** The library object; its `_close()`, when it has one, runs when its scope ends (a browser closes). */
  instance: object;
  /** Makes a fresh instance (TEST scope libraries get one per test). */
  renew?: () => Promise<{ instance: object; keywords: Map<string, LibraryKeyword> }>;
}

/** Calls a library's `_close()` (Robot's hook for freeing what a library holds); a failure is the caller's to log. */
export async function closeLibrary(library: { instance: object }): Promise<void> {
  const close = (library.instance as { _close?: () => unknown })._close;
  if (typeof close === 'function') await close.call(library.instance);
}

const STANDARD: Record<string, () => Promise<LibraryFactory>> = {
  BuiltIn: async () => {
    const { BuiltIn } = await import('./libraries/builtin.ts');
    return (host) => new BuiltIn(host.context);
  },
  Collections: async () => {
    const { Collections } = await import('./libraries/collections.ts');
    return (host) => new Collections(host.context);
  },
  String: async () => {
    const { StringLibrary } = await import('./libraries/string-library.ts');
    return () => new StringLibrary();
  },
};

export class LibraryLoader {
  constructor(
    private readonly registered: Record<string, LibraryFactory | (() => Promise<LibraryFactory>)> = {},
    private readonly hostFor: (ctx: RunContext) => LibraryHost,
    /** GLOBAL-scope instances; shared between engines of one run (a rerun keeps them). */
    private readonly globals = new Map<string, LoadedLibrary>(),
  ) {}

  async load(name: string, args: unknown[], fromFile: string, ctx: RunContext): Promise<LoadedLibrary> {
    const key = `${name}\u0000${JSON.stringify(args)}`;
    const cached = this.globals.get(key);
    if (cached) return cached;
    const host = this.hostFor(ctx);
    const { factory, scope, display } = await this.factoryFor(name, fromFile);
    const make = async () => {
      const instance = await factory(host, args);
      return { instance, keywords: keywordsOf(display, instance) };
    };
    const first = await make();
    const library: LoadedLibrary = { name: display, scope, keywords: first.keywords, instance: first.instance };
    if (scope === 'TEST') library.renew = make;
    if (scope === 'GLOBAL' && display !== 'BuiltIn') this.globals.set(key, library);
    return library;
  }

  private async factoryFor(name: string, fromFile: string): Promise<{ factory: LibraryFactory; scope: LibraryScope; display: string }> {
    if (STANDARD[name]) return { factory: await STANDARD[name](), scope: 'SUITE', display: name };
    const registered = Object.entries(this.registered).find(([n]) => n.toLowerCase() === name.toLowerCase());
    if (registered) {
      const value = registered[1];
      const factory = (value.length === 0 ? await (value as () => Promise<LibraryFactory>)() : value) as LibraryFactory;
      return { factory, scope: 'SUITE', display: registered[0] };
    }
    const path = isAbsolute(name) ? name : resolve(dirname(fromFile), name);
    if (!/\.[cm]?[jt]s$/.test(name) || !existsSync(path)) {
      const known = [...Object.keys(STANDARD), ...Object.keys(this.registered)].join(', ');
      throw new RobotError(`Importing library '${name}' failed: no library with that name (known: ${known}) and no module at ${path}. Give a path to a .ts or .js module, relative to the .robot file.`);
    }
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      throw new RobotError(`Importing library '${name}' failed: ${(error as Error).message}`);
    }
    const display = path.replace(/^.*\//, '').replace(/\.[cm]?[jt]s$/, '');
    if (typeof mod.createLibrary === 'function') return { factory: (host, args) => (mod.createLibrary as (...a: unknown[]) => object)(host, ...args), scope: 'SUITE', display };
    const def = mod.default;
    if (typeof def === 'function' && /^class\s/.test(Function.prototype.toString.call(def))) {
      const Cls = def as (new (...args: unknown[]) => object) & { ROBOT_LIBRARY_SCOPE?: string };
      const scope = (Cls.ROBOT_LIBRARY_SCOPE ?? 'TEST').toUpperCase() as LibraryScope;
      return { factory: (_host, args) => new Cls(...args), scope: ['GLOBAL', 'SUITE', 'TEST'].includes(scope) ? scope : 'TEST', display: Cls.name || display };
    }
    if (def && typeof def === 'object') return { factory: () => def as object, scope: 'GLOBAL', display };
    const functions = Object.fromEntries(Object.entries(mod).filter(([, v]) => typeof v === 'function'));
    return { factory: () => functions, scope: 'GLOBAL', display };
  }
}
