import type { DeclaredFile, DeclaredGroup } from './declarations.ts';

/**
 * The file being imported right now, and the describe being declared in
 * it. Kept on globalThis: a test file may reach tollgate through another
 * path than the runner did (a symlink, a second copy in node_modules), and
 * both copies must register into the same tree.
 */
interface CollectorState {
  file: DeclaredFile | null;
  group: DeclaredGroup | null;
  rootDir: string;
}

const KEY = Symbol.for('tollgate.native.collector');
const holder = globalThis as unknown as Record<symbol, CollectorState | undefined>;

export function collector(): CollectorState {
  return (holder[KEY] ??= { file: null, group: null, rootDir: process.cwd() });
}

export class DeclarationError extends Error {}

/** The group that a test or hook declared now belongs to; throws outside file loading. */
export function currentGroup(what: string): DeclaredGroup {
  const state = collector();
  if (!state.group) {
    throw new DeclarationError(
      `${what} was called outside a test file's top level or describe body. Declare tests when the file loads, not inside a test or a hook.`,
    );
  }
  return state.group;
}
