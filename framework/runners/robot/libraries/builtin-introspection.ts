import { keywordsOf, normaliseName } from '../library.ts';
import { RobotError } from '../robot-error.ts';
import { BUILTIN_CONSTANTS, builtinValue } from '../variables.ts';
import { casefold } from '../python-str.ts';
import { isDict, isTruthyArg, str } from '../values.ts';
import { BuiltInImports } from './builtin-imports.ts';
import { seq2str2 } from './collections-support.ts';

type NamespaceLibrary = BuiltInIntrospection['_ctx']['namespace']['libraries'][number];

/**
 * BuiltIn's keywords that look at the running suite itself: its variables
 * (Get Variables, Log Variables) and its libraries (Get Library Instance,
 * Reload Library). A library instance is the TypeScript object the
 * library is (a class instance, a module's functions), not a Python one.
 */
export class BuiltInIntrospection extends BuiltInImports {
  /** Every variable in the current scope, by `${name}`, `@{name}` or `&{name}` (the bare name with no_decoration), sorted by name. */
  getVariables(no_decoration: unknown = false): Record<string, unknown> {
    const decorate = !isTruthyArg(no_decoration);
    const entries: [string, unknown][] = BUILTIN_CONSTANTS.map((name) => [name, builtinValue(name).value]);
    for (const [name, value] of this._ctx.variables.visible()) {
      const at = entries.findIndex(([n]) => normaliseName(n) === normaliseName(name));
      if (at >= 0) entries[at] = [entries[at][0], value];
      else entries.push([name, value]);
    }
    entries.sort(([a], [b]) => compareText(normaliseName(a), normaliseName(b)));
    return Object.fromEntries(entries.map(([name, value]) => [decorate ? decorated(name, value) : name, value]));
  }

  /** Each variable as `${name} = value`, sorted by name, at the given level. */
  logVariables(level: unknown = 'INFO'): void {
    const variables = this.getVariables();
    const names = Object.keys(variables).sort((a, b) => compareText(casefold(a.slice(2, -1)), casefold(b.slice(2, -1))));
    for (const name of names) this.log(assignMessage(name, variables[name]), level);
  }

  /** The library's instance, by its name or alias (case, spaces and underscores ignored); with all=True, every library's by name. */
  getLibraryInstance(name: unknown = null, all: unknown = false): unknown {
    if (isTruthyArg(all)) return Object.fromEntries(this._ctx.namespace.libraries.map((l) => [l.name, instanceOf(l)]));
    return instanceOf(this._library(name));
  }

  /** Reads the library's keywords again from its instance, so that methods it added or removed since are found (or no longer). */
  reloadLibrary(name_or_instance: unknown): void {
    const library = this._library(name_or_instance);
    const instance = instanceOf(library);
    const display = library.keywords.values().next().value?.library ?? library.name;
    const fresh = keywordsOf(display, instance);
    library.keywords.clear();
    for (const [key, keyword] of fresh) library.keywords.set(key, keyword);
    this._log(`Reloaded library ${library.name} with ${fresh.size} keywords.`);
  }

  /** Robot's KeywordStore.get_library: by exact name, then by normalised name; an instance by identity. */
  private _library(nameOrInstance: unknown): NamespaceLibrary {
    const libraries = this._ctx.namespace.libraries;
    if (nameOrInstance === null || nameOrInstance === undefined) throw new RobotError('Library can not be None.');
    if (typeof nameOrInstance !== 'string') {
      const found = libraries.find((l) => l.library?.instance === nameOrInstance);
      if (!found) throw new RobotError(`No library '${str(nameOrInstance)}' found.`);
      return found;
    }
    const exact = libraries.find((l) => l.name === nameOrInstance);
    if (exact) return exact;
    const matches = libraries.filter((l) => normaliseName(l.name) === normaliseName(nameOrInstance));
    if (matches.length === 1) return matches[0];
    throw new RobotError(matches.length > 1 ? `Multiple libraries matching '${nameOrInstance}' found.` : `No library '${nameOrInstance}' found.`);
  }
}

function instanceOf(library: NamespaceLibrary): object {
  if (!library.library) throw new RobotError(`Library '${library.name}' has no instance to give.`);
  return library.library.instance;
}

function decorated(name: string, value: unknown): string {
  const sigil = isDict(value) ? '&' : Array.isArray(value) ? '@' : '$';
  return `${sigil}{${name}}`;
}

/** Robot's format_assign_message without cutting long values: `${x} = a`, `@{x} = [ a | b ]`, `&{x} = { k=v }`. */
function assignMessage(name: string, value: unknown): string {
  if (name.startsWith('@') && Array.isArray(value)) return `${name} = ${seq2str2(value)}`;
  if (name.startsWith('&') && isDict(value)) {
    const items = Object.entries(value).map(([k, v]) => `${k}=${str(v)}`);
    return `${name} = ${items.length === 0 ? '{ }' : `{ ${items.join(' | ')} }`}`;
  }
  return `${name} = ${str(value)}`;
}

/** Python's string order (code points), which Robot's sorted() uses. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
