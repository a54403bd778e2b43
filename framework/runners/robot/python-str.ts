import { RobotError } from './robot-error.ts';
import { isNumber, num, repr, str } from './values.ts';

/**
 * Python's str methods whose results differ from JavaScript's nearest
 * equivalents (splitlines, split/rsplit on whitespace with maxsplit,
 * islower/isupper, int()), for the String and Collections libraries.
 */

const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** str.splitlines(): every line boundary Python knows, no trailing empty line. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(new RegExp(LINE_BREAK.source, 'g'));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const WS = /\s/u;

/** str.split(sep, maxsplit); sep undefined splits on runs of whitespace. */
export function pySplit(text: string, sep: string | undefined, max: number): string[] {
  if (sep !== undefined) {
    if (sep === '') throw new RobotError('ValueError: empty separator');
    const parts = text.split(sep);
    return max >= 0 && parts.length > max + 1 ? [...parts.slice(0, max), parts.slice(max).join(sep)] : parts;
  }
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && WS.test(text[i])) i++;
    if (i >= text.length) break;
    if (max >= 0 && out.length === max) {
      out.push(text.slice(i));
      break;
    }
    let j = i;
    while (j < text.length && !WS.test(text[j])) j++;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

/** str.rsplit(sep, maxsplit). */
export function pyRsplit(text: string, sep: string | undefined, max: number): string[] {
  if (sep !== undefined) {
    if (sep === '') throw new RobotError('ValueError: empty separator');
    const parts = text.split(sep);
    return max >= 0 && parts.length > max + 1 ? [parts.slice(0, parts.length - max).join(sep), ...parts.slice(parts.length - max)] : parts;
  }
  const out: string[] = [];
  let i = text.length;
  while (i > 0) {
    while (i > 0 && WS.test(text[i - 1])) i--;
    if (i <= 0) break;
    if (max >= 0 && out.length === max) {
      out.unshift(text.slice(0, i));
      break;
    }
    let j = i;
    while (j > 0 && !WS.test(text[j - 1])) j--;
    out.unshift(text.slice(j, i));
    i = j;
  }
  return out;
}

/** str.casefold(), enough for caseless matching: lower case with the German sharp s expanded. */
export function casefold(text: string): string {
  return text.toLowerCase().replace(/ß/g, 'ss').replace(/ſ/g, 's');
}

/** str.islower(): some cased character, and none upper case. */
export function isLower(text: string): boolean {
  return text === text.toLowerCase() && text !== text.toUpperCase();
}

/** str.isupper(). */
export function isUpper(text: string): boolean {
  return text === text.toUpperCase() && text !== text.toLowerCase();
}

/** int(value) for a text or number; undefined when Python would raise ValueError. */
export function pyInt(value: unknown): number | undefined {
  if (isNumber(value)) return Math.trunc(num(value));
  if (typeof value === 'boolean') return Number(value);
  const text = str(value);
  if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(text)) return undefined;
  return Number(text.replace(/_/g, '').trim());
}

/** The libraries' `Cannot convert 'count' argument 'x' to an integer.` */
/** Python's int(None), which an integer argument given ${None} fails with. */
export const NONE_TO_INT = "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'";

export function intArgument(value: unknown, name: string): number {
  if (value === null || value === undefined) throw new RobotError(NONE_TO_INT);
  const n = pyInt(value);
  if (n === undefined) throw new RobotError(`ValueError: Cannot convert '${name}' argument ${repr(value)} to an integer.`);
  return n;
}
