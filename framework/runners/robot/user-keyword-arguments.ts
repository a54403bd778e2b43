import type { KeywordDefinition } from './ast.ts';
import { findVariable, isDictCell, isListCell } from './replace.ts';
import { RobotError } from './robot-error.ts';
import type { RunContext } from './run-context.ts';
import { argumentType, convertArgument } from './argument-types.ts';
import type { TypeInfo } from './type-info.ts';
import { isDict, str } from './values.ts';

/**
 * A user keyword's `[Arguments]` (issue 15), with Robot 7.3's rules and
 * messages: the specification is checked when the keyword is defined
 * ("Invalid argument specification: ..." fails every call), and a call is
 * split into positional and named arguments, checked and bound in the
 * order Robot's ArgumentResolver, ArgumentValidator and ArgumentMapper use.
 */

export interface UserArgSpec {
  /** Positional-or-named arguments, in order. */
  positional: string[];
  /** Default values as written (resolved at call time, in the keyword's scope). */
  defaults: Map<string, string>;
  varargs?: string;
  namedOnly: string[];
  kwargs?: string;
  /** Robot 7.3's `${a: int}`: each argument's type (of each item for `@{}`, each value for `&{}`). */
  types: Map<string, TypeInfo>;
  /** "Invalid argument specification: ..." when the spec is broken. */
  error?: string;
}

/** Robot's format for one error or several. */
export function formatErrors(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0] : ['Multiple errors:', ...errors].join('\n- ');
}

/** `name=value` split at the first `=` that is neither escaped nor inside a variable; undefined value when there is none. */
export function splitFromEquals(cell: string): [string, string | undefined] {
  if (!cell.includes('=')) return [cell, undefined];
  let at = 0;
  for (;;) {
    let m;
    try {
      m = findVariable(cell, at);
    } catch {
      m = undefined;
    }
    const end = m ? m.start : cell.length;
    for (let i = at; i < end; i++) {
      if (cell[i] === '\\') i++;
      else if (cell[i] === '=') return [cell.slice(0, i), cell.slice(i + 1)];
    }
    if (!m) return [cell, undefined];
    at = m.end;
  }
}

/** `${name}`, `${name: type}`, `@{name}`, `&{name}`: identifier and base name (without the type), or undefined when not assignable. */
function argumentVariable(text: string): { identifier: string; base: string; type?: string } | undefined {
  let m;
  try {
    m = findVariable(text);
  } catch {
    return undefined;
  }
  if (!m || m.start !== 0 || m.end !== text.length || m.identifier === '%' || m.items.length > 0) return undefined;
  if (findVariable(m.body)) return undefined;
  const typed = /^([^:]+): ([^:]+)$/.exec(m.body);
  return { identifier: m.identifier, base: typed ? typed[1] : m.body, ...(typed ? { type: typed[2] } : {}) };
}

const parsed = new WeakMap<KeywordDefinition, UserArgSpec>();

/** The keyword's spec, parsed once per definition. */
export function argumentSpecOf(definition: KeywordDefinition): UserArgSpec {
  let spec = parsed.get(definition);
  if (!spec) parsed.set(definition, (spec = parseUserArgSpec(definition.args)));
  return spec;
}

export function parseUserArgSpec(args: readonly string[]): UserArgSpec {
  const spec: UserArgSpec = { positional: [], defaults: new Map(), namedOnly: [], types: new Map() };
  const errors: string[] = [];
  let namedOnlySeen = false;
  let kwargsSeen = false;
  for (const arg of args) {
    const [name, written] = splitFromEquals(arg);
    let variable = argumentVariable(name);
    let value = written;
    const separator = variable?.identifier === '@' && variable.base === '';
    if (variable?.type !== undefined) {
      try {
        spec.types.set(variable.base, argumentType(variable.type));
      } catch (error) {
        errors.push(`Invalid argument '${name}': ${(error as Error).message}`);
      }
    }
    if (!variable) {
      errors.push(`Invalid argument syntax '${name}'.`);
      variable = { identifier: '', base: '' };
      value = undefined;
    } else if (value !== undefined && variable.identifier !== '$') {
      const kind = variable.identifier === '@' ? 'list' : 'dictionary';
      errors.push(`Only normal arguments accept default values, ${kind} arguments like '${name}' do not.`);
      value = undefined;
    }
    const target = namedOnlySeen ? spec.namedOnly : spec.positional;
    if (kwargsSeen) errors.push('Only last argument can be kwargs.');
    else if (value !== undefined) {
      target.push(variable.base);
      spec.defaults.set(variable.base, value);
    } else if (variable.identifier === '&') {
      spec.kwargs = variable.base;
      kwargsSeen = true;
    } else if (variable.identifier === '@') {
      if (namedOnlySeen) errors.push('Cannot have multiple varargs.');
      else if (!separator) spec.varargs = variable.base;
      namedOnlySeen = true;
    } else {
      if (spec.defaults.size > 0 && !namedOnlySeen) errors.push('Non-default argument after default arguments.');
      target.push(variable.base);
    }
  }
  if (errors.length > 0) spec.error = `Invalid argument specification: ${formatErrors(errors)}`;
  return spec;
}

/** Arguments of one call, split and resolved, before they are bound. */
export interface ResolvedArguments {
  positional: unknown[];
  /** Last value wins; order of first appearance is kept (kwargs keep the caller's order). */
  named: Map<string, unknown>;
  /** Dry run with `@{list}` or `&{dict}` arguments: their counts are unknown. */
  unchecked?: boolean;
}

/**
 * Splits and resolves a call's cells as Robot's NamedArgumentResolver does:
 * `name=value` is named when the name (after variables) is an argument of
 * the keyword, when the keyword takes kwargs, or when a named argument came
 * before; `&{dict}` gives named arguments. `cells` are data; `values` come
 * from Run Keyword and its family, already resolved.
 */
export function resolveCall(ctx: RunContext, label: string, spec: UserArgSpec, input: { cells?: readonly string[]; values?: readonly unknown[] }): ResolvedArguments {
  const known = new Set([...spec.positional, ...spec.namedOnly]);
  const data = input.cells !== undefined;
  const raw: unknown[] = [];
  const named: ({ name: string; value: unknown } | { dict: string })[] = [];
  const isNamed = (name: string) => {
    if (named.length > 0 || spec.kwargs !== undefined) return true;
    if (!data) return known.has(name);
    try {
      return known.has(str(ctx.replacer.scalar(name)));
    } catch {
      return false;
    }
  };
  for (const item of input.cells ?? input.values ?? []) {
    if (data && isDictCell(item as string)) {
      named.push({ dict: item as string });
      continue;
    }
    const [name, value] = typeof item === 'string' ? splitFromEquals(item) : ['', undefined];
    if (value !== undefined && isNamed(name)) named.push({ name, value });
    else if (named.length > 0) throw new RobotError(`Keyword '${label}' got positional argument after named arguments.`);
    else raw.push(item);
  }
  const out: ResolvedArguments = { positional: [], named: new Map() };
  if (ctx.dryRun) {
    // Robot's dry run checks the counts only when no list or dictionary variable hides them.
    if (raw.some((c) => typeof c === 'string' && isListCell(c)) || named.some((n) => 'dict' in n)) out.unchecked = true;
    out.positional = raw;
    for (const n of named) if ('name' in n) out.named.set(n.name, n.value);
    return out;
  }
  out.positional = data ? ctx.replacer.list(raw as string[]) : raw;
  for (const n of named) {
    if ('dict' in n) {
      const dict = ctx.replacer.scalar(n.dict);
      if (!isDict(dict)) throw new RobotError(`Value of variable '${n.dict}' is not dictionary or dictionary-like.`);
      for (const [k, v] of Object.entries(dict)) out.named.set(k, v);
    } else if (data) {
      const name = ctx.replacer.scalar(n.name);
      if (typeof name !== 'string') throw new RobotError('Argument names must be strings.');
      out.named.set(name, ctx.replacer.scalar(n.value as string));
    }
    else out.named.set(n.name, n.value);
  }
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 'a', 'a' and 'b', 'a', 'b' and 'c' (Robot's seq2str). */
function listed(names: string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** Robot's ArgumentValidator: the first broken rule, with its message. */
export function validateCall(label: string, spec: UserArgSpec, call: ResolvedArguments): void {
  if (call.unchecked) return;
  const fail = (message: string) => {
    throw new RobotError(`Keyword '${label}' ${message}.`);
  };
  const given = [...call.named.keys()];
  for (const name of spec.positional.slice(0, call.positional.length)) {
    if (call.named.has(name)) fail(`got multiple values for argument '${name}'`);
  }
  const count = call.positional.length + given.filter((n) => spec.positional.includes(n)).length;
  const min = spec.positional.filter((p) => !spec.defaults.has(p)).length;
  const max = spec.varargs !== undefined ? Infinity : spec.positional.length;
  if (count < min || count > max) {
    let expected = min === max ? plural(min, 'argument') : max !== Infinity ? `${min} to ${max} arguments` : `at least ${plural(min, 'argument')}`;
    if (spec.kwargs !== undefined || spec.namedOnly.length > 0) expected = expected.replace('argument', 'non-named argument');
    fail(`expected ${expected}, got ${count}`);
  }
  for (const name of spec.positional.slice(call.positional.length)) {
    if (!spec.defaults.has(name) && !call.named.has(name)) fail(`missing value for argument '${name}'`);
  }
  const missing = spec.namedOnly.filter((n) => !call.named.has(n) && !spec.defaults.has(n)).sort();
  if (missing.length > 0) fail(`missing named-only ${missing.length === 1 ? 'argument' : 'arguments'} ${listed(missing)}`);
  if (spec.kwargs === undefined) {
    const extra = given.filter((n) => !spec.positional.includes(n) && !spec.namedOnly.includes(n)).sort();
    if (extra.length > 0) fail(`got unexpected named ${extra.length === 1 ? 'argument' : 'arguments'} ${listed(extra)}`);
  }
}

/**
 * Sets the arguments as the keyword's local variables (call inside its
 * scope): given values first in Robot's order, defaults resolved as they
 * come so that a default may use an earlier argument.
 */
export function setArguments(ctx: RunContext, spec: UserArgSpec, call: ResolvedArguments): void {
  const convert = (name: string, value: unknown) => (ctx.dryRun ? value : convertArgument(spec.types.get(name), value, name));
  const defaultOf = (name: string): unknown => {
    const written = spec.defaults.get(name)!;
    if (ctx.dryRun) return written;
    let value: unknown;
    try {
      value = ctx.replacer.scalar(written);
    } catch (error) {
      throw new RobotError(`Resolving argument default values failed: ${(error as Error).message}`);
    }
    // `${a}=@{LIST}` gets a copy of the list, as Robot's replace_scalar gives.
    if (Array.isArray(value) && written.startsWith('@{')) value = [...value];
    return convertArgument(spec.types.get(name), value, name, 'Default value for argument');
  };
  spec.positional.forEach((name, i) => {
    const given = i < call.positional.length || call.named.has(name);
    const value = i < call.positional.length ? call.positional[i] : call.named.has(name) ? call.named.get(name) : defaultOf(name);
    ctx.variables.set(name, given ? convert(name, value) : value);
  });
  const kwargs: Record<string, unknown> = {};
  for (const [name, value] of call.named) {
    if (spec.namedOnly.includes(name)) ctx.variables.set(name, convert(name, value));
    else if (!spec.positional.includes(name)) kwargs[name] = spec.kwargs === undefined ? value : convertArgument(spec.types.get(spec.kwargs), value, name);
  }
  for (const name of spec.namedOnly) if (!call.named.has(name)) ctx.variables.set(name, defaultOf(name));
  if (spec.varargs !== undefined) ctx.variables.set(spec.varargs, call.positional.slice(spec.positional.length).map((v) => convert(spec.varargs!, v)));
  if (spec.kwargs !== undefined) ctx.variables.set(spec.kwargs, kwargs);
}
