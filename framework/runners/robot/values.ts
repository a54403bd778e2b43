/**
 * How Robot Framework shows values: Python's str() and repr() of the
 * values our keywords pass around, so that messages read as Robot's do
 * ("'a' != 'b'", "Length of '[1, 2]' should be 3 but is 2.").
 *
 * Numbers: Python tells 1 from 1.0 and JavaScript does not. A PyFloat marks
 * a float that came from Convert To Number, ${1.0} or float arithmetic.
 */

export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return formatFloat(this.value);
  }
}

export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return `${n}.0`;
  return String(n);
}

export function isNumber(value: unknown): value is number | PyFloat {
  return typeof value === 'number' || value instanceof PyFloat;
}

export function num(value: unknown): number {
  return value instanceof PyFloat ? value.value : Number(value);
}

/** Python bytes are Uint8Arrays (Node's Buffer is one too). */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/** The body of a bytes repr: printable ASCII as is, the rest escaped (Robot shows bytes in text this way). */
function bytesBody(value: Uint8Array, quote: string): string {
  const esc: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r', 92: '\\\\' };
  return Array.from(value, (b) => esc[b] ?? (b === quote.charCodeAt(0) ? `\\${quote}` : b >= 32 && b < 127 ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
}

export function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PyFloat) && Object.getPrototypeOf(value) === Object.prototype;
}

/** Python's str(). */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : Number.isNaN(value) ? 'nan' : '-inf';
  if (value instanceof PyFloat) return formatFloat(value.value);
  // Robot's safe_str maps each byte to the code point of the same ordinal (latin-1).
  if (isBytes(value)) return String.fromCharCode(...value);
  if (Array.isArray(value) || isDict(value)) return repr(value);
  if (value instanceof Error) return value.message;
  // An object without its own toString (a library instance) shows as Python's default <Name object>, not '[object Object]'.
  if (typeof value === 'object' && (value as object).toString === Object.prototype.toString) return `<${(value as object).constructor?.name ?? 'object'} object>`;
  return String(value);
}

/** What Python's str.isprintable() rejects (control, format, surrogate, private, unassigned, separators but the space): repr escapes them. */
const NON_PRINTABLE = /(?! )[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/gu;

function escapeCodePoint(c: string): string {
  const code = c.codePointAt(0)!;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** Python's repr(). */
export function repr(value: unknown): string {
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const body = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(NON_PRINTABLE, escapeCodePoint);
    return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
  }
  if (isBytes(value)) {
    const quote = value.includes(39) && !value.includes(34) ? '"' : "'";
    return `b${quote}${bytesBody(value, quote)}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (isDict(value)) return `{${Object.entries(value).map(([k, v]) => `${repr(k)}: ${repr(v)}`).join(', ')}}`;
  return str(value);
}

/** Python's truthiness. */
export function truthy(value: unknown): boolean {
  if (value instanceof PyFloat) return value.value !== 0;
  if (Array.isArray(value) || isBytes(value)) return value.length > 0;
  if (isDict(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Robot's type names in "a (string) != a (integer)" messages. */
export function typeName(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (value instanceof PyFloat) return 'float';
  if (typeof value === 'boolean') return 'boolean';
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return 'list';
  if (isBytes(value)) return 'bytes';
  if (isDict(value)) return 'dictionary';
  return typeof value;
}

/** Python equality: deep for lists and dicts, numbers by value, no string-number coercion. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b)) return num(a) === num(b);
  if (typeof a === 'boolean' && isNumber(b)) return Number(a) === num(b);
  if (isNumber(a) && typeof b === 'boolean') return num(a) === Number(b);
  if (isBytes(a) && isBytes(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return a === b;
}

/** Robot's is_truthy for boolean-ish arguments ('False', 'NO', 'OFF', '0', '' and 'NONE' are false). */
export function isTruthyArg(value: unknown): boolean {
  if (typeof value === 'string') return !['FALSE', 'NO', 'OFF', '0', '', 'NONE'].includes(value.toUpperCase());
  return truthy(value);
}
