import { randomInt } from 'node:crypto';
import { RobotError } from '../robot-error.ts';
import { str } from '../values.ts';
import { pythonRegex } from './builtin-verify.ts';
import { toInteger } from './convert.ts';

/** The essentials of Robot's String library (imported as `Library    String`). */
export class StringLibrary {
  convertToLowerCase(string: unknown): string {
    return str(string).toLowerCase();
  }
  convertToUpperCase(string: unknown): string {
    return str(string).toUpperCase();
  }
  convertToTitleCase(string: unknown): string {
    return str(string).replace(/(^|\s)(\S)/g, (_, s: string, c: string) => s + c.toUpperCase());
  }
  splitString(string: unknown, separator: unknown = undefined, max_split: unknown = -1): string[] {
    const s = str(string);
    const max = toInteger(max_split);
    if (separator === undefined || separator === null) {
      const parts = s.trim().split(/\s+/).filter((p) => p !== '');
      return max >= 0 && parts.length > max + 1 ? [...parts.slice(0, max), parts.slice(max).join(' ')] : parts;
    }
    const sep = str(separator);
    const parts = s.split(sep);
    return max >= 0 && parts.length > max + 1 ? [...parts.slice(0, max), parts.slice(max).join(sep)] : parts;
  }
  splitToLines(string: unknown, start: unknown = 0, end: unknown = undefined): string[] {
    const lines = str(string).split(/\r?\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    return lines.slice(toInteger(start), end === undefined ? undefined : toInteger(end));
  }
  getLineCount(string: unknown): number {
    return this.splitToLines(string).length;
  }
  getLine(string: unknown, line_number: unknown): string {
    const lines = this.splitToLines(string);
    const n = toInteger(line_number);
    return lines[n < 0 ? lines.length + n : n];
  }
  getLinesContainingString(string: unknown, pattern: unknown, case_insensitive: unknown = false): string {
    const ci = case_insensitive === true || str(case_insensitive).toUpperCase() === 'TRUE';
    const p = ci ? str(pattern).toLowerCase() : str(pattern);
    return this.splitToLines(string).filter((l) => (ci ? l.toLowerCase() : l).includes(p)).join('\n');
  }
  replaceString(string: unknown, search_for: unknown, replace_with: unknown, count: unknown = -1): string {
    let n = toInteger(count);
    const s = str(string);
    const find = str(search_for);
    if (n < 0) return s.split(find).join(str(replace_with));
    let out = '';
    let rest = s;
    while (n-- > 0 && rest.includes(find)) {
      const at = rest.indexOf(find);
      out += rest.slice(0, at) + str(replace_with);
      rest = rest.slice(at + find.length);
    }
    return out + rest;
  }
  replaceStringUsingRegexp(string: unknown, pattern: unknown, replace_with: unknown, count: unknown = -1, flags: unknown = undefined): string {
    const re = pythonRegex(str(pattern), flags);
    const n = toInteger(count);
    let done = 0;
    const global = new RegExp(re.source, `${re.flags}g`);
    return str(string).replace(global, (...m) => (n >= 0 && done++ >= n ? m[0] : str(replace_with).replace(/\\(\d)/g, (_, d: string) => m[Number(d)] ?? '')));
  }
  removeString(string: unknown, ...removables: unknown[]): string {
    let s = str(string);
    for (const r of removables) s = s.split(str(r)).join('');
    return s;
  }
  stripString(string: unknown, mode: unknown = 'both', characters: unknown = undefined): string {
    const chars = characters === undefined || characters === null ? ' \t\n\r\f\v' : str(characters);
    let s = str(string);
    const m = str(mode).toLowerCase();
    if (m === 'both' || m === 'left') while (s && chars.includes(s[0])) s = s.slice(1);
    if (m === 'both' || m === 'right') while (s && chars.includes(s[s.length - 1])) s = s.slice(0, -1);
    return s;
  }
  getSubstring(string: unknown, start: unknown, end: unknown = undefined): string {
    const s = str(string);
    const norm = (v: unknown, d: number) => (v === undefined || v === null || v === '' ? d : toInteger(v) < 0 ? s.length + toInteger(v) : toInteger(v));
    return s.slice(norm(start, 0), norm(end, s.length));
  }
  fetchFromLeft(string: unknown, marker: unknown): string {
    const s = str(string);
    const at = s.indexOf(str(marker));
    return at < 0 ? s : s.slice(0, at);
  }
  fetchFromRight(string: unknown, marker: unknown): string {
    const s = str(string);
    const at = s.lastIndexOf(str(marker));
    return at < 0 ? s : s.slice(at + str(marker).length);
  }
  getRegexpMatches(string: unknown, pattern: unknown, ...groups: unknown[]): unknown[] {
    const re = pythonRegex(str(pattern));
    const out: unknown[] = [];
    for (const m of str(string).matchAll(new RegExp(re.source, `${re.flags}g`))) {
      if (groups.length === 0) out.push(m[0]);
      else if (groups.length === 1) out.push(m.groups?.[str(groups[0])] ?? m[toInteger(groups[0])]);
      else out.push(groups.map((g) => m.groups?.[str(g)] ?? m[toInteger(g)]));
    }
    return out;
  }
  formatString(template: unknown, ...positional: unknown[]): string {
    let i = 0;
    return str(template).replace(/\{(\d*)\}/g, (_, n: string) => str(positional[n === '' ? i++ : Number(n)]));
  }
  generateRandomString(length: unknown = 8, chars: unknown = '[LETTERS][NUMBERS]'): string {
    const set = str(chars)
      .replace('[LOWER]', 'abcdefghijklmnopqrstuvwxyz')
      .replace('[UPPER]', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
      .replace('[LETTERS]', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')
      .replace('[NUMBERS]', '0123456789');
    return Array.from({ length: toInteger(length) }, () => set[randomInt(set.length)]).join('');
  }
  shouldBeLowerCase(string: unknown, msg: unknown = undefined): void {
    if (str(string) !== str(string).toLowerCase()) throw new RobotError(msg !== undefined ? str(msg) : `'${str(string)}' is not lower case.`);
  }
  shouldBeUpperCase(string: unknown, msg: unknown = undefined): void {
    if (str(string) !== str(string).toUpperCase()) throw new RobotError(msg !== undefined ? str(msg) : `'${str(string)}' is not upper case.`);
  }
  shouldBeString(item: unknown, msg: unknown = undefined): void {
    if (typeof item !== 'string') throw new RobotError(msg !== undefined ? str(msg) : `'${str(item)}' is not a string.`);
  }
}
