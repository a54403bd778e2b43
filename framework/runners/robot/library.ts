import { RobotError } from './robot-error.ts';
import { isDict, str } from './values.ts';

/**
 * TypeScript keyword libraries (issue 8, item 3). A library is an object
 * (usually a class instance) whose methods are keywords; `Should Be Equal`
 * finds `shouldBeEqual`, because names compare without case, spaces and
 * underscores. Arguments are read from the method's parameter list:
 * defaults make an argument optional, a rest parameter takes varargs, and
 * a last parameter named `kwargs` takes the named arguments no other
 * parameter claims (Robot's **kwargs).
 *
 * Scope: a class may say `static ROBOT_LIBRARY_SCOPE = 'GLOBAL' | 'SUITE' | 'TEST'`
 * (default 'SUITE'? Robot's default is TEST; ours too).
 */

export interface ArgSpec {
  positional: string[];
  /** Names of positional parameters that have defaults. */
  defaults: Set<string>;
  varargs?: string;
  kwargs?: string;
  /** True when `kwargs` is the first parameter (so that varargs can follow it). */
  kwargsFirst?: boolean;
  /** Python's `/`: this many leading parameters are never given by name (a method's `robotPositionalOnly`). */
  positionalOnly?: number;
  /** Python's named-only parameters after `*varargs`: the only names `kwargs` takes (a method's `robotNamedOnly`). */
  namedOnly?: string[];
}

export interface LibraryKeyword {
  /** As shown in logs: 'Should Be Equal'. */
  name: string;
  library: string;
  spec: ArgSpec;
  invoke(args: unknown[], named: Record<string, unknown>): unknown;
}

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[\s_]/g, '');
}

/** 'shouldBeEqualAsStrings' → 'Should Be Equal As Strings'. */
export function displayName(method: string): string {
  // 'XTimes' is 'X Times': a capital followed by a capitalised word starts a new word (Should Contain X Times).
  const words = method.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2').trim().split(/\s+/);
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

/** Reads parameter names, defaults and rest from a function's source. */
export function argSpecOf(fn: (...args: never[]) => unknown): ArgSpec {
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf('(');
  let depth = 0;
  let close = open;
  for (let i = open; i < source.length; i++) {
    if ('([{'.includes(source[i])) depth++;
    else if (')]}'.includes(source[i]) && --depth === 0) {
      close = i;
      break;
    }
  }
  const params = splitTopLevel(source.slice(open + 1, close));
  const spec: ArgSpec = { positional: [], defaults: new Set() };
  for (const param of params) {
    const p = param.trim();
    if (!p) continue;
    if (p.startsWith('...')) spec.varargs = p.slice(3).trim();
    else {
      const name = p.split('=')[0].trim();
      if (name === 'kwargs') {
        spec.kwargs = name;
        spec.kwargsFirst = spec.positional.length === 0 && !spec.varargs;
      }
      else {
        spec.positional.push(name);
        if (p.includes('=')) spec.defaults.add(name);
      }
    }
  }
  return spec;
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  out.push(current);
  return out;
}

/** "expected 1 argument", "expected 2 to 3 arguments", "expected at least 1 argument". */
export function expectedCount(spec: ArgSpec): string {
  const min = spec.positional.filter((p) => !spec.defaults.has(p)).length;
  const max = spec.varargs ? Infinity : spec.positional.length;
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (max === Infinity) return `at least ${min} ${plural(min)}`;
  if (min === max) return `${min} ${plural(min)}`;
  return `${min} to ${max} arguments`;
}

/**
 * Puts positional and named arguments in the order the method takes them;
 * throws Robot's message when they do not fit.
 */
export function bindArguments(keyword: string, spec: ArgSpec, positional: unknown[], named: Record<string, unknown>): { args: unknown[]; kwargs: Record<string, unknown> } {
  const values = new Map<string, unknown>();
  const kwargs: Record<string, unknown> = {};
  const extra = spec.varargs ? positional.slice(spec.positional.length) : [];
  positional.slice(0, spec.positional.length).forEach((v, i) => values.set(spec.positional[i], v));
  for (const [name, value] of Object.entries(named)) {
    const match = spec.positional.find((p, i) => p === name && i >= (spec.positionalOnly ?? 0));
    if (!match && spec.namedOnly && !spec.namedOnly.includes(name)) throw new RobotError(`Keyword '${keyword}' got unexpected named argument '${name}'.`);
    if (match) {
      if (values.has(match)) throw new RobotError(`Keyword '${keyword}' got multiple values for argument '${match}'.`);
      values.set(match, value);
    } else if (spec.kwargs) kwargs[name] = value;
    else throw new RobotError(`Keyword '${keyword}' got unexpected named argument '${name}'.`);
  }
  const missing = spec.positional.filter((p) => !values.has(p) && !spec.defaults.has(p));
  const given = positional.length + Object.keys(named).filter((n) => spec.positional.includes(n)).length;
  if ((!spec.varargs && positional.length > spec.positional.length) || (missing.length > 0 && Object.keys(named).length === 0)) {
    throw new RobotError(`Keyword '${keyword}' expected ${expectedCount(spec)}, got ${given}.`);
  }
  if (missing.length > 0) throw new RobotError(`Keyword '${keyword}' missing value for argument${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(' and ')}.`);
  const args: unknown[] = [];
  const last = Math.max(-1, ...spec.positional.map((p, i) => (values.has(p) ? i : -1)));
  for (let i = 0; i <= last; i++) args.push(values.has(spec.positional[i]) ? values.get(spec.positional[i]) : undefined);
  args.push(...extra);
  return { args, kwargs };
}

/** The keywords of a library object: its own and prototype methods, minus the constructor and private-looking ones. */
export function keywordsOf(library: string, instance: object): Map<string, LibraryKeyword> {
  const out = new Map<string, LibraryKeyword>();
  const seen = new Set<string>();
  for (let proto: object | null = instance; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || key.startsWith('_') || seen.has(key)) continue;
      seen.add(key);
      const descriptor = Object.getOwnPropertyDescriptor(proto, key);
      const fn = descriptor?.value;
      if (typeof fn !== 'function') continue;
      const spec = argSpecOf(fn);
      const marks = fn as { robotPositionalOnly?: number; robotNamedOnly?: string[]; robotArgNames?: Record<string, string> };
      if (marks.robotPositionalOnly) spec.positionalOnly = marks.robotPositionalOnly;
      // A Python argument named with a JavaScript reserved word (`default`) is written `default_`; named arguments use Python's name.
      const rename = marks.robotArgNames;
      if (rename) {
        spec.positional = spec.positional.map((p) => rename[p] ?? p);
        spec.defaults = new Set([...spec.defaults].map((p) => rename[p] ?? p));
      }
      if (marks.robotNamedOnly) spec.namedOnly = marks.robotNamedOnly;
      const name = (fn as { robotName?: string }).robotName ?? displayName(key);
      out.set(normaliseName(name), {
        name,
        library,
        spec,
        invoke: Object.assign(
          (args: unknown[], named: Record<string, unknown>) => {
            const bound = bindArguments(`${library}.${name}`, spec, args, named);
            const callArgs = spec.kwargsFirst ? [bound.kwargs, ...bound.args] : spec.kwargs ? [...padTo(bound.args, spec.positional.length), bound.kwargs] : bound.args;
            return fn.apply(instance, callArgs);
          },
          { rawArgs: (fn as { robotRawArgs?: number }).robotRawArgs ?? 0, resolve: (fn as { robotResolve?: number }).robotResolve },
        ),
      });
    }
  }
  return out;
}

function padTo(args: unknown[], n: number): unknown[] {
  const out = [...args];
  while (out.length < n) out.push(undefined);
  return out;
}

/** Splits `name=value` cells into named arguments when the name is one the keyword accepts. */
export function splitNamed(cells: readonly string[], spec: ArgSpec): { positional: string[]; named: [string, string][] } {
  const positional: string[] = [];
  const named: [string, string][] = [];
  for (const [at, cell] of cells.entries()) {
    const m = at < (spec.positionalOnly ?? 0) ? null : /^([^=\\]+)=([\s\S]*)$/.exec(cell);
    const byName = m && spec.positional.indexOf(m[1]) >= (spec.positionalOnly ?? 0);
    const accepts = m && (byName || (spec.kwargs && (spec.namedOnly ? spec.namedOnly.includes(m[1]) : !/^[$@&%]\{/.test(m[1]))));
    if (m && accepts && (named.length > 0 || true)) named.push([m[1], m[2]]);
    else if (named.length > 0 && !isDictLike(cell)) {
      positional.push(cell);
    } else positional.push(cell);
  }
  return { positional, named };
}

function isDictLike(cell: string): boolean {
  return cell.startsWith('&{');
}

export function dictArg(value: unknown, shown: string): Record<string, unknown> {
  if (!isDict(value)) throw new RobotError(`Argument '${shown}' is not a dictionary: ${str(value)}`);
  return value;
}
