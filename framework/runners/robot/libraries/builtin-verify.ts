import { evaluate } from '../keyword-runner.ts';
import { globToRegex } from '../control-structures.ts';
import { RobotError } from '../robot-error.ts';
import { PyFloat, formatFloat, isDict, isNumber, isTruthyArg, num, pyEquals, str, truthy } from '../values.ts';
import { BuiltInBase } from './builtin-base.ts';
import { toInteger, toNumber } from './convert.ts';

/** BuiltIn's verification keywords: Should Be Equal and its forms, Should Contain, Should Match, Length Should Be ... */
export class BuiltInVerify extends BuiltInBase {
  shouldBeEqual(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, formatter: unknown = 'str', strip_spaces: unknown = false, collapse_spaces: unknown = false, type: unknown = undefined, expected_type: unknown = undefined): void {
    void formatter;
    void type;
    void expected_type;
    const opts = { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces };
    if (!pyEquals(this._prepare(first, opts), this._prepare(second, opts))) this._fail(this._notEqual(first, second), msg, values);
  }

  shouldNotBeEqual(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const opts = { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces };
    if (pyEquals(this._prepare(first, opts), this._prepare(second, opts))) this._fail(`${str(first)} == ${str(second)}`, msg, values);
  }

  shouldBeEqualAsStrings(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, formatter: unknown = 'str', collapse_spaces: unknown = false): void {
    void formatter;
    const a = str(first);
    const b = str(second);
    const opts = { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces };
    if (this._prepare(a, opts) !== this._prepare(b, opts)) this._fail(this._notEqual(a, b), msg, values);
  }

  shouldNotBeEqualAsStrings(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false): void {
    const opts = { ignoreCase: ignore_case };
    if (this._prepare(str(first), opts) === this._prepare(str(second), opts)) this._fail(`${str(first)} == ${str(second)}`, msg, values);
  }

  shouldBeEqualAsIntegers(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, base: unknown = undefined): void {
    const a = toInteger(first, base);
    const b = toInteger(second, base);
    if (a !== b) this._fail(`${a} != ${b}`, msg, values);
  }

  shouldNotBeEqualAsIntegers(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, base: unknown = undefined): void {
    const a = toInteger(first, base);
    const b = toInteger(second, base);
    if (a === b) this._fail(`${a} == ${b}`, msg, values);
  }

  shouldBeEqualAsNumbers(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, precision: unknown = 6): void {
    const p = Number(precision);
    const a = roundTo(num(toNumber(first)), p);
    const b = roundTo(num(toNumber(second)), p);
    if (a !== b) this._fail(`${formatFloat(a)} != ${formatFloat(b)}`, msg, values);
  }

  shouldNotBeEqualAsNumbers(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, precision: unknown = 6): void {
    const p = Number(precision);
    const a = roundTo(num(toNumber(first)), p);
    const b = roundTo(num(toNumber(second)), p);
    if (a === b) this._fail(`${formatFloat(a)} == ${formatFloat(b)}`, msg, values);
  }

  shouldBeTrue(condition: unknown, msg: unknown = undefined): void {
    const value = typeof condition === 'string' ? evaluate(this._ctx, condition) : condition;
    if (!truthy(value)) throw new RobotError(msg !== undefined && msg !== null ? str(msg) : `'${str(condition)}' should be true.`);
  }

  shouldNotBeTrue(condition: unknown, msg: unknown = undefined): void {
    const value = typeof condition === 'string' ? evaluate(this._ctx, condition) : condition;
    if (truthy(value)) throw new RobotError(msg !== undefined && msg !== null ? str(msg) : `'${str(condition)}' should not be true.`);
  }

  shouldContain(container: unknown, item: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const opts = { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces };
    if (!contains(this._prepare(container, opts), this._prepare(item, opts))) this._fail(`'${str(container)}' does not contain '${str(item)}'`, msg, values);
  }

  shouldNotContain(container: unknown, item: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false): void {
    const opts = { ignoreCase: ignore_case };
    if (contains(this._prepare(container, opts), this._prepare(item, opts))) this._fail(`'${str(container)}' contains '${str(item)}'`, msg, values);
  }

  shouldContainAny(container: unknown, ...items: unknown[]): void {
    if (items.length === 0) throw new RobotError('One or more items required.');
    if (!items.some((i) => contains(container, i))) throw new RobotError(`'${str(container)}' does not contain any of ${str(items.map(str))}`);
  }

  shouldContainXTimes(container: unknown, item: unknown, count: unknown, msg: unknown = undefined): void {
    const expected = toInteger(count);
    const actual = countOf(container, item);
    if (actual !== expected) {
      this._fail(`'${str(container)}' contains '${str(item)}' ${actual} time${actual === 1 ? '' : 's'}, not ${expected} time${expected === 1 ? '' : 's'}.`, msg, false);
    }
  }

  getCount(container: unknown, item: unknown): number {
    const n = countOf(container, item);
    this._log(`Item found from container ${n} time${n === 1 ? '' : 's'}.`);
    return n;
  }

  shouldStartWith(str1: unknown, str2: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false): void {
    const opts = { ignoreCase: ignore_case };
    if (!str(this._prepare(str(str1), opts)).startsWith(str(this._prepare(str(str2), opts)))) this._fail(`'${str(str1)}' does not start with '${str(str2)}'`, msg, values);
  }

  shouldNotStartWith(str1: unknown, str2: unknown, msg: unknown = undefined, values: unknown = true): void {
    if (str(str1).startsWith(str(str2))) this._fail(`'${str(str1)}' starts with '${str(str2)}'`, msg, values);
  }

  shouldEndWith(str1: unknown, str2: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false): void {
    const opts = { ignoreCase: ignore_case };
    if (!str(this._prepare(str(str1), opts)).endsWith(str(this._prepare(str(str2), opts)))) this._fail(`'${str(str1)}' does not end with '${str(str2)}'`, msg, values);
  }

  shouldNotEndWith(str1: unknown, str2: unknown, msg: unknown = undefined, values: unknown = true): void {
    if (str(str1).endsWith(str(str2))) this._fail(`'${str(str1)}' ends with '${str(str2)}'`, msg, values);
  }

  shouldMatch(string: unknown, pattern: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false): void {
    const re = globToRegex(str(pattern), isTruthyArg(ignore_case) ? 'si' : 's');
    if (!re.test(str(string))) this._fail(`'${str(string)}' does not match '${str(pattern)}'`, msg, values);
  }

  shouldNotMatch(string: unknown, pattern: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false): void {
    const re = globToRegex(str(pattern), isTruthyArg(ignore_case) ? 'si' : 's');
    if (re.test(str(string))) this._fail(`'${str(string)}' matches '${str(pattern)}'`, msg, values);
  }

  shouldMatchRegexp(string: unknown, pattern: unknown, msg: unknown = undefined, values: unknown = true, flags: unknown = undefined): unknown {
    const re = pythonRegex(str(pattern), flags);
    const m = re.exec(str(string));
    if (!m) this._fail(`'${str(string)}' does not match '${str(pattern)}'`, msg, values);
    return m.length === 1 ? m[0] : [...m];
  }

  shouldNotMatchRegexp(string: unknown, pattern: unknown, msg: unknown = undefined, values: unknown = true, flags: unknown = undefined): void {
    if (pythonRegex(str(pattern), flags).test(str(string))) this._fail(`'${str(string)}' matches '${str(pattern)}'`, msg, values);
  }

  lengthShouldBe(item: unknown, length: unknown, msg: unknown = undefined): void {
    const expected = toInteger(length);
    const actual = lengthOf(item);
    if (actual !== expected) throw new RobotError(msg !== undefined && msg !== null ? str(msg) : `Length of '${str(item)}' should be ${expected} but is ${actual}.`);
  }

  shouldBeEmpty(item: unknown, msg: unknown = undefined): void {
    if (lengthOf(item) !== 0) throw new RobotError(msg !== undefined && msg !== null ? str(msg) : `'${str(item)}' should be empty.`);
  }

  shouldNotBeEmpty(item: unknown, msg: unknown = undefined): void {
    if (lengthOf(item) === 0) throw new RobotError(msg !== undefined && msg !== null ? str(msg) : `'${str(item)}' should not be empty.`);
  }

  getLength(item: unknown): number {
    const n = lengthOf(item);
    this._log(`Length is ${n}.`);
    return n;
  }
}

function roundTo(n: number, precision: number): number {
  const f = 10 ** precision;
  return Math.round(n * f) / f;
}

export function lengthOf(item: unknown): number {
  if (typeof item === 'string' || Array.isArray(item)) return item.length;
  if (isDict(item)) return Object.keys(item).length;
  if (item && typeof item === 'object' && 'length' in item && typeof (item as { length: unknown }).length === 'number') return (item as { length: number }).length;
  throw new RobotError(`Could not get length of '${str(item)}'.`);
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') return container.includes(str(item));
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item) || (isNumber(x) && typeof item === 'string' ? false : false));
  if (isDict(container)) return Object.hasOwn(container, str(item));
  throw new RobotError(`Converting '${str(container)}' to list failed: not iterable.`);
}

function countOf(container: unknown, item: unknown): number {
  if (typeof container === 'string') return item === '' ? container.length + 1 : container.split(str(item)).length - 1;
  if (Array.isArray(container)) return container.filter((x) => pyEquals(x, item)).length;
  throw new RobotError(`Converting '${str(container)}' to list failed.`);
}

/** Python's re.search with a few inline flags translated. */
export function pythonRegex(pattern: string, flags: unknown = undefined): RegExp {
  let p = pattern;
  let f = '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(p);
  if (inline) {
    p = p.slice(inline[0].length);
    if (inline[1].includes('i')) f += 'i';
    if (inline[1].includes('m')) f += 'm';
    if (inline[1].includes('s')) f += 's';
  }
  const given = flags === undefined || flags === null ? '' : str(flags).toUpperCase();
  if (given.includes('IGNORECASE') && !f.includes('i')) f += 'i';
  if (given.includes('MULTILINE') && !f.includes('m')) f += 'm';
  if (given.includes('DOTALL') && !f.includes('s')) f += 's';
  p = p.replace(/\\A/g, '^').replace(/\\Z/g, '$').replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  try {
    return new RegExp(p, f);
  } catch (error) {
    throw new RobotError(`Invalid regular expression '${pattern}': ${(error as Error).message}`);
  }
}

export { PyFloat };
