import { evaluateExpression } from './expression.ts';
import { RobotError } from './robot-error.ts';
import { type TypeInfo, typeText, validate } from './type-info.ts';
import { PyFloat, isBytes, isDict, isNumber, num, str, typeName } from './values.ts';

/**
 * Robot 7.3's argument conversion (running/arguments/typeconverters.py)
 * for the types a suite can name without Python: a value already of the
 * type is kept, a string is parsed, a nested type converts each item, a
 * union takes its first member that converts. Failures read as Robot's:
 * "Argument 'x' got value 'a' that cannot be converted to integer.",
 * "Return value '[1]' (list) cannot be converted to float.".
 */

/** A conversion failure, with Robot's ValueError message (empty: none). */
export class ConversionError extends RobotError {}

class Failed extends Error {}

/** Robot's names in "cannot be converted to integer". */
const SHOWN: Record<string, string> = {
  int: 'integer', float: 'float', decimal: 'decimal', bool: 'boolean', str: 'string', bytes: 'bytes', none: 'None', any: 'Any',
  list: 'list', tuple: 'tuple', dict: 'dictionary', set: 'set',
};

/** 'a, b or c' (Robot's seq2str without quotes). */
function orList(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

export function shownTypeName(info: TypeInfo): string {
  if (info.type === 'union') return orList(info.nested!.map(shownTypeName));
  if (info.type === 'literal') return orList(info.nested!.map((n) => n.name));
  return !info.nested && info.type && SHOWN[info.type] ? SHOWN[info.type] : typeText(info);
}

/**
 * Converts `value` to the type; a failure throws a ConversionError naming
 * `kind` ('Argument', 'Return value', "FOR loop variable") and `name`.
 * An unknown type throws "Unrecognized type" before any conversion.
 */
export function convertValue(value: unknown, info: TypeInfo, name?: string, kind = 'Argument'): unknown {
  validate(info);
  try {
    return convert(value, info, name, kind);
  } catch (error) {
    if (error instanceof Failed) throw new ConversionError(error.message);
    throw error;
  }
}

/** convertValue, its failure worded as the statement that converts words it ("ValueError: ...", "Setting variable ... failed: ..."). */
export function convertWorded(value: unknown, info: TypeInfo, wrap: (message: string) => string, name?: string, kind?: string): unknown {
  try {
    return convertValue(value, info, name, kind);
  } catch (error) {
    if (error instanceof ConversionError) throw new RobotError(wrap(error.message));
    throw error;
  }
}

/** True when `value` already is of the type (Robot's no_conversion_needed). */
export function isOfType(value: unknown, info: TypeInfo): boolean {
  const items = (values: unknown[], i = 0) => values.every((v) => isOfType(v, info.nested![i]));
  switch (info.type) {
    case 'any': return true;
    case 'union': return info.nested!.some((n) => isOfType(value, n));
    case 'literal': return info.nested!.some((n) => n.value === value);
    case 'str': return typeof value === 'string';
    // Python's bool is an int.
    case 'int': return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean';
    case 'float': return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
    case 'bool': return typeof value === 'boolean';
    case 'bytes': return isBytes(value);
    case 'none': return value === null || value === undefined;
    case 'list': case 'set': return Array.isArray(value) && (!info.nested || items(value));
    case 'tuple': {
      if (!Array.isArray(value)) return false;
      if (!info.nested || info.nested.at(-1)?.type === 'ellipsis') return !info.nested || items(value);
      return value.length === info.nested.length && value.every((v, i) => isOfType(v, info.nested![i]));
    }
    case 'dict':
      return isDict(value) && (!info.nested || Object.entries(value).every(([k, v]) => isOfType(k, info.nested![0]) && isOfType(v, info.nested![1])));
    default: return false;
  }
}

function convert(value: unknown, info: TypeInfo, name: string | undefined, kind: string): unknown {
  if (isOfType(value, info)) return value;
  try {
    return typeof value === 'string' ? fromString(value, info) : fromOther(value, info);
  } catch (error) {
    if (!(error instanceof Failed)) throw error;
    const shownType = typeof value === 'string' ? '' : ` (${typeName(value)})`;
    const ending = error.message ? `: ${error.message}` : '.';
    const cannot = `cannot be converted to ${shownTypeName(info)}${ending}`;
    throw new Failed(name === undefined ? `${kind} '${str(value)}'${shownType} ${cannot}` : `${kind} '${name}' got value '${str(value)}'${shownType} that ${cannot}`);
  }
}

function fromOther(value: unknown, info: TypeInfo): unknown {
  switch (info.type) {
    case 'str': return str(value);
    case 'bool':
      if (isNumber(value) || value === null || value === undefined) return value;
      break;
    case 'int':
      if (value instanceof PyFloat || typeof value === 'number') {
        if (Number.isInteger(num(value))) return num(value);
        throw new Failed('Conversion would lose precision.');
      }
      break;
    case 'float':
      if (isNumber(value) || typeof value === 'boolean') return new PyFloat(Number(num(value)));
      break;
    // Python's Decimal has no value here: a decimal is kept as a float.
    case 'decimal':
      if (isNumber(value)) return new PyFloat(num(value));
      break;
    case 'list': case 'tuple': case 'set':
      if (Array.isArray(value)) return items(value, info);
      break;
    case 'dict':
      if (isDict(value)) return entries(value, info);
      break;
    case 'union': case 'literal': return fromString(value as string, info);
  }
  throw new Failed();
}

function fromString(value: string, info: TypeInfo): unknown {
  switch (info.type) {
    case 'str': return value;
    case 'bool': {
      const upper = value.toUpperCase();
      if (upper === 'NONE') return null;
      if (['TRUE', 'YES', 'ON', '1'].includes(upper)) return true;
      if (['FALSE', 'NO', 'OFF', '0', ''].includes(upper)) return false;
      return value;
    }
    case 'int': return toInt(value);
    case 'float': case 'decimal': {
      const text = withoutSeparators(value).trim();
      if (!/^[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf|infinity|nan)$/i.test(text)) throw new Failed();
      return new PyFloat(Number(text.replace(/inf(inity)?$/i, 'Infinity')));
    }
    case 'bytes': {
      const bad = [...value].find((c) => c.codePointAt(0)! > 255);
      if (bad) throw new Failed(`Character '${bad}' cannot be mapped to a byte.`);
      return Uint8Array.from(value, (c) => c.charCodeAt(0));
    }
    case 'none':
      if (value.toUpperCase() === 'NONE') return null;
      throw new Failed();
    case 'list': case 'tuple': case 'set': return items(literal(value, info.type === 'set' ? 'set' : info.type, Array.isArray) as unknown[], info);
    case 'dict': return entries(literal(value, 'dict', isDict) as Record<string, unknown>, info);
    case 'union':
      for (const member of info.nested!) {
        try {
          return convert(value, member, undefined, 'Argument');
        } catch (error) {
          if (!(error instanceof Failed)) throw error;
        }
      }
      throw new Failed();
    case 'literal': return toLiteral(value, info);
  }
  throw new Failed();
}

function withoutSeparators(value: string): string {
  return value.replace(/[ _]/g, '');
}

/** Python's int(value, base) after Robot strips separators and reads a 0x/0o/0b prefix; '1.0' and '1e3' are integers too. */
function toInt(value: string): number {
  const text = withoutSeparators(value).trim().toLowerCase();
  const m = /^([+-]?)0([xob])([0-9a-f]+)$/.exec(text);
  if (m) {
    const radix = { x: 16, o: 8, b: 2 }[m[2] as 'x'];
    if ([...m[3]].every((c) => parseInt(c, 16) < radix)) return (m[1] === '-' ? -1 : 1) * parseInt(m[3], radix);
    throw new Failed();
  }
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) {
    const n = Number(text);
    if (Number.isInteger(n)) return n;
    throw new Failed('Conversion would lose precision.');
  }
  throw new Failed();
}

/** Python's ast.literal_eval of a list or dict, with Robot's errors. */
function literal(value: string, expected: string, ok: (v: unknown) => boolean): unknown {
  let parsed: unknown;
  try {
    parsed = evaluateExpression(value);
  } catch {
    throw new Failed('Invalid expression.');
  }
  if (!ok(parsed)) throw new Failed(`Value is ${typeName(parsed)}, not ${expected}.`);
  return parsed;
}

function items(values: unknown[], info: TypeInfo): unknown[] {
  if (!info.nested) return [...values];
  const nested = info.nested;
  if (info.type === 'tuple' && nested.at(-1)?.type !== 'ellipsis') {
    if (values.length !== nested.length) throw new Failed(`Expected ${nested.length} item${nested.length === 1 ? '' : 's'}, got ${values.length}.`);
    return values.map((v, i) => convert(v, nested[i], String(i), 'Item'));
  }
  const converted = values.map((v, i) => convert(v, nested[0], info.type === 'set' ? undefined : String(i), 'Item'));
  return info.type === 'set' ? [...new Set(converted)] : converted;
}

function entries(dict: Record<string, unknown>, info: TypeInfo): Record<string, unknown> {
  if (!info.nested) return { ...dict };
  const [key, value] = info.nested;
  // Keys stay strings here (JavaScript objects), but still convert as Robot converts them: a bad key fails.
  return Object.fromEntries(Object.entries(dict).map(([k, v]) => [str(convert(k, key, undefined, 'Key')), convert(v, value, k, 'Item')]));
}

/** The literal member the value matches: itself, or after converting to the member's type (strings case- and _- insensitively). */
function toLiteral(value: unknown, info: TypeInfo): unknown {
  const matches: unknown[] = [];
  for (const member of info.nested!) {
    if (member.value === value) return member.value;
    let converted: unknown;
    try {
      converted = convert(value, { name: member.type!, type: member.type }, undefined, 'Argument');
    } catch (error) {
      if (error instanceof Failed) continue;
      throw error;
    }
    const norm = (s: string) => s.toLowerCase().replace(/[\s_-]/g, '');
    if (typeof member.value === 'string' ? typeof converted === 'string' && norm(converted) === norm(member.value) : converted === member.value) matches.push(member.value);
  }
  if (matches.length === 1) return matches[0];
  throw new Failed(matches.length ? 'No unique match found.' : '');
}

