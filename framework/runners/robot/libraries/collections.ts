import { RobotError } from '../robot-error.ts';
import { isDict, pyEquals, repr, str } from '../values.ts';
import { globToRegex } from '../control-structures.ts';
import { toInteger } from './convert.ts';

/** The essentials of Robot's Collections library, with its messages. */

function list(value: unknown, name = 'list'): unknown[] {
  if (!Array.isArray(value)) throw new RobotError(`Expected argument '${name}' to be a list or list-like, got ${typeof value === 'string' ? 'string' : typeof value}.`);
  return value;
}

function dict(value: unknown, name = 'dictionary'): Record<string, unknown> {
  if (!isDict(value)) throw new RobotError(`Expected argument '${name}' to be a dictionary or dictionary-like, got ${typeof value}.`);
  return value;
}

function index(l: unknown[], i: unknown): number {
  const n = toInteger(i);
  const at = n < 0 ? l.length + n : n;
  if (at < 0 || at >= l.length) throw new RobotError(`Given index ${n} is out of the range 0-${l.length - 1}.`);
  return at;
}

function listText(l: unknown[]): string {
  return `[ ${l.map(str).join(' | ')} ]`;
}

export class Collections {
  appendToList(list_: unknown, ...values: unknown[]): void {
    list(list_, 'list_').push(...values);
  }
  insertIntoList(list_: unknown, index_: unknown, value: unknown): void {
    const l = list(list_, 'list_');
    const n = toInteger(index_);
    l.splice(n < 0 ? l.length + n : n, 0, value);
  }
  combineLists(...lists: unknown[]): unknown[] {
    return lists.flatMap((l) => list(l));
  }
  copyList(list_: unknown): unknown[] {
    return structuredClone(list(list_, 'list_'));
  }
  copyDictionary(dictionary: unknown): Record<string, unknown> {
    return structuredClone(dict(dictionary));
  }
  getFromList(list_: unknown, index_: unknown): unknown {
    const l = list(list_, 'list_');
    return l[index(l, index_)];
  }
  getSliceFromList(list_: unknown, start: unknown = 0, end: unknown = undefined): unknown[] {
    const l = list(list_, 'list_');
    const s = toInteger(start);
    return l.slice(s, end === undefined || end === null || end === '' ? undefined : toInteger(end));
  }
  getIndexFromList(list_: unknown, value: unknown): number {
    return list(list_, 'list_').findIndex((v) => pyEquals(v, value));
  }
  removeFromList(list_: unknown, index_: unknown): unknown {
    const l = list(list_, 'list_');
    return l.splice(index(l, index_), 1)[0];
  }
  removeValuesFromList(list_: unknown, ...values: unknown[]): void {
    const l = list(list_, 'list_');
    for (let i = l.length - 1; i >= 0; i--) if (values.some((v) => pyEquals(v, l[i]))) l.splice(i, 1);
  }
  removeDuplicates(list_: unknown): unknown[] {
    const out: unknown[] = [];
    for (const v of list(list_, 'list_')) if (!out.some((o) => pyEquals(o, v))) out.push(v);
    return out;
  }
  reverseList(list_: unknown): void {
    list(list_, 'list_').reverse();
  }
  sortList(list_: unknown): void {
    list(list_, 'list_').sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0));
  }
  countValuesInList(list_: unknown, value: unknown): number {
    return list(list_, 'list_').filter((v) => pyEquals(v, value)).length;
  }
  listShouldContainValue(list_: unknown, value: unknown, msg: unknown = undefined): void {
    const l = list(list_, 'list_');
    if (!l.some((v) => pyEquals(v, value))) throw new RobotError(msg !== undefined ? str(msg) : `${listText(l)} does not contain value '${str(value)}'.`);
  }
  listShouldNotContainValue(list_: unknown, value: unknown, msg: unknown = undefined): void {
    const l = list(list_, 'list_');
    if (l.some((v) => pyEquals(v, value))) throw new RobotError(msg !== undefined ? str(msg) : `${listText(l)} contains value '${str(value)}'.`);
  }
  listShouldNotContainDuplicates(list_: unknown, msg: unknown = undefined): void {
    const l = list(list_, 'list_');
    const dupes = l.filter((v, i) => l.findIndex((w) => pyEquals(v, w)) !== i);
    if (dupes.length > 0) throw new RobotError(msg !== undefined ? str(msg) : `${dupes.map((d) => `'${str(d)}'`).join(', ')} found multiple times.`);
  }
  listsShouldBeEqual(list1: unknown, list2: unknown, msg: unknown = undefined, values: unknown = true, names: unknown = undefined, ignore_order: unknown = false): void {
    void values;
    void names;
    let a = list(list1, 'list1');
    let b = list(list2, 'list2');
    if (ignore_order === true || str(ignore_order).toUpperCase() === 'TRUE') {
      a = [...a].sort();
      b = [...b].sort();
    }
    if (a.length !== b.length) throw new RobotError(msg !== undefined ? str(msg) : `Lengths are different: ${a.length} != ${b.length}`);
    const diffs = a.flatMap((v, i) => (pyEquals(v, b[i]) ? [] : [`Index ${i}: ${str(v)} != ${str(b[i])}`]));
    if (diffs.length > 0) throw new RobotError(msg !== undefined ? str(msg) : `Lists are different:\n${diffs.join('\n')}`);
  }
  listShouldContainSubList(list1: unknown, list2: unknown, msg: unknown = undefined): void {
    const a = list(list1, 'list1');
    const missing = list(list2, 'list2').filter((v) => !a.some((w) => pyEquals(v, w)));
    if (missing.length > 0) throw new RobotError(msg !== undefined ? str(msg) : `Following values are missing: ${missing.map((m) => `'${str(m)}'`).join(', ')}`);
  }
  getFromDictionary(dictionary: unknown, key: unknown, default_: unknown = undefined): unknown {
    const d = dict(dictionary);
    const k = str(key);
    if (Object.hasOwn(d, k)) return d[k];
    if (default_ !== undefined) return default_;
    throw new RobotError(`Dictionary does not contain key '${k}'.`);
  }
  setToDictionary(kwargs: Record<string, unknown>, dictionary: unknown, ...keyValuePairs: unknown[]): Record<string, unknown> {
    const d = dict(dictionary);
    Object.assign(d, kwargs);
    if (keyValuePairs.length % 2 !== 0) throw new RobotError('Adding data to a dictionary failed. There should be even number of key-value-pairs.');
    for (let i = 0; i < keyValuePairs.length; i += 2) d[str(keyValuePairs[i])] = keyValuePairs[i + 1];
    return d;
  }
  removeFromDictionary(dictionary: unknown, ...keys: unknown[]): void {
    const d = dict(dictionary);
    for (const k of keys) delete d[str(k)];
  }
  popFromDictionary(dictionary: unknown, key: unknown, default_: unknown = undefined): unknown {
    const value = this.getFromDictionary(dictionary, key, default_);
    delete dict(dictionary)[str(key)];
    return value;
  }
  getDictionaryKeys(dictionary: unknown, sort_keys: unknown = true): string[] {
    const keys = Object.keys(dict(dictionary));
    return sort_keys === false || str(sort_keys).toUpperCase() === 'FALSE' ? keys : keys.sort();
  }
  getDictionaryValues(dictionary: unknown, sort_keys: unknown = true): unknown[] {
    const d = dict(dictionary);
    return this.getDictionaryKeys(d, sort_keys).map((k) => d[k]);
  }
  getDictionaryItems(dictionary: unknown, sort_keys: unknown = true): unknown[] {
    const d = dict(dictionary);
    return this.getDictionaryKeys(d, sort_keys).flatMap((k) => [k, d[k]]);
  }
  dictionaryShouldContainKey(dictionary: unknown, key: unknown, msg: unknown = undefined): void {
    if (!Object.hasOwn(dict(dictionary), str(key))) throw new RobotError(msg !== undefined ? str(msg) : `Dictionary does not contain key '${str(key)}'.`);
  }
  dictionaryShouldNotContainKey(dictionary: unknown, key: unknown, msg: unknown = undefined): void {
    if (Object.hasOwn(dict(dictionary), str(key))) throw new RobotError(msg !== undefined ? str(msg) : `Dictionary contains key '${str(key)}'.`);
  }
  dictionaryShouldContainValue(dictionary: unknown, value: unknown, msg: unknown = undefined): void {
    if (!Object.values(dict(dictionary)).some((v) => pyEquals(v, value))) throw new RobotError(msg !== undefined ? str(msg) : `Dictionary does not contain value '${str(value)}'.`);
  }
  dictionaryShouldContainItem(dictionary: unknown, key: unknown, value: unknown, msg: unknown = undefined): void {
    this.dictionaryShouldContainKey(dictionary, key, msg);
    const actual = dict(dictionary)[str(key)];
    if (!pyEquals(actual, value) && str(actual) !== str(value)) throw new RobotError(msg !== undefined ? str(msg) : `Value of dictionary key '${str(key)}' does not match: ${str(actual)} != ${str(value)}`);
  }
  dictionariesShouldBeEqual(dict1: unknown, dict2: unknown, msg: unknown = undefined): void {
    const a = dict(dict1, 'dict1');
    const b = dict(dict2, 'dict2');
    const missing1 = Object.keys(b).filter((k) => !Object.hasOwn(a, k));
    const missing2 = Object.keys(a).filter((k) => !Object.hasOwn(b, k));
    if (missing1.length || missing2.length) {
      const parts = ['Following keys missing from first dictionary: ' + missing1.join(', '), 'Following keys missing from second dictionary: ' + missing2.join(', ')].filter((_, i) => (i === 0 ? missing1.length : missing2.length));
      throw new RobotError(msg !== undefined ? str(msg) : parts.join('\n'));
    }
    const diffs = Object.keys(a).filter((k) => !pyEquals(a[k], b[k])).map((k) => `Key ${k}: ${str(a[k])} != ${str(b[k])}`);
    if (diffs.length) throw new RobotError(msg !== undefined ? str(msg) : `Following keys have different values:\n${diffs.join('\n')}`);
  }
  shouldContainMatch(list_: unknown, pattern: unknown, msg: unknown = undefined, case_insensitive: unknown = false): void {
    const re = globToRegex(str(pattern), case_insensitive === true || str(case_insensitive).toUpperCase() === 'TRUE' ? 'si' : 's');
    if (!list(list_, 'list_').some((v) => re.test(str(v)))) throw new RobotError(msg !== undefined ? str(msg) : `${repr(list_)} does not contain match for pattern '${str(pattern)}'.`);
  }
  convertToList(item: unknown): unknown[] {
    if (Array.isArray(item)) return [...item];
    if (typeof item === 'string') return [...item];
    if (isDict(item)) return Object.keys(item);
    throw new RobotError(`Cannot convert '${str(item)}' to list.`);
  }
  convertToDictionary(item: unknown): Record<string, unknown> {
    return { ...dict(item, 'item') };
  }
}
