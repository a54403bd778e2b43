import { evaluateExpression } from './expression.ts';
import { RobotError } from './robot-error.ts';
import { PyFloat, isDict, isNumber, num, str, typeName } from './values.ts';

/**
 * Robot 7.3's typed variables (`${n: int}`, `@{l: float}`, `&{d: str=int}`):
 * the value converted as Robot converts a keyword argument of that type,
 * for the basic types (int, float, bool, str, None, list, dict, Any),
 * `list[T]`, `dict[K, V]` and unions `A | B`. Fails with Robot's
 * "Value 'x' cannot be converted to integer." message.
 */

const NAMES: Record<string, string> = {
  int: 'integer', integer: 'integer', float: 'float', double: 'float', bool: 'boolean', boolean: 'boolean',
  str: 'string', string: 'string', none: 'None', list: 'list', sequence: 'list', dict: 'dictionary', dictionary: 'dictionary', mapping: 'dictionary', any: 'Any',
};

export function convertVariableType(value: unknown, identifier: '$' | '@' | '&', type: string): unknown {
  if (identifier === '@') return convert(value, `list[${type}]`);
  if (identifier === '&') {
    const eq = type.indexOf('=');
    return convert(value, eq < 0 ? `dict[Any, ${type}]` : `dict[${type.slice(0, eq)}, ${type.slice(eq + 1)}]`);
  }
  return convert(value, type);
}

function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '[') depth++;
    if (c === ']') depth--;
    if (c === sep && depth === 0) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out;
}

export function convert(value: unknown, type: string): unknown {
  const union = splitTop(type, '|');
  if (union.length > 1) {
    for (const member of union) {
      try {
        return convert(value, member);
      } catch {
        // Try the next member, as Robot does with unions.
      }
    }
    throw cannot(value, union.join(' or '));
  }
  const generic = /^(\w+)\s*\[([\s\S]*)\]$/.exec(type.trim());
  const base = (generic ? generic[1] : type.trim()).toLowerCase();
  const kind = NAMES[base];
  if (!kind) throw new RobotError(`Unrecognized type '${type.trim()}'.`);
  switch (kind) {
    case 'Any': return value;
    case 'string': return typeof value === 'string' ? value : str(value);
    case 'integer': return toInt(value);
    case 'float': return toFloat(value);
    case 'boolean': return toBool(value);
    case 'None':
      if (value === null || (typeof value === 'string' && value.toUpperCase() === 'NONE')) return null;
      throw cannot(value, 'None');
    case 'list': {
      const list = Array.isArray(value) ? value : literal(value, 'list', Array.isArray);
      return generic ? (list as unknown[]).map((v) => convert(v, generic[2])) : list;
    }
    default: {
      const dict = isDict(value) ? value : literal(value, 'dictionary', isDict);
      if (!generic) return dict;
      const [k, v] = splitTop(generic[2], ',');
      return Object.fromEntries(Object.entries(dict as Record<string, unknown>).map(([key, val]) => [str(convert(key, k)), convert(val, v ?? 'Any')]));
    }
  }
}

function cannot(value: unknown, typeText: string, detail = ''): RobotError {
  const shownType = typeof value === 'string' ? '' : ` (${typeName(value)})`;
  return new RobotError(`Value '${str(value)}'${shownType} cannot be converted to ${typeText}${detail || '.'}`);
}

function literal(value: unknown, typeText: string, ok: (v: unknown) => boolean): unknown {
  if (typeof value !== 'string') throw cannot(value, typeText);
  let parsed: unknown;
  try {
    parsed = evaluateExpression(value);
  } catch {
    throw cannot(value, typeText, ': Invalid expression.');
  }
  if (!ok(parsed)) throw cannot(value, typeText, `: Value is ${typeName(parsed)}, not ${typeText === 'dictionary' ? 'dict' : typeText}.`);
  return parsed;
}

function toInt(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) {
    if (Number.isInteger(value.value)) return value.value;
    throw cannot(value, 'integer', ': Conversion would lose precision.');
  }
  if (typeof value === 'boolean') return Number(value);
  if (typeof value === 'string') {
    const text = value.trim().replace(/_/g, '');
    const radix = /^[+-]?0x/i.test(text) ? 16 : /^[+-]?0o/i.test(text) ? 8 : /^[+-]?0b/i.test(text) ? 2 : 10;
    const digits = radix === 10 ? text : text.replace(/^([+-]?)0[xob]/i, '$1');
    if (radix === 10 && /^[+-]?\d+$/.test(digits)) return Number(digits);
    if (radix !== 10 && /^[+-]?[0-9a-f]+$/i.test(digits)) return parseInt(digits, radix);
    if (radix === 10 && /^[+-]?\d+\.0*$/.test(digits)) return Number(digits);
  }
  throw cannot(value, 'integer');
}

function toFloat(value: unknown): PyFloat {
  if (isNumber(value)) return new PyFloat(num(value));
  if (typeof value === 'string' && /^\s*[+-]?(\d[\d_]*\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf|infinity|nan)\s*$/i.test(value)) {
    return new PyFloat(Number(value.trim().replace(/_/g, '').replace(/^([+-]?)inf(inity)?$/i, '$1Infinity')));
  }
  throw cannot(value, 'float');
}

function toBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (isNumber(value)) return num(value) !== 0;
  if (typeof value === 'string') {
    const upper = value.trim().toUpperCase();
    if (['TRUE', 'YES', 'ON', '1'].includes(upper)) return true;
    if (['FALSE', 'NO', 'OFF', '0', 'NONE', ''].includes(upper)) return false;
  }
  throw cannot(value, 'boolean');
}
