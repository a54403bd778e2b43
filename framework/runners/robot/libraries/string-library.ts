import { randomInt } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { RobotError } from '../robot-error.ts';
import { isBytes, isTruthyArg, repr, str, typeName } from '../values.ts';
import { pythonRegex } from '../python-regex.ts';
import { globToRegex } from '../control-structures.ts';
import { pythonFormat } from '../python-format.ts';
import { casefold, intArgument, isLower, pyInt, isUpper, pyRsplit, pySplit, splitLines } from '../python-str.ts';
import { pythonTypeName } from './builtin-base.ts';
import { decodeBytes, encodeString } from './string-codecs.ts';

/**
 * Robot Framework 7.3's String library (imported as `Library    String`):
 * every keyword, with Python's results and Robot's messages.
 */

/** Bytes read as Robot shows them (latin-1), everything else as Python's str(). */
const text = str;

/** A string (or bytes) whose Python method `method` the keyword calls: anything else fails as Python does. */
function withMethod(value: unknown, method: string): string {
  if (typeof value !== 'string' && !isBytes(value)) throw new RobotError(`AttributeError: '${pythonTypeName(value)}' object has no attribute '${method}'`);
  return text(value);
}

function onlyStrings(value: unknown): string {
  if (typeof value !== 'string') throw new RobotError('TypeError: This keyword works only with strings.');
  return value;
}

/** Robot's parse_re_flags: 'IGNORECASE|MULTILINE'. */
function reFlags(flags: unknown): string {
  if (flags === undefined || flags === null || flags === '') return '';
  const known = ['IGNORECASE', 'I', 'MULTILINE', 'M', 'DOTALL', 'S', 'VERBOSE', 'X', 'ASCII', 'A', 'UNICODE', 'U', 'NOFLAG'];
  for (const flag of str(flags).split('|')) if (!known.includes(flag.trim().toUpperCase())) throw new RobotError(`ValueError: Unknown regexp flag: ${flag}`);
  const f = str(flags).toUpperCase().split('|').map((x) => x.trim());
  return [f.some((x) => x === 'I' || x === 'IGNORECASE') ? 'IGNORECASE' : '', f.some((x) => x === 'M' || x === 'MULTILINE') ? 'MULTILINE' : '', f.some((x) => x === 'S' || x === 'DOTALL') ? 'DOTALL' : ''].join('|');
}

function regex(pattern: unknown, flags: unknown, global = false): RegExp {
  const re = pythonRegex(str(pattern), reFlags(flags));
  return global ? new RegExp(re.source, `${re.flags}g`) : re;
}

/** Python's re.sub template: \1, \g<1>, \g<name> and the usual escapes. */
function expandTemplate(template: string, match: RegExpExecArray | string[], groups: Record<string, string> | undefined): string {
  return template.replace(/\\(g<([^>]+)>|\d{1,2}|[ntr\\]|.)/g, (all, escape: string, group: string | undefined) => {
    const ref = group ?? (/^\d/.test(escape) ? escape : undefined);
    if (ref !== undefined) {
      if (/^\d+$/.test(ref)) {
        if (Number(ref) >= match.length) throw new RobotError(`error: invalid group reference ${ref}`);
        return match[Number(ref)] ?? '';
      }
      if (!groups || !(ref in groups)) throw new RobotError(`IndexError: unknown group name '${ref}'`);
      return groups[ref] ?? '';
    }
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\' } as Record<string, string>)[escape] ?? all;
  });
}

function titleCase(string: string, exclude: unknown): string {
  let excludes: string[] = [];
  if (typeof exclude === 'string') excludes = exclude.split(',').map((e) => e.trim());
  else if (Array.isArray(exclude)) excludes = exclude.map(str);
  const patterns = excludes.map((e) => pythonRegex(`^(?:${e})$`));
  const title = (word: string) => {
    if (patterns.some((p) => p.test(word)) || !isLower(word)) return word;
    const chars = [...word];
    const at = chars.findIndex((c) => /\p{L}/u.test(c));
    if (at < 0) return word;
    chars[at] = chars[at].toUpperCase();
    return chars.join('');
  };
  return string.split(/(\s+)/u).map(title).join('');
}

function lines(string: unknown, keep: (line: string) => boolean): string {
  return splitLines(text(string)).filter(keep).join('\n');
}

function ignoreCase(case_insensitive: unknown, ignore_case: unknown): boolean {
  return case_insensitive !== undefined && case_insensitive !== null ? isTruthyArg(case_insensitive) : isTruthyArg(ignore_case);
}

function index(value: unknown, name: string): number | undefined {
  if (value === '') return 0;
  if (value === undefined || value === null) return undefined;
  return intArgument(value, name);
}

function slice<T>(items: T[], start: number | undefined, end: number | undefined): T[] {
  return items.slice(start ?? 0, end ?? items.length);
}

export class StringLibrary {
  convertToLowerCase(string: unknown): string {
    return withMethod(string, 'lower').toLowerCase();
  }
  convertToUpperCase(string: unknown): string {
    return withMethod(string, 'upper').toUpperCase();
  }
  convertToTitleCase(string: unknown, exclude: unknown = undefined): string {
    return titleCase(onlyStrings(string), exclude);
  }
  encodeStringToBytes(string: unknown, encoding: unknown, errors: unknown = 'strict'): Uint8Array {
    return encodeString(text(string), str(encoding), str(errors));
  }
  decodeBytesToString(bytes: unknown, encoding: unknown, errors: unknown = 'strict'): string {
    if (!isBytes(bytes)) throw new RobotError('TypeError: Cannot decode strings.');
    return decodeBytes(bytes, str(encoding), str(errors));
  }
  formatString(kwargs: Record<string, unknown>, template: unknown, ...positional: unknown[]): string {
    let t = text(template);
    if (isAbsolute(t) && existsSync(t) && statSync(t).isFile()) t = readFileSync(t, 'utf8').replace(/^\uFEFF/, '');
    return pythonFormat(t, positional, kwargs);
  }
  getLineCount(string: unknown): number {
    return splitLines(text(string)).length;
  }
  splitToLines(string: unknown, start: unknown = 0, end: unknown = undefined): string[] {
    return slice(splitLines(text(string)), index(start, 'start'), index(end, 'end'));
  }
  getLine(string: unknown, line_number: unknown): string {
    const all = splitLines(text(string));
    const n = intArgument(line_number, 'line_number');
    const line = all.at(n);
    if (line === undefined || n >= all.length) throw new RobotError('IndexError: list index out of range');
    return line;
  }
  getLinesContainingString(string: unknown, pattern: unknown, case_insensitive: unknown = undefined, ignore_case: unknown = false): string {
    if (ignoreCase(case_insensitive, ignore_case)) {
      const p = casefold(str(pattern));
      return lines(string, (l) => casefold(l).includes(p));
    }
    return lines(string, (l) => l.includes(str(pattern)));
  }
  getLinesMatchingPattern(string: unknown, pattern: unknown, case_insensitive: unknown = undefined, ignore_case: unknown = false): string {
    if (ignoreCase(case_insensitive, ignore_case)) {
      const folded = globToRegex(casefold(str(pattern)), 's');
      return lines(string, (l) => folded.test(casefold(l)));
    }
    const re = globToRegex(str(pattern), 's');
    return lines(string, (l) => re.test(l));
  }
  getLinesMatchingRegexp(string: unknown, pattern: unknown, partial_match: unknown = false, flags: unknown = undefined): string {
    const re = regex(pattern, flags);
    if (isTruthyArg(partial_match)) return lines(string, (l) => re.test(l));
    const full = new RegExp(`^(?:${re.source})$`, re.flags);
    return lines(string, (l) => full.test(l));
  }
  getRegexpMatches(kwargs: Record<string, unknown>, string: unknown, pattern: unknown, ...groups: unknown[]): unknown[] {
    const re = regex(pattern, kwargs.flags, true);
    const pick = (m: RegExpExecArray, g: unknown): unknown => {
      const n = pyInt(g);
      if (n === undefined && !(m.groups && str(g) in m.groups)) throw new RobotError('IndexError: no such group');
      if (n !== undefined && n >= m.length) throw new RobotError('IndexError: no such group');
      return (n !== undefined ? m[n] : m.groups![str(g)]) ?? null;
    };
    const out: unknown[] = [];
    for (let m = re.exec(text(string)); m; m = re.exec(text(string))) {
      if (m[0] === '') re.lastIndex++;
      out.push(groups.length === 0 ? m[0] : groups.length === 1 ? pick(m, groups[0]) : groups.map((g) => pick(m!, g)));
    }
    return out;
  }
  replaceString(string: unknown, search_for: unknown, replace_with: unknown, count: unknown = -1): string {
    let n = intArgument(count, 'count');
    const s = text(string);
    const find = str(search_for);
    if (n < 0) return s.split(find).join(str(replace_with));
    let out = '';
    let rest = s;
    while (n-- > 0 && rest.includes(find)) {
      const at = rest.indexOf(find);
      out += rest.slice(0, at) + str(replace_with);
      rest = rest.slice(at + find.length);
      if (find === '') {
        out += rest.slice(0, 1);
        rest = rest.slice(1);
      }
    }
    return out + rest;
  }
  replaceStringUsingRegexp(string: unknown, pattern: unknown, replace_with: unknown, count: unknown = -1, flags: unknown = undefined): string {
    const n = intArgument(count, 'count');
    const s = text(string);
    if (n === 0) return s;
    const re = regex(pattern, flags, true);
    let done = 0;
    return s.replace(re, (...m) => {
      if (n > 0 && done++ >= n) return m[0] as string;
      const named = typeof m[m.length - 1] === 'object' ? (m[m.length - 1] as Record<string, string>) : undefined;
      const groups = m.slice(0, named ? -3 : -2) as string[];
      return expandTemplate(str(replace_with), groups, named);
    });
  }
  removeString(string: unknown, ...removables: unknown[]): string {
    let s = text(string);
    for (const r of removables) s = s.split(str(r)).join('');
    return s;
  }
  removeStringUsingRegexp(kwargs: Record<string, unknown>, string: unknown, ...patterns: unknown[]): string {
    let s = text(string);
    for (const p of patterns) s = this.replaceStringUsingRegexp(s, p, '', -1, kwargs.flags);
    return s;
  }
  splitString(string: unknown, separator: unknown = undefined, max_split: unknown = -1): string[] {
    const sep = separator === undefined || separator === null || separator === '' ? undefined : str(separator);
    return pySplit(text(string), sep, intArgument(max_split, 'max_split'));
  }
  splitStringFromRight(string: unknown, separator: unknown = undefined, max_split: unknown = -1): string[] {
    const sep = separator === undefined || separator === null || separator === '' ? undefined : str(separator);
    return pyRsplit(text(string), sep, intArgument(max_split, 'max_split'));
  }
  splitStringToCharacters(string: unknown): string[] {
    return [...text(string)];
  }
  fetchFromLeft(string: unknown, marker: unknown): string {
    return pySplit(withMethod(string, 'split'), str(marker), -1)[0];
  }
  fetchFromRight(string: unknown, marker: unknown): string {
    return pySplit(withMethod(string, 'split'), str(marker), -1).at(-1)!;
  }
  generateRandomString(length: unknown = 8, chars: unknown = '[LETTERS][NUMBERS]'): string {
    let n: number;
    const range = typeof length === 'string' ? /^(\d+)-(\d+)$/.exec(length) : null;
    if (length === '') n = 8;
    else if (range) {
      const [low, high] = [intArgument(range[1], 'length'), intArgument(range[2], 'length')];
      if (low > high) throw new RobotError(`ValueError: empty range in randrange(${low}, ${high + 1})`);
      n = randomInt(low, high + 1);
    } else n = intArgument(length, 'length');
    const set = [...str(chars)
      .replaceAll('[LOWER]', 'abcdefghijklmnopqrstuvwxyz')
      .replaceAll('[UPPER]', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
      .replaceAll('[LETTERS]', 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')
      .replaceAll('[NUMBERS]', '0123456789')];
    if (n > 0 && set.length === 0) throw new RobotError('ValueError: empty range in randrange(0, 0)');
    return Array.from({ length: Math.max(0, n) }, () => set[randomInt(set.length)]).join('');
  }
  getSubstring(string: unknown, start: unknown, end: unknown = undefined): string {
    return slice([...text(string)], index(start, 'start'), index(end, 'end')).join('');
  }
  stripString(string: unknown, mode: unknown = 'both', characters: unknown = undefined): string {
    const m = str(mode).toUpperCase();
    if (!['BOTH', 'LEFT', 'RIGHT', 'NONE'].includes(m)) throw new RobotError(`ValueError: Invalid mode '${str(mode)}'.`);
    let s = text(string);
    const strip = (c: string) => (characters === undefined || characters === null ? /\s/u.test(c) : str(characters).includes(c));
    if (m === 'BOTH' || m === 'LEFT') while (s && strip(s[0])) s = s.slice(1);
    if (m === 'BOTH' || m === 'RIGHT') while (s && strip(s[s.length - 1])) s = s.slice(0, -1);
    return s;
  }
  shouldBeString(item: unknown, msg: unknown = undefined): void {
    if (typeof item !== 'string') throw new RobotError(message(msg, `${repr(item)} is ${typeName(item)}, not a string.`));
  }
  shouldNotBeString(item: unknown, msg: unknown = undefined): void {
    if (typeof item === 'string') throw new RobotError(message(msg, `${repr(item)} is a string.`));
  }
  shouldBeUnicodeString(item: unknown, msg: unknown = undefined): void {
    this.shouldBeString(item, msg);
  }
  shouldBeByteString(item: unknown, msg: unknown = undefined): void {
    if (!isBytes(item)) throw new RobotError(message(msg, `${repr(item)} is not a byte string.`));
  }
  shouldBeLowerCase(string: unknown, msg: unknown = undefined): void {
    if (!isLower(text(string))) throw new RobotError(message(msg, `${repr(string)} is not lower case.`));
  }
  shouldBeUpperCase(string: unknown, msg: unknown = undefined): void {
    if (!isUpper(text(string))) throw new RobotError(message(msg, `${repr(string)} is not upper case.`));
  }
  shouldBeTitleCase(string: unknown, msg: unknown = undefined, exclude: unknown = undefined): void {
    if (onlyStrings(string) !== titleCase(string as string, exclude)) throw new RobotError(message(msg, `${repr(string)} is not title case.`));
  }
}

/** Robot's `msg or default`: an empty or None message means the default one. */
function message(msg: unknown, fallback: string): string {
  return msg === undefined || msg === null || msg === '' ? fallback : str(msg);
}

Object.assign(StringLibrary.prototype.formatString, { robotPositionalOnly: 1 });
Object.assign(StringLibrary.prototype.getRegexpMatches, { robotNamedOnly: ['flags'] });
Object.assign(StringLibrary.prototype.removeStringUsingRegexp, { robotNamedOnly: ['flags'] });
