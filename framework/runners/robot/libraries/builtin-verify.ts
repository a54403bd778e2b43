import { evaluate } from '../keyword-runner.ts';
import { globToRegex } from '../control-structures.ts';
import { RobotError } from '../robot-error.ts';
import { pythonRegex } from '../python-regex.ts';
import { PyFloat, isDict, isTruthyArg, pyEquals, repr, str, truthy } from '../values.ts';
import { casefold } from '../python-str.ts';
import { BuiltInBase, formatterOf, includeValues, pythonTypeName, stripSpaces } from './builtin-base.ts';
import { convertToType, matchesType, parseTypeHint, typeOfValue } from './type-conversion.ts';
import { toInteger, toNumber } from './convert.ts';

type Options = { ignoreCase?: unknown; stripSpaces?: unknown; collapseSpaces?: unknown };

/** BuiltIn's verification keywords: Should Be Equal and its forms, Should Contain, Should Match, Length Should Be ... */
export class BuiltInVerify extends BuiltInBase {
  shouldBeEqual(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, formatter: unknown = 'str', strip_spaces: unknown = false, collapse_spaces: unknown = false, type: unknown = undefined, types: unknown = undefined): void {
    if (isTruthyArg(type ?? '') || isTruthyArg(types ?? '')) [first, second] = this._typeConvert(first, second, type, types);
    const opts = { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces };
    if (typeof first === 'string' && typeof second === 'string') [first, second] = [this._prepare(first, opts), this._prepare(second, opts)];
    this._shouldBeEqual(first, second, msg, values, formatter);
  }

  /** Robot 7.3: `type` converts `second` (and `first` must already match it), `types` converts both. */
  private _typeConvert(first: unknown, second: unknown, type: unknown, types: unknown): [unknown, unknown] {
    if (isTruthyArg(type ?? '') && isTruthyArg(types ?? '')) throw new RobotError("TypeError: Cannot use both 'type' and 'types' arguments.");
    const given = isTruthyArg(types ?? '') ? types : type;
    const auto = !isTruthyArg(types ?? '') && typeof type === 'string' && type.toUpperCase() === 'AUTO';
    const hint = auto ? typeOfValue(first) : parseTypeHint(given);
    if (isTruthyArg(types ?? '')) first = convertToType(first, hint, 'first');
    else if (!matchesType(first, hint)) {
      throw new RobotError(`ValueError: Argument 'first' got value ${repr(first)} that does not match type ${repr(typeof given === 'string' ? given : str(given))}.`);
    }
    return [first, convertToType(second, hint, 'second')];
  }

  private _shouldBeEqual(first: unknown, second: unknown, msg: unknown, values: unknown, formatter: unknown = 'str'): void {
    const format = formatterOf(formatter);
    if (pyEquals(first, second)) return;
    if (includeValues(values) && typeof first === 'string' && typeof second === 'string') {
      const diff = this._multilineDiff(first, second, format);
      if (diff) {
        this._log(`${first.trimEnd()}\n\n!=\n\n${second.trimEnd()}`);
        throw new RobotError(msg !== undefined && msg !== null && msg !== '' ? `${str(msg)}: ${diff}` : diff);
      }
    }
    this._fail(this._notEqual(first, second, '!=', format), msg, values);
  }

  private _shouldNotBeEqual(first: unknown, second: unknown, msg: unknown, values: unknown): void {
    if (pyEquals(first, second)) this._fail(this._notEqual(first, second, '=='), msg, values);
  }

  shouldNotBeEqual(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const opts = { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces };
    if (typeof first === 'string' && typeof second === 'string') [first, second] = [this._prepare(first, opts), this._prepare(second, opts)];
    this._shouldNotBeEqual(first, second, msg, values);
  }

  shouldBeEqualAsStrings(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, formatter: unknown = 'str', collapse_spaces: unknown = false): void {
    const opts = { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces };
    this._shouldBeEqual(this._prepare(nfc(str(first)), opts), this._prepare(nfc(str(second)), opts), msg, values, formatter);
  }

  shouldNotBeEqualAsStrings(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const opts = { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces };
    this._shouldNotBeEqual(this._prepare(nfc(str(first)), opts), this._prepare(nfc(str(second)), opts), msg, values);
  }

  shouldBeEqualAsIntegers(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, base: unknown = undefined): void {
    this._shouldBeEqual(toInteger(first, base), toInteger(second, base), msg, values);
  }

  shouldNotBeEqualAsIntegers(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, base: unknown = undefined): void {
    this._shouldNotBeEqual(toInteger(first, base), toInteger(second, base), msg, values);
  }

  shouldBeEqualAsNumbers(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, precision: unknown = 6): void {
    this._shouldBeEqual(toNumber(first, precision), toNumber(second, precision), msg, values);
  }

  shouldNotBeEqualAsNumbers(first: unknown, second: unknown, msg: unknown = undefined, values: unknown = true, precision: unknown = 6): void {
    this._shouldNotBeEqual(toNumber(first, precision), toNumber(second, precision), msg, values);
  }

  shouldBeTrue(condition: unknown, msg: unknown = undefined): void {
    const value = typeof condition === 'string' ? evaluate(this._ctx, condition) : condition;
    if (!truthy(value)) throw new RobotError(msg !== undefined && msg !== null && msg !== '' ? str(msg) : `'${str(condition)}' should be true.`);
  }

  shouldNotBeTrue(condition: unknown, msg: unknown = undefined): void {
    const value = typeof condition === 'string' ? evaluate(this._ctx, condition) : condition;
    if (truthy(value)) throw new RobotError(msg !== undefined && msg !== null && msg !== '' ? str(msg) : `'${str(condition)}' should not be true.`);
  }

  shouldStartWith(str1: unknown, str2: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const [a, b] = this._strings(str1, str2, { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces }, 'startswith');
    if (!a.startsWith(b)) this._stringFail(a, b, msg, values, 'does not start with');
  }

  shouldNotStartWith(str1: unknown, str2: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const [a, b] = this._strings(str1, str2, { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces }, 'startswith');
    if (a.startsWith(b)) this._stringFail(a, b, msg, values, 'starts with');
  }

  shouldEndWith(str1: unknown, str2: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const [a, b] = this._strings(str1, str2, { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces }, 'endswith');
    if (!a.endsWith(b)) this._stringFail(a, b, msg, values, 'does not end with');
  }

  shouldNotEndWith(str1: unknown, str2: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const [a, b] = this._strings(str1, str2, { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces }, 'endswith');
    if (a.endsWith(b)) this._stringFail(a, b, msg, values, 'ends with');
  }

  /** Both strings prepared; Python calls `str1.<method>(str2)`, so a value that is not a string fails as it does there. */
  private _strings(str1: unknown, str2: unknown, opts: Options, method: string): [string, string] {
    const first = isTruthyArg(opts.ignoreCase ?? false) ? 'casefold' : method;
    if (typeof str1 !== 'string') throw new RobotError(`AttributeError: '${pythonTypeName(str1)}' object has no attribute '${first}'`);
    if (typeof str2 !== 'string' && first === method) throw new RobotError(`TypeError: ${method} first arg must be str or a tuple of str, not ${pythonTypeName(str2)}`);
    return [str(this._prepare(str(str1), opts)), str(this._prepare(str(str2), opts))];
  }

  /** Robot's _get_string_msg: "'a' <delimiter> 'b'", with the custom message's rules. */
  protected _stringFail(item1: unknown, item2: unknown, msg: unknown, values: unknown, delimiter: string, quote = [true, true]): never {
    const hasMsg = msg !== undefined && msg !== null && msg !== '';
    if (hasMsg && !includeValues(values)) throw new RobotError(str(msg));
    const a = quote[0] ? `'${str(item1)}'` : str(item1);
    const b = quote[1] ? `'${str(item2)}'` : str(item2);
    throw new RobotError(hasMsg ? `${str(msg)}: ${a} ${delimiter} ${b}` : `${a} ${delimiter} ${b}`);
  }

  /** The container and items as Should Contain compares them: options apply when the item is a string. */
  private _containerAndItems(container: unknown, items: unknown[], opts: Options, always = false): [unknown, unknown[]] {
    const applies = (item: unknown) => always || typeof item === 'string';
    let c = container;
    let xs = items;
    const steps: [unknown, (v: string) => string][] = [
      [opts.ignoreCase, casefold],
      [opts.stripSpaces, (v) => stripSpaces(v, opts.stripSpaces)],
      [opts.collapseSpaces, (v) => v.replace(/\s+/g, ' ')],
    ];
    for (const [option, fn] of steps) {
      if (!isTruthyArg(option ?? false) || !xs.some(applies)) continue;
      const each = (v: unknown) => (typeof v === 'string' ? fn(v) : v);
      xs = xs.map((x) => (applies(x) ? each(x) : x));
      if (typeof c === 'string') c = fn(c);
      else if (Array.isArray(c)) c = c.map(each);
      else if (isDict(c)) c = Object.keys(c).map(each);
    }
    return [c, xs];
  }

  shouldContain(container: unknown, item: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const [c, [i]] = this._containerAndItems(container, [item], { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces });
    if (!contains(c, i)) this._stringFail(container, i, msg, values, 'does not contain');
  }

  shouldNotContain(container: unknown, item: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const [c, [i]] = this._containerAndItems(container, [item], { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces });
    if (contains(c, i)) this._stringFail(container, i, msg, values, 'contains');
  }

  // Items are varargs; msg, values and the options are named-only, so they come through `kwargs` (see library.ts).
  shouldContainAny(kwargs: Record<string, unknown>, container: unknown, ...items: unknown[]): void {
    this._containAny(container, items, kwargs, false);
  }

  shouldNotContainAny(kwargs: Record<string, unknown>, container: unknown, ...items: unknown[]): void {
    this._containAny(container, items, kwargs, true);
  }

  private _containAny(container: unknown, rest: unknown[], named: Record<string, unknown>, negate: boolean): void {
    const known = ['msg', 'values', 'ignore_case', 'strip_spaces', 'collapse_spaces'];
    // Without **kwargs in Robot's signature, an unknown `name=value` is an item like any other.
    for (const [name, value] of Object.entries(named)) if (!known.includes(name)) rest.push(`${name}=${str(value)}`);
    if (rest.length === 0) throw new RobotError('One or more item required.');
    const [c, items] = this._containerAndItems(container, rest, { ignoreCase: named.ignore_case, stripSpaces: named.strip_spaces, collapseSpaces: named.collapse_spaces }, true);
    const found = items.some((i) => contains(c, i));
    if (found === negate) {
      const shown = seqToStr(items.map((i) => `'${str(i)}'`), ' or ');
      this._stringFail(container, shown, named.msg, named.values ?? true, negate ? 'contains one or more of' : 'does not contain any of', [true, false]);
    }
  }

  shouldContainXTimes(container: unknown, item: unknown, count: unknown, msg: unknown = undefined, ignore_case: unknown = false, strip_spaces: unknown = false, collapse_spaces: unknown = false): void {
    const expected = toInteger(count);
    const [c, [i]] = this._containerAndItems(container, [item], { ignoreCase: ignore_case, stripSpaces: strip_spaces, collapseSpaces: collapse_spaces });
    const actual = this.getCount(c, i);
    if (actual !== expected) {
      const s = (n: number) => (n === 1 ? '' : 's');
      throw new RobotError(msg !== undefined && msg !== null && msg !== '' ? str(msg) : `${repr(container)} contains '${str(i)}' ${actual} time${s(actual)}, not ${expected} time${s(expected)}.`);
    }
  }

  getCount(container: unknown, item: unknown): number {
    const n = countOf(container, item);
    this._log(`Item found from container ${n} time${n === 1 ? '' : 's'}.`);
    return n;
  }

  shouldMatch(string: unknown, pattern: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false): void {
    matchable(string);
    const re = globToRegex(str(pattern), isTruthyArg(ignore_case) ? 'si' : 's');
    if (!re.test(str(string))) this._stringFail(string, pattern, msg, values, 'does not match');
  }

  shouldNotMatch(string: unknown, pattern: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false): void {
    matchable(string);
    const re = globToRegex(str(pattern), isTruthyArg(ignore_case) ? 'si' : 's');
    if (re.test(str(string))) this._stringFail(string, pattern, msg, values, 'matches');
  }

  shouldMatchRegexp(string: unknown, pattern: unknown, msg: unknown = undefined, values: unknown = true, flags: unknown = undefined): unknown {
    const re = pythonRegex(str(pattern), flags);
    const m = re.exec(str(string));
    if (!m) this._stringFail(string, pattern, msg, values, 'does not match');
    return m.length === 1 ? m[0] : [...m].map((g) => g ?? null);
  }

  shouldNotMatchRegexp(string: unknown, pattern: unknown, msg: unknown = undefined, values: unknown = true, flags: unknown = undefined): void {
    if (pythonRegex(str(pattern), flags).test(str(string))) this._stringFail(string, pattern, msg, values, 'matches');
  }

  lengthShouldBe(item: unknown, length: unknown, msg: unknown = undefined): void {
    const expected = toInteger(length);
    const actual = this.getLength(item);
    if (actual !== expected) throw new RobotError(msg !== undefined && msg !== null && msg !== '' ? str(msg) : `Length of '${str(item)}' should be ${expected} but is ${actual}.`);
  }

  shouldBeEmpty(item: unknown, msg: unknown = undefined): void {
    if (this.getLength(item) > 0) throw new RobotError(msg !== undefined && msg !== null && msg !== '' ? str(msg) : `'${str(item)}' should be empty.`);
  }

  shouldNotBeEmpty(item: unknown, msg: unknown = undefined): void {
    if (this.getLength(item) === 0) throw new RobotError(msg !== undefined && msg !== null && msg !== '' ? str(msg) : `'${str(item)}' should not be empty.`);
  }

  getLength(item: unknown): number {
    const n = lengthOf(item);
    this._log(`Length is ${n}.`);
    return n;
  }
}

/** Python's seq2str: 'a', 'b' or 'c'. */
function seqToStr(items: string[], lastSeparator: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')}${lastSeparator}${items[items.length - 1]}`;
}

/** Python's unicodedata.normalize('NFC') as Should Be Equal As Strings applies it. */
function nfc(text: string): string {
  return text.normalize('NFC');
}

export function lengthOf(item: unknown): number {
  if (typeof item === 'string' || Array.isArray(item)) return item.length;
  if (isDict(item)) return Object.keys(item).length;
  if (item && typeof item === 'object' && 'length' in item && typeof (item as { length: unknown }).length === 'number') return (item as { length: number }).length;
  throw new RobotError(`Could not get length of '${str(item)}'.`);
}

/** Python's re.match on what is not a string fails: Should Match never compares str() of a number. */
function matchable(value: unknown): void {
  if (typeof value !== 'string' && !(value instanceof Uint8Array)) throw new RobotError(`TypeError: expected string or bytes-like object, got '${pythonTypeName(value)}'`);
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') return container.includes(str(item));
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isDict(container)) return Object.hasOwn(container, str(item));
  throw new RobotError(`TypeError: argument of type '${pythonTypeName(container)}' is not iterable`);
}

function countOf(container: unknown, item: unknown): number {
  if (typeof container === 'string') return item === '' ? container.length + 1 : container.split(str(item)).length - 1;
  if (Array.isArray(container)) return container.filter((x) => pyEquals(x, item)).length;
  throw new RobotError(`Converting '${str(container)}' to list failed: TypeError: '${pythonTypeName(container)}' object is not iterable`);
}

export { PyFloat };
