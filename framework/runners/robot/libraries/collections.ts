import { RobotError } from '../robot-error.ts';
import { isBytes, isDict, isTruthyArg, pyEquals, str, typeName } from '../values.ts';
import { CollectionsDictionaries } from './collections-dictionaries.ts';
import { Normalizer, at, contains, deepCopy, indexError, indexToInt, inequality, matchesOf, pySorted, reportError, seq2str, seq2str2, validateList, verify } from './collections-support.ts';

/**
 * Robot Framework 7.3's Collections library: the list keywords and the
 * pattern matching ones here, the dictionary keywords in
 * collections-dictionaries.ts. Results and messages follow Collections.py.
 */
export class Collections extends CollectionsDictionaries {
  convertToList(item: unknown): unknown[] {
    if (Array.isArray(item)) return [...item];
    if (typeof item === 'string') return [...item];
    if (isBytes(item)) return [...item];
    if (isDict(item)) return Object.keys(item);
    if (item instanceof Set) return [...item];
    throw new RobotError(`TypeError: '${pyTypeName(item)}' object is not iterable`);
  }
  appendToList(list_: unknown, ...values: unknown[]): void {
    mutableList(list_, 'append').push(...values);
  }
  insertIntoList(list_: unknown, index: unknown, value: unknown): void {
    const l = mutableList(list_, 'insert');
    let i = indexToInt(index);
    if (i < 0) i = Math.max(0, l.length + i);
    l.splice(Math.min(i, l.length), 0, value);
  }
  combineLists(...lists: unknown[]): unknown[] {
    return lists.flatMap((l, i) => validateList(l, i + 1));
  }
  setListValue(list_: unknown, index: unknown, value: unknown): void {
    const l = listArg(list_);
    const i = at(l, indexToInt(index));
    if (i === undefined) indexError(l, index);
    l[i] = value;
  }
  removeValuesFromList(list_: unknown, ...values: unknown[]): void {
    const l = listArg(list_);
    for (let i = l.length - 1; i >= 0; i--) if (values.some((v) => pyEquals(v, l[i]))) l.splice(i, 1);
  }
  removeFromList(list_: unknown, index: unknown): unknown {
    const l = listArg(list_);
    const i = at(l, indexToInt(index));
    if (i === undefined) indexError(l, index);
    return l.splice(i, 1)[0];
  }
  removeDuplicates(list_: unknown): unknown[] {
    const l = listArg(list_);
    const out: unknown[] = [];
    for (const v of l) if (!contains(out, v)) out.push(v);
    const removed = l.length - out.length;
    this._log(`${removed} duplicate${removed === 1 ? '' : 's'} removed.`);
    return out;
  }
  getFromList(list_: unknown, index: unknown): unknown {
    const l = listArg(list_);
    const i = at(l, indexToInt(index));
    if (i === undefined) indexError(l, index);
    return l[i];
  }
  getSliceFromList(list_: unknown, start: unknown = 0, end: unknown = undefined): unknown[] {
    if (isDict(list_)) throw new RobotError("TypeError: unhashable type: 'slice'");
    const l = listArg(list_);
    const s = indexToInt(start, true);
    const e = end === undefined || end === null ? undefined : indexToInt(end);
    return pySlice(l, s, e);
  }
  countValuesInList(list_: unknown, value: unknown, start: unknown = 0, end: unknown = undefined): number {
    return this.getSliceFromList(listArg(list_), start, end).filter((v) => pyEquals(v, value)).length;
  }
  getIndexFromList(list_: unknown, value: unknown, start: unknown = 0, end: unknown = undefined): number {
    const l = listArg(list_);
    const s = indexToInt(start, true);
    const found = this.getSliceFromList(l, s, end).findIndex((v) => pyEquals(v, value));
    if (found < 0) return -1;
    return (s < 0 ? Math.max(0, l.length + s) : s) + found;
  }
  copyList(list_: unknown, deepcopy: unknown = false): unknown[] {
    const l = listArg(list_);
    return isTruthyArg(deepcopy) ? deepCopy(l) : [...l];
  }
  reverseList(list_: unknown): void {
    mutableList(list_, 'reverse').reverse();
  }
  sortList(list_: unknown): void {
    const l = mutableList(list_, 'sort');
    const sorted = pySorted(l);
    l.splice(0, l.length, ...sorted);
  }
  listShouldContainValue(list_: unknown, value: unknown, msg: unknown = undefined, ignore_case: unknown = false): void {
    const l = listArg(list_);
    const norm = new Normalizer(ignore_case);
    verify(contains(norm.normalize(l) as unknown[], norm.normalize(value)), `${seq2str2(l)} does not contain value '${str(value)}'.`, msg);
  }
  listShouldNotContainValue(list_: unknown, value: unknown, msg: unknown = undefined, ignore_case: unknown = false): void {
    const l = listArg(list_);
    const norm = new Normalizer(ignore_case);
    verify(!contains(norm.normalize(l) as unknown[], norm.normalize(value)), `${seq2str2(l)} contains value '${str(value)}'.`, msg);
  }
  listShouldNotContainDuplicates(list_: unknown, msg: unknown = undefined, ignore_case: unknown = false): void {
    const l = new Normalizer(ignore_case).normalize(listArg(list_)) as unknown[];
    const dupes: unknown[] = [];
    for (const item of l) {
      if (contains(dupes, item)) continue;
      const count = l.filter((v) => pyEquals(v, item)).length;
      if (count > 1) {
        this._log(`'${str(item)}' found ${count} times.`);
        dupes.push(item);
      }
    }
    if (dupes.length) reportError(`${seq2str(dupes)} found multiple times.`, msg);
  }
  listsShouldBeEqual(list1: unknown, list2: unknown, msg: unknown = undefined, values: unknown = true, names: unknown = undefined, ignore_order: unknown = false, ignore_case: unknown = false): void {
    const a = validateList(list1, 1);
    const b = validateList(list2, 2);
    verify(a.length === b.length, `Lengths are different: ${a.length} != ${b.length}`, msg, values);
    const indexNames = nameMapping(names, a.length);
    const norm = new Normalizer(ignore_case, ignore_order);
    const na = norm.normalize(a) as unknown[];
    const nb = norm.normalize(b) as unknown[];
    const diffs = na.flatMap((v, i) => inequality(v, nb[i], `Index ${i}${indexNames.has(i) ? ` (${indexNames.get(i)})` : ''}`) ?? []);
    verify(diffs.length === 0, `Lists are different:\n${diffs.join('\n')}`, msg, values);
  }
  listShouldContainSubList(list1: unknown, list2: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false): void {
    validateList(list1, 1);
    validateList(list2, 2);
    const norm = new Normalizer(ignore_case);
    const a = norm.normalize(validateList(list1)) as unknown[];
    const b = norm.normalize(validateList(list2)) as unknown[];
    const missing = b.filter((v) => !contains(a, v));
    verify(missing.length === 0, `Following values are missing: ${seq2str(missing)}`, msg, values);
  }
  logList(list_: unknown, level: unknown = 'INFO'): void {
    const l = listArg(list_);
    const lines = l.length === 0 ? ['List is empty.'] : l.length === 1 ? [`List has one item:\n${str(l[0])}`] : [`List length is ${l.length} and it contains following items:`, ...l.map((v, i) => `${i}: ${str(v)}`)];
    this._log(lines.join('\n'), level);
  }
  shouldContainMatch(list: unknown, pattern: unknown, msg: unknown = undefined, case_insensitive: unknown = undefined, whitespace_insensitive: unknown = undefined, ignore_case: unknown = false, ignore_whitespace: unknown = false): void {
    const l = validateList(list);
    verify(matchesOf(l, pattern, case_insensitive, whitespace_insensitive, ignore_case, ignore_whitespace).length > 0, `${seq2str2(l)} does not contain match for pattern '${str(pattern)}'.`, msg);
  }
  shouldNotContainMatch(list: unknown, pattern: unknown, msg: unknown = undefined, case_insensitive: unknown = undefined, whitespace_insensitive: unknown = undefined, ignore_case: unknown = false, ignore_whitespace: unknown = false): void {
    const l = validateList(list);
    verify(matchesOf(l, pattern, case_insensitive, whitespace_insensitive, ignore_case, ignore_whitespace).length === 0, `${seq2str2(l)} contains match for pattern '${str(pattern)}'.`, msg);
  }
  getMatches(list: unknown, pattern: unknown, case_insensitive: unknown = undefined, whitespace_insensitive: unknown = undefined, ignore_case: unknown = false, ignore_whitespace: unknown = false): unknown[] {
    return matchesOf(validateList(list), pattern, case_insensitive, whitespace_insensitive, ignore_case, ignore_whitespace);
  }
  getMatchCount(list: unknown, pattern: unknown, case_insensitive: unknown = undefined, whitespace_insensitive: unknown = undefined, ignore_case: unknown = false, ignore_whitespace: unknown = false): number {
    return this.getMatches(list, pattern, case_insensitive, whitespace_insensitive, ignore_case, ignore_whitespace).length;
  }
}

/** The keywords that change a list in place need the list itself, not a copy of a dict's keys. */
/**
 * The list a keyword changes in place. A dictionary passes Robot's list-like
 * check but has no list methods: Python fails with the method's name (as a
 * Robot &{dict} reports it) instead of changing a copy of its keys.
 */
function mutableList(value: unknown, method: string): unknown[] {
  if (isDict(value)) throw new RobotError(`AttributeError: ${method}`);
  return listArg(value);
}

function listArg(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return validateList(value);
}

function pySlice(l: unknown[], start: number, end: number | undefined): unknown[] {
  return l.slice(start, end);
}

function nameMapping(names: unknown, length: number): Map<number, string> {
  const out = new Map<number, string>();
  if (names === undefined || names === null || names === '' || names === false) return out;
  if (isDict(names)) for (const [k, v] of Object.entries(names)) out.set(indexToInt(k), str(v));
  else if (Array.isArray(names)) names.slice(0, length).forEach((n, i) => out.set(i, str(n)));
  return out;
}

function pyTypeName(value: unknown): string {
  return ({ integer: 'int', float: 'float', boolean: 'bool', None: 'NoneType' } as Record<string, string>)[typeName(value)] ?? typeName(value);
}
