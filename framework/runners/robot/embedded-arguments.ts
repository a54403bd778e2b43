import { argumentType } from './argument-types.ts';
import { findVariable, type Match } from './replace.ts';
import type { TypeInfo } from './type-info.ts';

/**
 * Keyword names with embedded arguments (issue 15), as Robot 7.3 reads
 * them: `Today is ${date:\d{4}-\d{2}-\d{2}}` takes a custom pattern,
 * `${x: int}` a type. A call is matched before its variables are replaced:
 * each variable in the call's name stands in as a placeholder that any
 * argument's pattern accepts, so `Today is ${DATE}` still finds the keyword,
 * and the argument's value is the variable's own value, not its text.
 */

export interface EmbeddedArguments {
  regex: RegExp;
  names: string[];
  /** Robot 7.3's `${n: int}`: each argument's type, if it has one. */
  types: (TypeInfo | undefined)[];
}

const PLACEHOLDER = 'robot-834d5d70-placeholder';

/** Undefined when `name` has no `${...}`; throws Robot's message when a custom pattern does not compile. */
export function parseEmbedded(name: string): EmbeddedArguments | undefined {
  if (!name.includes('${')) return undefined;
  const normalised = name.trim().split(/\s+/).join(' ');
  const names: string[] = [];
  const types: (TypeInfo | undefined)[] = [];
  let regex = '';
  let at = 0;
  for (const m of scalarMatches(normalised)) {
    const { arg, type, pattern } = parseArg(m.body);
    names.push(arg);
    try {
      types.push(type === undefined ? undefined : argumentType(type));
    } catch (error) {
      throw new Error(`Invalid embedded argument '\${${m.body}}': ${(error as Error).message}`);
    }
    regex += escape(normalised.slice(at, m.start));
    regex += `(${pattern === undefined ? '.*?' : formatCustom(pattern)})`;
    at = m.end;
  }
  if (names.length === 0) return undefined;
  regex += escape(normalised.slice(at));
  try {
    return { regex: new RegExp(`^(?:${regex.replace(/\\ /g, '\\s')})$`, 'i'), names, types };
  } catch (error) {
    throw new Error(`Compiling embedded arguments regexp failed: ${(error as Error).message}`);
  }
}

/** The `${...}` matches in `text` (lists, dicts and items are not embedded arguments). */
function scalarMatches(text: string): Match[] {
  const out: Match[] = [];
  let from = 0;
  for (;;) {
    let m: Match | undefined;
    try {
      m = findVariable(text, from);
    } catch {
      return out;
    }
    if (!m) return out;
    if (m.identifier === '$') out.push({ ...m, end: m.start + m.body.length + 3, items: [] });
    from = m.identifier === '$' ? m.start + m.body.length + 3 : m.end;
  }
}

function parseArg(body: string): { arg: string; type?: string; pattern?: string } {
  if (!body.includes(':')) return { arg: body };
  const typed = /^([^:]+): ([^:]+)(:(.*))?$/s.exec(body);
  if (typed) return { arg: typed[1], type: typed[2], pattern: typed[4] };
  const colon = body.indexOf(':');
  return { arg: body.slice(0, colon), pattern: body.slice(colon + 1) };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\ ');
}

/**
 * A custom pattern inside the keyword's regexp: inline flags dropped (the
 * whole name already ignores case), its groups made non-capturing, escaped
 * braces unescaped, backslashes doubled (the call's name is matched before
 * its escapes are undone), and a variable's placeholder accepted.
 */
function formatCustom(pattern: string): string {
  let p = pattern.replace(/^\(\?[aiLmsux]+(?:-[imsx]+)?\)/, '');
  p = p.replace(/(?<!\\)((?:\\\\)*)\((?!\?)/g, '$1(?:');
  p = p.replace(/(\\+)([{}])/g, (_, slashes: string, brace: string) => '\\'.repeat(Math.floor(slashes.length / 2) * 2) + brace);
  p = p.replace(/\\\\/g, '\\\\\\\\');
  return `${p}|=${PLACEHOLDER}-\\d+=`;
}

/**
 * The embedded values `name` gives, as written in the call (variables not
 * replaced yet), or undefined when it does not match.
 */
export function matchEmbedded(embedded: EmbeddedArguments, name: string): string[] | undefined {
  const placeholders: string[] = [];
  let text = '';
  let at = 0;
  let from = 0;
  for (;;) {
    let m: Match | undefined;
    try {
      m = findVariable(name, from);
    } catch {
      m = undefined;
    }
    if (!m) break;
    text += name.slice(at, m.start) + `=${PLACEHOLDER}-${placeholders.length + 1}=`;
    placeholders.push(name.slice(m.start, m.end));
    at = from = m.end;
  }
  text += name.slice(at);
  const match = embedded.regex.exec(text);
  if (!match) return undefined;
  return match.slice(1).map((value) => value.replace(new RegExp(`=${PLACEHOLDER}-(\\d+)=`, 'g'), (_, n: string) => placeholders[Number(n) - 1]));
}
