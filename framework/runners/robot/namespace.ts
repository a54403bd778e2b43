import type { KeywordDefinition } from './ast.ts';
import type { LibraryKeyword } from './library.ts';
import { normaliseName } from './library.ts';
import { RobotError } from './robot-error.ts';

/**
 * The keywords a suite file can call: its own user keywords, those of its
 * resource files, and its libraries' (BuiltIn always). Lookup follows
 * Robot: exact names before embedded-argument patterns, the file's own
 * keywords before resources before libraries; `Library.Keyword` picks one.
 */

export interface UserKeyword {
  definition: KeywordDefinition;
  /** 'Suite file' keywords have no owner; resources give their file's name. */
  owner?: string;
  embedded?: { regex: RegExp; names: string[] };
}

export type Found =
  | { kind: 'user'; keyword: UserKeyword; embeddedValues?: string[] }
  | { kind: 'library'; keyword: LibraryKeyword };

export function embeddedPattern(name: string): UserKeyword['embedded'] | undefined {
  if (!/\$\{[^}]+\}/.test(name)) return undefined;
  const names: string[] = [];
  let regex = '';
  let at = 0;
  for (const m of name.matchAll(/\$\{([^}:]+)(?::([^}]+))?\}/g)) {
    regex += escapeRegex(name.slice(at, m.index));
    names.push(m[1]);
    regex += m[2] ? `(${m[2]})` : '(.*?)';
    at = m.index! + m[0].length;
  }
  regex += escapeRegex(name.slice(at));
  return { regex: new RegExp(`^${regex}$`, 'i'), names };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
}

export class Namespace {
  readonly own = new Map<string, UserKeyword>();
  readonly ownEmbedded: UserKeyword[] = [];
  readonly resources: { name: string; keywords: Map<string, UserKeyword>; embedded: UserKeyword[] }[] = [];
  readonly libraries: { name: string; alias?: string; keywords: Map<string, LibraryKeyword> }[] = [];
  /** BuiltIn's Set Library Search Order: libraries and resources, by name, that win when several have the keyword. */
  searchOrder: string[] = [];

  addOwn(definitions: KeywordDefinition[]): void {
    for (const definition of definitions) {
      const embedded = embeddedPattern(definition.name);
      const keyword: UserKeyword = { definition, embedded };
      if (embedded) this.ownEmbedded.push(keyword);
      else this.own.set(normaliseName(definition.name), keyword);
    }
  }

  addResource(name: string, definitions: KeywordDefinition[]): void {
    if (this.resources.some((r) => r.name === name)) return;
    const keywords = new Map<string, UserKeyword>();
    const embedded: UserKeyword[] = [];
    for (const definition of definitions) {
      const pattern = embeddedPattern(definition.name);
      const keyword: UserKeyword = { definition, owner: name, embedded: pattern };
      if (pattern) embedded.push(keyword);
      else keywords.set(normaliseName(definition.name), keyword);
    }
    this.resources.push({ name, keywords, embedded });
  }

  addLibrary(name: string, keywords: Map<string, LibraryKeyword>, alias?: string): void {
    const existing = this.libraries.findIndex((l) => l.name === (alias ?? name));
    if (existing >= 0) this.libraries.splice(existing, 1);
    this.libraries.push({ name: alias ?? name, alias, keywords });
  }

  /** The index in `owners` of the first name in the search order, or -1. */
  private preferred(owners: string[]): number {
    for (const wanted of this.searchOrder) {
      const at = owners.findIndex((o) => normaliseName(o) === normaliseName(wanted));
      if (at >= 0) return at;
    }
    return -1;
  }

  find(name: string): Found {
    const key = normaliseName(name);
    const own = this.own.get(key);
    if (own) return { kind: 'user', keyword: own };
    const embeddedOwn = matchEmbedded(this.ownEmbedded, name);
    if (embeddedOwn) return embeddedOwn;
    const fromResources = this.resources.flatMap((r) => (r.keywords.has(key) ? [r.keywords.get(key)!] : []));
    if (fromResources.length === 1) return { kind: 'user', keyword: fromResources[0] };
    if (fromResources.length > 1) {
      const preferred = this.preferred(fromResources.map((k) => k.owner ?? ''));
      if (preferred >= 0) return { kind: 'user', keyword: fromResources[preferred] };
      throw multiple(name, fromResources.map((k) => `${k.owner}.${k.definition.name}`));
    }
    for (const resource of this.resources) {
      const found = matchEmbedded(resource.embedded, name);
      if (found) return found;
    }
    const dot = name.lastIndexOf('.');
    if (dot > 0) {
      const owner = normaliseName(name.slice(0, dot));
      const short = normaliseName(name.slice(dot + 1));
      const library = this.libraries.find((l) => normaliseName(l.name) === owner);
      if (library?.keywords.has(short)) return { kind: 'library', keyword: library.keywords.get(short)! };
      const resource = this.resources.find((r) => normaliseName(r.name) === owner);
      if (resource?.keywords.has(short)) return { kind: 'user', keyword: resource.keywords.get(short)! };
    }
    const fromLibraries = this.libraries.filter((l) => l.keywords.has(key));
    // A keyword in a user's library wins over BuiltIn's of the same name, as Robot prefers custom libraries to standard ones.
    const custom = fromLibraries.filter((l) => !STANDARD.has(l.name));
    const ordered = this.preferred(fromLibraries.map((l) => l.name));
    if (ordered >= 0) return { kind: 'library', keyword: fromLibraries[ordered].keywords.get(key)! };
    const pick = custom.length > 0 ? custom : fromLibraries;
    if (pick.length === 1) return { kind: 'library', keyword: pick[0].keywords.get(key)! };
    if (pick.length > 1) throw multiple(name, pick.map((l) => `${l.name}.${l.keywords.get(key)!.name}`));
    if (name.replace(/^[: ]+|[: ]+$/g, '').toUpperCase() === 'FOR') {
      throw new RobotError(`Support for the old FOR loop syntax has been removed. Replace '${name}' with 'FOR', end the loop with 'END', and remove escaping backslashes.`);
    }
    if (name === '\\') throw new RobotError("No keyword with name '\\' found. If it is used inside a for loop, remove escaping backslashes and end the loop with 'END'.");
    throw new RobotError(`No keyword with name '${name}' found.`);
  }
}

const STANDARD = new Set(['BuiltIn', 'Collections', 'String']);

function matchEmbedded(keywords: UserKeyword[], name: string): Found | undefined {
  const matches: Found[] = [];
  for (const keyword of keywords) {
    const m = keyword.embedded!.regex.exec(name);
    if (m) matches.push({ kind: 'user', keyword, embeddedValues: m.slice(1) });
  }
  if (matches.length > 1) {
    throw multiple(name, matches.map((f) => (f.kind === 'user' ? f.keyword.definition.name : '')));
  }
  return matches[0];
}

function multiple(name: string, candidates: string[]): RobotError {
  return new RobotError(`Multiple keywords with name '${name}' found. Give the full name of the keyword you want to use:\n${candidates.sort().map((c) => `    ${c}`).join('\n')}`);
}
