import { RobotError } from '../robot-error.ts';
import { log } from '../keyword-runner.ts';
import type { RunContext } from '../run-context.ts';
import { isTruthyArg, pyEquals, str } from '../values.ts';
import { Normalizer, deepCopy, inequality, pySorted, reportError, seq2str, validateDict, verify } from './collections-support.ts';

/** The dictionary keywords of Robot's Collections library (the list keywords extend this class). */
export class CollectionsDictionaries {
  constructor(protected readonly _ctx?: RunContext) {}

  protected _log(text: string, level: unknown = 'INFO'): void {
    const l = str(level).toUpperCase();
    if (!['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'].includes(l)) throw new RobotError(`Invalid log level '${str(level)}'.`);
    if (this._ctx) log(this._ctx, text, l as 'INFO');
  }

  convertToDictionary(item: unknown): Record<string, unknown> {
    if (Array.isArray(item)) {
      const out: Record<string, unknown> = {};
      // Python's dict(sequence): each element a pair, a two-character string included.
      item.forEach((element, i) => {
        const pair = typeof element === 'string' ? [...element] : element;
        if (!Array.isArray(pair)) throw new RobotError(`TypeError: cannot convert dictionary update sequence element #${i} to a sequence`);
        if (pair.length !== 2) throw new RobotError(`ValueError: dictionary update sequence element #${i} has length ${pair.length}; 2 is required`);
        out[str(pair[0])] = pair[1];
      });
      return out;
    }
    return { ...validateDict(item) };
  }
  setToDictionary(kwargs: Record<string, unknown>, dictionary: unknown, ...keyValuePairs: unknown[]): Record<string, unknown> {
    const d = validateDict(dictionary);
    if (keyValuePairs.length % 2 !== 0) throw new RobotError('ValueError: Adding data to a dictionary failed. There should be even number of key-value-pairs.');
    for (let i = 0; i < keyValuePairs.length; i += 2) d[str(keyValuePairs[i])] = keyValuePairs[i + 1];
    Object.assign(d, kwargs);
    return d;
  }
  removeFromDictionary(dictionary: unknown, ...keys: unknown[]): void {
    const d = validateDict(dictionary);
    for (const key of keys) {
      const k = str(key);
      if (Object.hasOwn(d, k)) {
        this._log(`Removed item with key '${k}' and value '${str(d[k])}'.`);
        delete d[k];
      } else this._log(`Key '${k}' not found.`);
    }
  }
  popFromDictionary(dictionary: unknown, key: unknown, default_: unknown = NOT_SET): unknown {
    const d = validateDict(dictionary);
    const k = str(key);
    if (!Object.hasOwn(d, k)) {
      if (default_ === NOT_SET) throw new RobotError(`Dictionary does not contain key '${k}'.`);
      return default_;
    }
    const value = d[k];
    delete d[k];
    return value;
  }
  keepInDictionary(dictionary: unknown, ...keys: unknown[]): void {
    const d = validateDict(dictionary);
    const keep = keys.map(str);
    this.removeFromDictionary(d, ...Object.keys(d).filter((k) => !keep.includes(k)));
  }
  copyDictionary(dictionary: unknown, deepcopy: unknown = false): Record<string, unknown> {
    const d = validateDict(dictionary);
    return isTruthyArg(deepcopy) ? deepCopy(d) : { ...d };
  }
  getDictionaryKeys(dictionary: unknown, sort_keys: unknown = true): string[] {
    const keys = Object.keys(validateDict(dictionary));
    return isTruthyArg(sort_keys) ? (pySorted(keys) as string[]) : keys;
  }
  getDictionaryValues(dictionary: unknown, sort_keys: unknown = true): unknown[] {
    const d = validateDict(dictionary);
    return this.getDictionaryKeys(d, sort_keys).map((k) => d[k]);
  }
  getDictionaryItems(dictionary: unknown, sort_keys: unknown = true): unknown[] {
    const d = validateDict(dictionary);
    return this.getDictionaryKeys(d, sort_keys).flatMap((k) => [k, d[k]]);
  }
  getFromDictionary(dictionary: unknown, key: unknown, default_: unknown = NOT_SET): unknown {
    const d = validateDict(dictionary);
    const k = str(key);
    if (Object.hasOwn(d, k)) return d[k];
    if (default_ !== NOT_SET) return default_;
    throw new RobotError(`Dictionary does not contain key '${k}'.`);
  }
  dictionaryShouldContainKey(dictionary: unknown, key: unknown, msg: unknown = undefined, ignore_case: unknown = false): void {
    const norm = new Normalizer(ignore_case);
    const d = norm.normalize(validateDict(dictionary)) as Record<string, unknown>;
    verify(Object.hasOwn(d, str(norm.key(key))), `Dictionary does not contain key '${str(key)}'.`, msg);
  }
  dictionaryShouldNotContainKey(dictionary: unknown, key: unknown, msg: unknown = undefined, ignore_case: unknown = false): void {
    const norm = new Normalizer(ignore_case);
    const d = norm.normalize(validateDict(dictionary)) as Record<string, unknown>;
    verify(!Object.hasOwn(d, str(norm.key(key))), `Dictionary contains key '${str(key)}'.`, msg);
  }
  dictionaryShouldContainItem(dictionary: unknown, key: unknown, value: unknown, msg: unknown = undefined, ignore_case: unknown = false): void {
    this.dictionaryShouldContainKey(dictionary, key, msg, ignore_case);
    const norm = new Normalizer(ignore_case);
    const d = norm.normalize(validateDict(dictionary)) as Record<string, unknown>;
    const problem = inequality(d[str(norm.key(key))], norm.value(value), `Value of dictionary key '${str(key)}' does not match`);
    if (problem) throw new RobotError(msg === undefined || msg === null || msg === '' ? problem : str(msg));
  }
  dictionaryShouldContainValue(dictionary: unknown, value: unknown, msg: unknown = undefined, ignore_case: unknown = false): void {
    const norm = new Normalizer(ignore_case);
    const d = norm.normalize(validateDict(dictionary)) as Record<string, unknown>;
    verify(Object.values(d).some((v) => pyEquals(v, norm.value(value))), `Dictionary does not contain value '${str(value)}'.`, msg);
  }
  dictionaryShouldNotContainValue(dictionary: unknown, value: unknown, msg: unknown = undefined, ignore_case: unknown = false): void {
    const norm = new Normalizer(ignore_case);
    const d = norm.normalize(validateDict(dictionary)) as Record<string, unknown>;
    verify(!Object.values(d).some((v) => pyEquals(v, norm.value(value))), `Dictionary contains value '${str(value)}'.`, msg);
  }
  dictionariesShouldBeEqual(dict1: unknown, dict2: unknown, msg: unknown = undefined, values: unknown = true, ignore_keys: unknown = undefined, ignore_case: unknown = false, ignore_value_order: unknown = false): void {
    validateDict(dict1, 1);
    validateDict(dict2, 2);
    const norm = new Normalizer(ignore_case, ignore_value_order, ignore_keys);
    const a = norm.normalize(dict1) as Record<string, unknown>;
    const b = norm.normalize(dict2) as Record<string, unknown>;
    sameKeys(a, b, msg, values, true);
    sameValues(a, b, msg, values);
  }
  dictionaryShouldContainSubDictionary(dict1: unknown, dict2: unknown, msg: unknown = undefined, values: unknown = true, ignore_case: unknown = false, ignore_value_order: unknown = false): void {
    validateDict(dict1, 1);
    validateDict(dict2, 2);
    const norm = new Normalizer(ignore_case, ignore_value_order);
    const a = norm.normalize(dict1) as Record<string, unknown>;
    const b = norm.normalize(dict2) as Record<string, unknown>;
    sameKeys(a, b, msg, values, false);
    sameValues(a, b, msg, values);
  }
  logDictionary(dictionary: unknown, level: unknown = 'INFO'): void {
    const d = validateDict(dictionary);
    const size = Object.keys(d).length;
    const head = size === 0 ? 'Dictionary is empty.' : size === 1 ? 'Dictionary has one item:' : `Dictionary size is ${size} and it contains following items:`;
    this._log([head, ...this.getDictionaryKeys(d).map((k) => `${k}: ${str(d[k])}`)].join('\n'), level);
  }
}

for (const name of ['popFromDictionary', 'getFromDictionary']) {
  (CollectionsDictionaries.prototype as unknown as Record<string, { robotArgNames?: Record<string, string> }>)[name].robotArgNames = { default_: 'default' };
}

/** Python's NOT_SET sentinel: a default nobody can pass. */
const NOT_SET = Symbol('NOT_SET');

function sameKeys(a: Record<string, unknown>, b: Record<string, unknown>, msg: unknown, values: unknown, both: boolean): void {
  let error = '';
  const missing1 = Object.keys(b).filter((k) => !Object.hasOwn(a, k));
  if (missing1.length) error = `Following keys missing from first dictionary: ${seq2str(missing1)}`;
  if (both) {
    const missing2 = Object.keys(a).filter((k) => !Object.hasOwn(b, k));
    if (missing2.length) error += `\nFollowing keys missing from second dictionary: ${seq2str(missing2)}`;
  }
  if (error) reportError(error.trim(), msg, values);
}

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>, msg: unknown, values: unknown): void {
  const errors = Object.keys(b).flatMap((k) => inequality(a[k], b[k], `Key ${k}`) ?? []);
  if (errors.length) reportError(['Following keys have different values:', ...errors].join('\n'), msg, values);
}
