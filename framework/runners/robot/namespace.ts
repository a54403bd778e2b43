import type { KeywordDefinition } from './ast.ts';
import { type EmbeddedArguments, matchEmbedded, parseEmbedded } from './embedded-arguments.ts';
import type { LibraryKeyword } from './library.ts';
import { normaliseName } from './library.ts';
import { RobotError } from './robot-error.ts';

/**
 * The keywords a suite file can call: its own user keywords, those of its
 * resource files, and its libraries' (BuiltIn always). Lookup follows
 * Robot 7.3's namespace: a BDD prefix (Given/When/Then/And/But) may be
 * dropped; the suite file's keywords first, then `Owner.Keyword`, then
 * resources, then libraries; in each, an exact name wins over embedded
 * arguments, and among embedded matches the most specific one wins.
 */

export interface UserKeyword {
  definition: KeywordDefinition;
  /** 'Suite file' keywords have no owner; resources give their file's name. */
  owner?: string;
  embedded?: EmbeddedArguments & { names: string[] };
  /** Set when the keyword cannot run: a duplicate name, a broken embedded regexp. Calls fail with it. */
  error?: string;
  /** The file it is defined in, for private keywords. */
  source?: string;
}

export type Found =
  | { kind: 'user'; keyword: UserKeyword; embeddedValues?: string[] }
  | { kind: 'library'; keyword: LibraryKeyword };

interface Owner {
  name: string;
  normal: Map<string, UserKeyword>;
  embedded: UserKeyword[];
}

const BDD_PREFIXES = ['given', 'when', 'then', 'and', 'but'];
const STANDARD = new Set(['BuiltIn', 'Collections', 'String', 'DateTime', 'OperatingSystem', 'Process', 'XML', 'Screenshot', 'Telnet', 'Dialogs']);

/** User keywords of one file, with Robot's handling of a name defined twice (the first one fails, the rest are dropped). */
function ownerOf(name: string, definitions: readonly KeywordDefinition[], qualified: boolean): Owner {
  const owner: Owner = { name, normal: new Map(), embedded: [] };
  for (const definition of definitions) {
    const keyword: UserKeyword = { definition, source: definition.source.file, ...(qualified ? { owner: name } : {}) };
    try {
      const embedded = parseEmbedded(definition.name);
      if (embedded) {
        keyword.embedded = embedded;
        owner.embedded.push(keyword);
        continue;
      }
    } catch (error) {
      keyword.error = (error as Error).message;
    }
    const key = normaliseName(definition.name);
    const first = owner.normal.get(key);
    if (first) first.error = 'Keyword with same name defined multiple times.';
    else owner.normal.set(key, keyword);
  }
  return owner;
}

type Candidate = Found & { fullName: string; embedded?: EmbeddedArguments; ownerName: string; private?: boolean; source?: string };

function userCandidates(owner: Owner, name: string): Candidate[] {
  const make = (keyword: UserKeyword, embeddedValues?: string[]): Candidate => ({
    kind: 'user', keyword, ...(embeddedValues ? { embeddedValues, embedded: keyword.embedded } : {}),
    fullName: keyword.owner ? `${keyword.owner}.${keyword.definition.name}` : keyword.definition.name,
    ownerName: owner.name,
    private: keyword.definition.tags.some((t) => t.toLowerCase() === 'robot:private'),
    source: keyword.source,
  });
  const exact = owner.normal.get(normaliseName(name));
  if (exact) return [make(exact)];
  const out: Candidate[] = [];
  for (const keyword of owner.embedded) {
    const values = matchEmbedded(keyword.embedded!, name);
    if (values) out.push(make(keyword, values));
  }
  return out;
}

export class Namespace {
  private own: Owner = { name: '', normal: new Map(), embedded: [] };
  readonly resources: Owner[] = [];
  /** `library`: what holds the library's instance (a TEST scope library gets a new one per test), for Get Library Instance. */
  readonly libraries: { name: string; alias?: string; keywords: Map<string, LibraryKeyword>; library?: { instance: object } }[] = [];
  /** Set Library Search Order: owners searched first, in order, when a name is ambiguous. */
  searchOrder: string[] = [];

  addOwn(definitions: KeywordDefinition[]): void {
    this.own = ownerOf('', definitions, false);
  }

  addResource(name: string, definitions: KeywordDefinition[]): void {
    if (this.resources.some((r) => r.name === name)) return;
    this.resources.push(ownerOf(name, definitions, true));
  }

  addLibrary(name: string, keywords: Map<string, LibraryKeyword>, alias?: string, library?: { instance: object }): void {
    const existing = this.libraries.findIndex((l) => l.name === (alias ?? name));
    if (existing >= 0) this.libraries.splice(existing, 1);
    this.libraries.push({ name: alias ?? name, alias, keywords, library });
  }

  /** `callerSource`: the file of the user keyword making the call (its file's private keywords are visible to it). */
  find(name: string, callerSource?: string): Found {
    if (!name) throw new RobotError('Keyword name cannot be empty.');
    const found = this.findWithBdd(name, callerSource);
    if (found) return found;
    if (name.replace(/^[: ]+|[: ]+$/g, '').toUpperCase() === 'FOR') {
      throw new RobotError(`Support for the old FOR loop syntax has been removed. Replace '${name}' with 'FOR', end the loop with 'END', and remove escaping backslashes.`);
    }
    if (name === '\\') throw new RobotError("No keyword with name '\\' found. If it is used inside a for loop, remove escaping backslashes and end the loop with 'END'.");
    throw new RobotError(`No keyword with name '${name}' found.`);
  }

  private findWithBdd(name: string, callerSource?: string): Found | undefined {
    const prefix = /^(\S+)\s+/.exec(name);
    if (prefix && BDD_PREFIXES.includes(prefix[1].toLowerCase())) {
      const found = this.findExact(name.slice(prefix[0].length), callerSource);
      if (found) return found;
    }
    return this.findExact(name, callerSource);
  }

  private findExact(name: string, callerSource?: string): Found | undefined {
    const fromOwn = userCandidates(this.own, name);
    if (fromOwn.length > 0) return this.pick(name, fromOwn);
    if (name.includes('.')) {
      const explicit = this.findExplicit(name);
      if (explicit) return explicit;
    }
    let fromResources = this.resources.flatMap((r) => userCandidates(r, name));
    if (fromResources.length > 1) {
      fromResources = this.bySearchOrder(fromResources);
      if (fromResources.length > 1) {
        const sameFile = callerSource ? fromResources.filter((c) => c.source === callerSource) : [];
        const open = fromResources.filter((c) => !c.private);
        fromResources = sameFile.length > 0 ? sameFile : open.length > 0 ? open : fromResources;
      }
    }
    if (fromResources.length > 0) return this.pick(name, fromResources);
    const fromLibraries = this.libraryCandidates(name);
    if (fromLibraries.length === 0) return undefined;
    let chosen = this.bySearchOrder(fromLibraries);
    if (chosen.length > 1) chosen = bestMatches(chosen);
    // A keyword in a user's library wins over a standard library's of the same name.
    if (chosen.length === 2) {
      const custom = chosen.filter((c) => !STANDARD.has(c.ownerName));
      if (custom.length === 1) chosen = custom;
    }
    if (chosen.length > 1) throw multiple(name, chosen);
    return chosen[0];
  }

  private pick(name: string, candidates: Candidate[]): Found {
    const best = candidates.length > 1 ? bestMatches(candidates) : candidates;
    if (best.length > 1) throw multiple(name, best);
    return best[0];
  }

  private bySearchOrder(candidates: Candidate[]): Candidate[] {
    for (const owner of this.searchOrder) {
      const matches = candidates.filter((c) => normaliseName(c.ownerName) === normaliseName(owner));
      if (matches.length > 0) return matches;
    }
    return candidates;
  }

  private libraryCandidates(name: string, only?: string): Candidate[] {
    const key = normaliseName(name);
    return this.libraries
      .filter((l) => (only === undefined || normaliseName(l.name) === only) && l.keywords.has(key))
      .map((l) => ({ kind: 'library', keyword: l.keywords.get(key)!, fullName: `${l.name}.${l.keywords.get(key)!.name}`, ownerName: l.name }));
  }

  /** `Owner.Keyword`, where the owner's name may itself hold dots. */
  private findExplicit(name: string): Found | undefined {
    const candidates: Candidate[] = [];
    const parts = name.split('.');
    for (let i = 1; i < parts.length; i++) {
      const owner = normaliseName(parts.slice(0, i).join('.'));
      const short = parts.slice(i).join('.');
      candidates.push(...this.libraryCandidates(short, owner));
      for (const resource of this.resources) if (normaliseName(resource.name) === owner) candidates.push(...userCandidates(resource, short));
    }
    if (candidates.length === 0) return undefined;
    const best = candidates.length > 1 ? bestMatches(candidates) : candidates;
    if (best.length > 1) throw multiple(name, candidates, false);
    return best[0];
  }
}

/** Exact names win over embedded ones; an embedded match loses to one whose name it matches but that does not match it. */
function bestMatches(candidates: Candidate[]): Candidate[] {
  const normal = candidates.filter((c) => !c.embedded);
  if (normal.length > 0) return normal;
  const better = (a: Candidate, b: Candidate) => !!matchEmbedded(b.embedded!, nameOf(a)) && !matchEmbedded(a.embedded!, nameOf(b));
  const kept = candidates.filter((c) => !candidates.some((o) => o !== c && better(o, c) && !better(c, o)));
  return kept.length > 0 ? kept : candidates;
}

function nameOf(candidate: Candidate): string {
  return candidate.kind === 'user' ? candidate.keyword.definition.name : candidate.keyword.name;
}

function multiple(name: string, candidates: Candidate[], implicit = true): RobotError {
  const embedded = candidates.some((c) => c.embedded);
  let error = embedded ? `Multiple keywords matching name '${name}' found` : `Multiple keywords with name '${name}' found`;
  if (!embedded && implicit) error += '. Give the full name of the keyword you want to use';
  return new RobotError([`${error}:`, ...candidates.map((c) => c.fullName).sort()].join('\n    '));
}
