import { dirname } from 'node:path';
import type { VariableDefinition } from './ast.ts';
import { findVariable, type Replacer } from './replace.ts';
import { RobotError } from './robot-error.ts';
import { splitTypedName } from './type-info.ts';
import { type TypedTarget, convertTyped, typedTarget } from './variable-types.ts';
import { PendingValue, type Variables } from './variables.ts';
import { isDict, str } from './values.ts';

/**
 * A file's Variables section as Robot 7.3 sets it: every value resolved
 * lazily (a variable may use one defined later, or one from a resource
 * imported after it), the first definition of a name wins, `${X}` from
 * several values joined with a space or the `SEPARATOR=` marker / the
 * `separator=` option, `&{D}` items split at the first unescaped `=` outside
 * variables, and typed names (`${N: int}`). A value that cannot be resolved
 * is reported once as an error of the file, and the variable does not exist.
 */

export type ReportError = (message: string, file: string, line: number) => void;

export function setVariableSection(variables: Variables, replacer: Replacer, definitions: readonly VariableDefinition[], report: ReportError): void {
  for (const definition of definitions) {
    const { file, line } = definition.source;
    const fail = (message: string) => report(`Error in file '${file}' on line ${line}: Setting variable '${definition.name}' failed: ${message}`, file, line);
    try {
      const parsed = parseName(definition.name);
      // An unknown type fails the definition at once: "Invalid variable '${X: bad}': Unrecognized type 'bad'.".
      const typed = typedTarget(parsed.written, (written) => `Invalid variable '${written}': `);
      // Robot replaces ${CURDIR} when it parses the file: a lazily resolved value must not see another file's folder.
      const curdir = dirname(file).replace(/\\/g, '\\\\');
      const values = definition.values.map((v) => v.replace(/(?<!\\)\$\{CURDIR\}/gi, () => curdir));
      const compute = valueOf(parsed.identifier, values, replacer, typed);
      const name = findVariable(parsed.base) ? replacer.string(parsed.base) : parsed.base;
      variables.addSection(name, new PendingValue(compute, (error) => fail(error.message)));
    } catch (error) {
      fail(error instanceof RobotError ? error.message : String(error));
    }
  }
}

interface ParsedName {
  identifier: '$' | '@' | '&';
  base: string;
  /** The name without a trailing '='. */
  written: string;
}

function parseName(raw: string): ParsedName {
  const name = raw.endsWith('=') ? raw.slice(0, -1).trimEnd() : raw;
  const m = /^([$@&])\{([\s\S]+)\}$/.exec(name);
  const whole = m ? findVariable(name) : undefined;
  if (!m || !whole || whole.start !== 0 || whole.end !== name.length || whole.items.length > 0) throw new RobotError(`Invalid variable name '${raw}'.`);
  return { identifier: m[1] as ParsedName['identifier'], base: splitTypedName(name)?.base ?? m[2], written: name };
}

function valueOf(identifier: ParsedName['identifier'], values: readonly string[], replacer: Replacer, target: TypedTarget): () => unknown {
  const typed = (value: unknown) => convertTyped(value, target, 'Value', (message) => message);
  if (identifier === '$') {
    let cells = [...values];
    let separator: string | undefined;
    // Robot 7: a last `separator=` cell is an option; otherwise a first `SEPARATOR=` cell is the older marker.
    if (cells.length > 0 && cells[cells.length - 1].startsWith('separator=')) separator = cells.pop()!.slice(10);
    else if (cells.length > 0 && cells[0].startsWith('SEPARATOR=')) separator = cells.shift()!.slice(10);
    return () => {
      if (separator === undefined && cells.length === 1 && !cells[0].startsWith('@{')) return typed(replacer.scalar(cells[0]));
      const sep = separator === undefined ? ' ' : replacer.string(separator);
      return typed(replacer.list(cells).map(str).join(sep));
    };
  }
  if (identifier === '@') return () => typed(replacer.list(values));
  const items = values.map((cell) => {
    if (isDictVariable(cell)) return cell;
    const split = splitFromEquals(cell);
    if (!split) throw new RobotError(`Invalid dictionary variable item '${cell}'. Items must use 'name=value' syntax or be dictionary variables themselves.`);
    return split;
  });
  return () => {
    const dict: Record<string, unknown> = {};
    for (const item of items) {
      if (typeof item === 'string') {
        const value = replacer.scalar(item);
        if (!isDict(value)) throw new RobotError(`Value of variable '${item}' is not dictionary or dictionary-like.`);
        Object.assign(dict, value);
      } else {
        const key = replacer.scalar(item[0]);
        if (Array.isArray(key) || isDict(key)) throw new RobotError(`Creating dictionary variable failed: unhashable type: '${Array.isArray(key) ? 'list' : 'dict'}'`);
        dict[str(key)] = replacer.scalar(item[1]);
      }
    }
    return typed(dict);
  };
}

function isDictVariable(cell: string): boolean {
  const m = cell.startsWith('&{') ? findVariable(cell) : undefined;
  return !!m && m.start === 0 && m.end === cell.length && m.items.length === 0;
}

/** Robot's split_from_equals: the first '=' that is not escaped and not inside a variable. */
export function splitFromEquals(cell: string): [string, string] | undefined {
  let from = 0;
  for (;;) {
    let m: ReturnType<typeof findVariable>;
    try {
      m = findVariable(cell, from);
    } catch {
      m = undefined;
    }
    const part = cell.slice(from, m ? m.start : cell.length);
    for (let i = 0; i < part.length; i++) {
      if (part[i] === '\\') i++;
      else if (part[i] === '=') return [cell.slice(0, from + i), cell.slice(from + i + 1)];
    }
    if (!m) return undefined;
    from = m.end;
  }
}
