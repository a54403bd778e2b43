import { RobotError } from '../robot-error.ts';
import type { RunContext } from '../run-context.ts';
import { log } from '../keyword-runner.ts';
import { casefold } from '../python-str.ts';
import { PyFloat, isDict, isTruthyArg, repr, str, typeName } from '../values.ts';
import { unifiedDiff } from './unified-diff.ts';

/**
 * Shared helpers of the BuiltIn library's parts (one class per concern,
 * chained by inheritance so each stays small; the keyword lookup walks the
 * whole prototype chain). Methods starting with '_' are not keywords.
 */
export class BuiltInBase {
  constructor(protected readonly _ctx: RunContext) {}

  protected _log(text: string, level: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO', html = false): void {
    log(this._ctx, text, level, html);
  }

  /** Robot's custom message rule: the default alone, msg alone, or "msg: default" when values is true. */
  protected _fail(defaultMessage: string, msg: unknown, values: unknown = true): never {
    if (msg === undefined || msg === null || msg === '') throw new RobotError(defaultMessage);
    const custom = str(msg);
    throw new RobotError(includeValues(values) ? `${custom}: ${defaultMessage}` : custom);
  }

  /** "a != b" through the formatter; with the types when both print the same: "1 (string) != 1 (integer)". */
  protected _notEqual(first: unknown, second: unknown, op = '!=', formatter: (value: unknown) => string = str): string {
    const a = formatter(first);
    const b = formatter(second);
    if (op === '!=' && a === b) return `${a} (${typeName(first)}) ${op} ${b} (${typeName(second)})`;
    return `${a} ${op} ${b}`;
  }

  /** Robot's "Multiline strings are different" (difflib's unified diff) when both strings have three lines or more, else undefined. */
  protected _multilineDiff(first: string, second: string, formatter: (value: unknown) => string): string | undefined {
    const a = linesWithEnds(first);
    const b = linesWithEnds(second);
    if (a.length < 3 || b.length < 3) return undefined;
    const diff = unifiedDiff(a, b, 'first', 'second');
    // As Robot: every line after the first hunk header goes through the formatter, without its marker.
    const shown = [...diff.slice(0, 3), ...diff.slice(3).map((line) => line[0] + formatter(line.slice(1)).trimEnd())];
    return ['Multiline strings are different:', ...shown].join('\n');
  }

  /** ignore_case, strip_spaces and collapse_spaces applied to a string, in Robot's order; other values as they are. */
  protected _prepare(value: unknown, options: { ignoreCase?: unknown; stripSpaces?: unknown; collapseSpaces?: unknown }): unknown {
    if (typeof value !== 'string') return value;
    let v = value;
    if (isTruthyArg(options.ignoreCase ?? false)) v = casefold(v);
    if (isTruthyArg(options.stripSpaces ?? false)) v = stripSpaces(v, options.stripSpaces);
    if (isTruthyArg(options.collapseSpaces ?? false)) v = v.replace(/\s+/g, ' ');
    return v;
  }
}

/** Robot's values argument: false values and the text 'NO VALUES' leave the values out of a custom message. */
export function includeValues(values: unknown): boolean {
  return isTruthyArg(values) && str(values).toUpperCase() !== 'NO VALUES';
}

/** strip_spaces: LEADING, TRAILING, or any true value for both ends. */
export function stripSpaces(text: string, mode: unknown): string {
  const upper = typeof mode === 'string' ? mode.toUpperCase() : '';
  if (upper === 'LEADING') return text.replace(/^\s+/, '');
  if (upper === 'TRAILING') return text.replace(/\s+$/, '');
  return isTruthyArg(mode) ? text.trim() : text;
}

/** Should Be Equal's formatter argument: str, repr, ascii, len or type. */
export function formatterOf(name: unknown): (value: unknown) => string {
  const key = str(name).toLowerCase();
  const formatters: Record<string, (value: unknown) => string> = {
    str,
    repr,
    ascii: (v) => repr(v).replace(/[^\x00-\x7f]/g, (c) => {
      const code = c.codePointAt(0)!;
      return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    }),
    len: (v) => {
      if (typeof v === 'string' || Array.isArray(v) || v instanceof Uint8Array) return String(v.length);
      if (isDict(v)) return String(Object.keys(v).length);
      throw new RobotError(`TypeError: object of type '${pythonTypeName(v)}' has no len()`);
    },
    type: (v) => pythonTypeName(v),
  };
  const formatter = formatters[key];
  if (!formatter) throw new RobotError(`ValueError: Invalid formatter '${str(name)}'. Available 'str', 'repr', 'ascii', 'len' and 'type'.`);
  return formatter;
}

/** Python's type(x).__name__. */
export function pythonTypeName(value: unknown): string {
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (value instanceof PyFloat) return 'float';
  if (value === null || value === undefined) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (isDict(value)) return 'dict';
  if (value instanceof Uint8Array) return 'bytes';
  return typeof value;
}

/** Python's str.splitlines(keepends=True). */
function linesWithEnds(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\r\n|\r(?!\n)|[\n\v\f\x1c\x1d\x1e\x85\u2028\u2029])/);
}
