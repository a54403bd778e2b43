import { RobotError } from './robot-error.ts';
import { PyFloat, isBytes, isDict, isNumber, num, repr, str, typeName } from './values.ts';

/**
 * Python's str.format() for String's `Format String`: `{}` / `{0}` /
 * `{name}` fields with `.attr` and `[key]` access, `!r`/`!s`/`!a`
 * conversions and the format-spec mini-language (fill, align, sign, `#`,
 * `0`, width, grouping, precision and the s/d/b/o/x/X/c/e/f/g/% types),
 * with nested fields in the spec (`{0:{width}}`). Errors read as Python's.
 */

export function pythonFormat(template: string, positional: unknown[], named: Record<string, unknown>): string {
  const auto = { next: 0, manual: false, used: false };
  return formatInto(template, positional, named, auto, 2);
}

type Auto = { next: number; manual: boolean; used: boolean };

function formatInto(template: string, positional: unknown[], named: Record<string, unknown>, auto: Auto, depth: number): string {
  if (depth < 0) throw new RobotError('ValueError: Max string recursion exceeded');
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '}') {
      if (template[i + 1] !== '}') throw new RobotError("ValueError: Single '}' encountered in format string");
      out += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    // A field ends at the '}' that balances its '{' (specs may nest fields).
    let level = 1;
    let j = i + 1;
    for (; j < template.length && level > 0; j++) {
      if (template[j] === '{') level++;
      else if (template[j] === '}') level--;
    }
    if (level > 0) throw new RobotError("ValueError: expected '}' before end of string");
    out += formatField(template.slice(i + 1, j - 1), positional, named, auto, depth);
    i = j;
  }
  return out;
}

function formatField(field: string, positional: unknown[], named: Record<string, unknown>, auto: Auto, depth: number): string {
  const m = /^([^!:]*)(?:!([^:]*))?(?::([\s\S]*))?$/.exec(field)!;
  const [, name, conversion, rawSpec] = m;
  let value = lookupField(name, positional, named, auto);
  if (conversion !== undefined) {
    if (conversion === 'r' || conversion === 'a') value = repr(value);
    else if (conversion === 's') value = str(value);
    else throw new RobotError(`ValueError: Unknown conversion specifier ${conversion}`);
  }
  const spec = rawSpec === undefined ? '' : formatInto(rawSpec, positional, named, auto, depth - 1);
  return formatValue(value, spec);
}

function lookupField(name: string, positional: unknown[], named: Record<string, unknown>, auto: Auto): unknown {
  const first = /^[^.[]*/.exec(name)![0];
  let value: unknown;
  if (first === '') {
    if (auto.manual) throw new RobotError('ValueError: cannot switch from manual field specification to automatic field numbering');
    auto.used = true;
    const at = auto.next++;
    if (at >= positional.length) throw new RobotError(`IndexError: Replacement index ${at} out of range for positional args tuple`);
    value = positional[at];
  } else if (/^\d+$/.test(first)) {
    if (auto.used) throw new RobotError('ValueError: cannot switch from automatic field numbering to manual field specification');
    auto.manual = true;
    const at = Number(first);
    if (at >= positional.length) throw new RobotError(`IndexError: Replacement index ${at} out of range for positional args tuple`);
    value = positional[at];
  } else {
    if (!Object.hasOwn(named, first)) throw new RobotError(`KeyError: '${first}'`);
    value = named[first];
  }
  const rest = name.slice(first.length);
  const access = /\.([^.[]+)|\[([^\]]+)\]/g;
  let matched = 0;
  for (let a = access.exec(rest); a; a = access.exec(rest)) {
    matched += a[0].length;
    const key = a[1] ?? a[2];
    if (isDict(value) && Object.hasOwn(value, key)) value = value[key];
    else if (a[2] !== undefined && (Array.isArray(value) || typeof value === 'string') && /^\d+$/.test(key)) {
      if (Number(key) >= value.length) throw new RobotError(`IndexError: ${Array.isArray(value) ? 'list' : 'string'} index out of range`);
      value = value[Number(key)];
    } else if (a[1] !== undefined) throw new RobotError(`AttributeError: '${pyTypeName(value)}' object has no attribute '${key}'`);
    else throw new RobotError(`KeyError: '${key}'`);
  }
  if (matched !== rest.length) throw new RobotError('ValueError: Only \'.\' or \'[\' may follow \']\' in format field specifier');
  return value;
}

function pyTypeName(value: unknown): string {
  return ({ string: 'str', integer: 'int', float: 'float', boolean: 'bool', None: 'NoneType', list: 'list', dictionary: 'dict' } as Record<string, string>)[typeName(value)] ?? typeName(value);
}

interface Spec {
  fill: string;
  align?: string;
  sign: string;
  alt: boolean;
  width: number;
  grouping: string;
  precision?: number;
  type: string;
}

function parseSpec(spec: string): Spec {
  const m = /^(?:([\s\S])?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (!m) throw new RobotError('ValueError: Invalid format specifier');
  const zero = m[6] !== undefined;
  return {
    fill: m[1] ?? (zero && !m[2] ? '0' : ' '),
    align: m[2] ?? (zero ? '=' : undefined),
    sign: m[3] ?? '-',
    alt: m[5] !== undefined,
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8] ?? '',
    precision: m[9] !== undefined ? Number(m[9]) : undefined,
    type: m[10] ?? '',
  };
}

export function formatValue(value: unknown, specText: string): string {
  if (specText === '') return str(value);
  const spec = parseSpec(specText);
  const isInt = typeof value === 'number' && Number.isInteger(value);
  const numeric = isNumber(value) || typeof value === 'boolean';
  if (!numeric || (typeof value === 'boolean' && spec.type === '')) {
    if (spec.type !== '' && spec.type !== 's') throw new RobotError(`ValueError: Unknown format code '${spec.type}' for object of type '${pyTypeName(value)}'`);
    if (spec.sign !== '-' || spec.align === '=') throw new RobotError(`ValueError: Sign not allowed in string format specifier`);
    let text = isBytes(value) ? repr(value) : str(value);
    if (spec.precision !== undefined) text = [...text].slice(0, spec.precision).join('');
    return pad(text, '', spec, '<');
  }
  const n = typeof value === 'boolean' ? Number(value) : num(value);
  const intType = 'bcdoxXn'.includes(spec.type) && spec.type !== '';
  if (intType && !isInt && typeof value !== 'boolean') throw new RobotError(`ValueError: Unknown format code '${spec.type}' for object of type 'float'`);
  const negative = n < 0 || Object.is(n, -0);
  const abs = Math.abs(n);
  let body: string;
  let prefix = '';
  switch (spec.type) {
    case 'b': body = abs.toString(2); prefix = spec.alt ? '0b' : ''; break;
    case 'o': body = abs.toString(8); prefix = spec.alt ? '0o' : ''; break;
    case 'x': body = abs.toString(16); prefix = spec.alt ? '0x' : ''; break;
    case 'X': body = abs.toString(16).toUpperCase(); prefix = spec.alt ? '0X' : ''; break;
    case 'c': return pad(String.fromCodePoint(n), '', spec, '<');
    case 'd': case 'n': body = group(String(abs), spec.grouping); break;
    case 'e': case 'E': body = exponent(abs, spec.precision ?? 6, spec.type); break;
    case 'f': case 'F': body = fixed(abs, spec.precision ?? 6, spec.grouping); break;
    case '%': body = `${fixed(abs * 100, spec.precision ?? 6, spec.grouping)}%`; break;
    case 'g': case 'G': body = general(abs, spec.precision ?? 6, spec.alt, spec.type); break;
    default:
      if (isInt || typeof value === 'boolean') body = group(String(abs), spec.grouping);
      else if (spec.precision !== undefined) body = general(abs, spec.precision, spec.alt, 'g', true);
      else body = group(str(new PyFloat(abs)), spec.grouping);
  }
  if (!Number.isFinite(n)) body = Number.isNaN(n) ? 'nan' : 'inf';
  const sign = negative && !Number.isNaN(n) ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  return pad(body, sign + prefix, spec, '>');
}

function pad(body: string, prefix: string, spec: Spec, defaultAlign: string): string {
  const length = [...prefix].length + [...body].length;
  const missing = Math.max(0, spec.width - length);
  const fill = spec.fill.repeat(missing);
  switch (spec.align ?? defaultAlign) {
    case '<': return prefix + body + fill;
    case '>': return fill + prefix + body;
    case '=': return prefix + fill + body;
    default: {
      const left = spec.fill.repeat(Math.floor(missing / 2));
      return left + prefix + body + spec.fill.repeat(missing - Math.floor(missing / 2));
    }
  }
}

function group(digits: string, separator: string): string {
  if (!separator) return digits;
  const [whole, fraction] = digits.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

function fixed(abs: number, precision: number, grouping: string): string {
  return group(abs.toFixed(precision), grouping);
}

function exponent(abs: number, precision: number, type: string): string {
  const [mantissa, exp] = abs.toExponential(precision).split('e');
  const e = Number(exp);
  const text = `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return type === 'E' ? text.toUpperCase() : text;
}

/** Python's 'g': fixed or scientific by the exponent, trailing zeros dropped (kept with '#'). */
function general(abs: number, precision: number, alt: boolean, type: string, noType = false): string {
  const p = precision === 0 ? 1 : precision;
  if (abs === 0) return noType ? '0.0' : alt ? `0.${'0'.repeat(p - 1)}` : '0';
  const exp = Number(abs.toExponential(p - 1).split('e')[1]);
  let text: string;
  if (exp >= -4 && exp < p) {
    text = abs.toFixed(Math.max(0, p - 1 - exp));
    if (!alt && text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, noType ? '.0' : '');
  } else {
    text = exponent(abs, p - 1, 'e');
    if (!alt) text = text.replace(/\.?0+e/, 'e');
  }
  return type === 'G' ? text.toUpperCase() : text;
}
