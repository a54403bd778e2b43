import { ExpressionError, method } from '../expression.ts';
import { isDict, pyEquals, repr, str } from '../values.ts';
import { pythonTypeName } from './builtin-base.ts';
import { pySorted } from './collections-support.ts';

/**
 * The Python method Call Method calls on a str, list or dict (Robot's
 * `getattr(object, name)(*args)`): the expression evaluator's read-only
 * ones, and the list and dict methods that change the object in place
 * (`Call Method    ${list}    append    x`). Undefined when there is none.
 */
export function pythonMethod(target: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  const own = Array.isArray(target) ? LIST[name] : isDict(target) ? DICT[name] : undefined;
  if (own) return (...args) => own(target as never, ...args);
  if (typeof target !== 'string' && !Array.isArray(target) && !isDict(target)) return undefined;
  try {
    return method(target, name);
  } catch (error) {
    if (error instanceof ExpressionError) return undefined;
    throw error;
  }
}

/** A list index: Python takes an int only (Robot passes Call Method's arguments as they are). */
function index(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error(`TypeError: '${pythonTypeName(value)}' object cannot be interpreted as an integer`);
  return value;
}

type Method<T> = (target: T, ...args: unknown[]) => unknown;

const LIST: Record<string, Method<unknown[]>> = {
  append: (l, x) => void l.push(x),
  extend: (l, xs) => void l.push(...(typeof xs === 'string' ? [...xs] : (xs as unknown[]))),
  insert: (l, i, x) => void l.splice(index(i) < 0 ? Math.max(0, l.length + index(i)) : index(i), 0, x),
  pop: (l, i = -1) => {
    if (l.length === 0) throw new Error('IndexError: pop from empty list');
    const at = index(i) < 0 ? l.length + index(i) : index(i);
    if (at < 0 || at >= l.length) throw new Error('IndexError: pop index out of range');
    return l.splice(at, 1)[0];
  },
  remove: (l, x) => {
    const at = l.findIndex((y) => pyEquals(x, y));
    if (at < 0) throw new Error('ValueError: list.remove(x): x not in list');
    l.splice(at, 1);
  },
  reverse: (l) => void l.reverse(),
  sort: (l) => void l.splice(0, l.length, ...pySorted(l)),
  clear: (l) => void l.splice(0),
};

const DICT: Record<string, Method<Record<string, unknown>>> = {
  update: (d, other) => void Object.assign(d, other),
  pop: (d, k, ...dflt) => {
    const key = str(k);
    if (Object.hasOwn(d, key)) {
      const value = d[key];
      delete d[key];
      return value;
    }
    if (dflt.length > 0) return dflt[0];
    throw new Error(`KeyError: ${repr(k)}`);
  },
  setdefault: (d, k, v = null) => (Object.hasOwn(d, str(k)) ? d[str(k)] : (d[str(k)] = v)),
  clear: (d) => {
    for (const key of Object.keys(d)) delete d[key];
  },
};
