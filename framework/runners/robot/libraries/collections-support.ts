import { RobotError } from '../robot-error.ts';
import { ExpressionError, compare, evaluateExpression } from '../expression.ts';
import { NONE_TO_INT, casefold } from '../python-str.ts';
import { isDict, isTruthyArg, pyEquals, str, typeName } from '../values.ts';

/**
 * What the Collections keywords share, as Robot's Collections.py does it:
 * argument validation, index conversion, the custom-message rule, value
 * formatting (seq2str, seq2str2, assert_equal) and the Normalizer behind
 * ignore_case / ignore_order / ignore_keys.
 */

export function isListLike(value: unknown): value is unknown[] {
  return Array.isArray(value) || value instanceof Set;
}

export function validateList(value: unknown, position = 1): unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  if (isDict(value)) return Object.keys(value);
  throw new RobotError(`TypeError: Expected argument ${position} to be a list or list-like, got ${typeName(value)} instead.`);
}

export function validateDict(value: unknown, position = 1): Record<string, unknown> {
  if (!isDict(value)) throw new RobotError(`TypeError: Expected argument ${position} to be a dictionary, got ${typeName(value)} instead.`);
  return value;
}

/** Collections' _index_to_int. */
export function indexToInt(index: unknown, emptyToZero = false): number {
  if (emptyToZero && (index === '' || index === undefined || index === null || index === 0 || index === false)) return 0;
  if (typeof index === 'number') return Math.trunc(index);
  if (typeof index === 'boolean') return Number(index);
  if (index === null || index === undefined) throw new RobotError(NONE_TO_INT);
  const text = str(index);
  if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(text)) throw new RobotError(`ValueError: Cannot convert index '${text}' to an integer.`);
  return Number(text.replace(/_/g, '').trim());
}

export function indexError(list: unknown[], index: unknown): never {
  throw new RobotError(`IndexError: Given index ${str(index)} is out of the range 0-${list.length - 1}.`);
}

/** Python's list index normalisation for item access; undefined when out of range. */
export function at(list: unknown[], index: number): number | undefined {
  const i = index < 0 ? list.length + index : index;
  return i >= 0 && i < list.length ? i : undefined;
}

/** Robot's `msg or default`, and with values true `msg\ndefault`. */
export function reportError(defaultMessage: string, msg: unknown, values: unknown = false): never {
  if (msg === undefined || msg === null || msg === '' || msg === false) throw new RobotError(defaultMessage);
  let message = str(msg);
  if (isTruthyArg(values) && !(typeof values === 'string' && values.toUpperCase() === 'NO VALUES')) message += `\n${defaultMessage}`;
  throw new RobotError(message);
}

export function verify(condition: boolean, defaultMessage: string, msg: unknown, values: unknown = false): void {
  if (!condition) reportError(defaultMessage, msg, values);
}

/** `'a', 'b' and 'c'`. */
export function seq2str(items: unknown[]): string {
  const quoted = items.map((i) => `'${str(i)}'`);
  if (quoted.length <= 1) return quoted.join('');
  return [...quoted.slice(0, -2), quoted.slice(-2).join(' and ')].join(', ');
}

/** `[ a | b | c ]`. */
export function seq2str2(items: unknown[]): string {
  return items.length === 0 ? '[ ]' : `[ ${items.map(str).join(' | ')} ]`;
}

/** assert_equal's message: "Index 1: 12 (integer) != 12 (string)". */
export function inequality(first: unknown, second: unknown, prefix: string): string | undefined {
  if (pyEquals(first, second)) return undefined;
  const a = str(first);
  const b = str(second);
  return a === b ? `${prefix}: ${a} (${typeName(first)}) != ${b} (${typeName(second)})` : `${prefix}: ${a} != ${b}`;
}

export function pySorted(items: unknown[]): unknown[] {
  try {
    return [...items].sort(compare);
  } catch (error) {
    if (error instanceof ExpressionError) throw new RobotError(error.message);
    throw error;
  }
}

export function contains(items: unknown[], value: unknown): boolean {
  return items.some((i) => pyEquals(i, value));
}

/** Collections' Normalizer: ignore_case ('KEYS'/'VALUES' limit it), ignore_order, ignore_keys. */
export class Normalizer {
  private readonly keyCase: boolean;
  private readonly valueCase: boolean;
  private readonly order: boolean;
  private ignoredKeys: unknown[] = [];
  private caseNow: boolean;

  constructor(ignoreCase: unknown = false, ignoreOrder: unknown = false, ignoreKeys: unknown = undefined) {
    const ic = isTruthyArg(ignoreCase);
    this.keyCase = typeof ignoreCase === 'string' ? !['VALUE', 'VALUES'].includes(ignoreCase.toUpperCase()) && ic : ic;
    this.valueCase = typeof ignoreCase === 'string' ? !['KEY', 'KEYS'].includes(ignoreCase.toUpperCase()) && ic : ic;
    this.caseNow = ic;
    this.order = isTruthyArg(ignoreOrder);
    // Set once parsed: normalising the ignored keys themselves reads the (still empty) list.
    this.ignoredKeys = this.parseIgnoredKeys(ignoreKeys);
  }

  private get active(): boolean {
    return this.caseNow || this.order || this.ignoredKeys.length > 0;
  }

  private parseIgnoredKeys(keys: unknown): unknown[] {
    if (keys === undefined || keys === null || keys === '' || (Array.isArray(keys) && keys.length === 0)) return [];
    let parsed: unknown = keys;
    if (typeof keys === 'string') {
      try {
        parsed = evaluateExpression(keys);
      } catch {
        parsed = undefined;
      }
    }
    if (!isListLike(parsed)) throw new RobotError(`ValueError: 'ignore_keys' value '${str(keys)}' cannot be converted to a list.`);
    return [...parsed].map((k) => this.key(k));
  }

  normalize(value: unknown): unknown {
    if (!this.active) return value;
    if (typeof value === 'string') return this.caseNow ? casefold(value) : value;
    if (isDict(value)) return this.dict(value);
    if (isListLike(value)) {
      const items = [...value].map((v) => this.normalize(v));
      return this.order ? pySorted(items) : items;
    }
    return value;
  }

  private dict(value: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) {
      const key = this.key(k) as string;
      if (this.ignoredKeys.some((i) => pyEquals(i, key))) continue;
      if (Object.hasOwn(out, key)) {
        throw new RobotError(`Dictionary ${str(value)} contains multiple keys that are normalized to '${key}'. Try normalizing only dictionary values like 'ignore_case=values'.`);
      }
      out[key] = this.value(value[k]);
    }
    return out;
  }

  key(key: unknown): unknown {
    return this.with(this.keyCase, key);
  }

  value(value: unknown): unknown {
    return this.with(this.valueCase, value);
  }

  private with(ignoreCase: boolean, value: unknown): unknown {
    const saved = this.caseNow;
    this.caseNow = ignoreCase;
    try {
      return this.normalize(value);
    } finally {
      this.caseNow = saved;
    }
  }
}

/** Collections' _get_matches: glob by default, `regexp=` / `glob=` prefixes, caseless and spaceless options. */
export function matchesOf(list: unknown[], pattern: unknown, caseInsensitive: unknown, whitespaceInsensitive: unknown, ignoreCase: unknown, ignoreWhitespace: unknown): unknown[] {
  const caseless = caseInsensitive !== undefined && caseInsensitive !== null ? isTruthyArg(caseInsensitive) : isTruthyArg(ignoreCase);
  const spaceless = whitespaceInsensitive !== undefined && whitespaceInsensitive !== null ? isTruthyArg(whitespaceInsensitive) : isTruthyArg(ignoreWhitespace);
  if (typeof pattern !== 'string') throw new RobotError(`TypeError: Pattern must be string, got '${typeName(pattern)}'.`);
  let p = pattern;
  let regexp = false;
  if (p.startsWith('regexp=')) {
    p = p.slice(7);
    regexp = true;
  } else if (p.startsWith('glob=')) p = p.slice(5);
  const norm = (s: string) => {
    let out = caseless ? casefold(s) : s;
    if (spaceless) out = out.replace(/\s/gu, '');
    return out;
  };
  const re = regexp ? new RegExp(`^(?:${norm(p)})`, 's') : globRegex(norm(p));
  return list.filter((item) => typeof item === 'string' && re.test(norm(item)));
}

/** Python's fnmatch.translate (Robot's Matcher), anchored at both ends. */
function globRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        else if (body.startsWith('^')) body = `\\${body}`;
        out += `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 's');
}

/** copy.deepcopy for our values: lists and dicts copied, everything else shared (immutable in Python's sense). */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepCopy(v)])) as T;
  return value;
}
