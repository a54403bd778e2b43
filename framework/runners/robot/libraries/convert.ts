import { RobotError } from '../robot-error.ts';
import { PyFloat, isNumber, num, repr, str } from '../values.ts';
import { pythonTypeName } from './builtin-base.ts';

/** Robot's conversions, shared by BuiltIn's Convert To ... and the comparisons that use them. */

/** Robot's _convert_to_integer: Python's int() after Robot's normalising (no spaces, lower case) and 0b/0o/0x prefixes. */
export function toInteger(item: unknown, base?: unknown): number {
  try {
    return pythonInt(item, base);
  } catch (error) {
    throw new RobotError(`'${str(item)}' cannot be converted to an integer: ${(error as Error).message}`);
  }
}

const PREFIXES: Record<string, number> = { '0b': 2, '0o': 8, '0x': 16 };

function pythonInt(value: unknown, base: unknown): number {
  // Python's int() reads bytes as their ASCII text.
  const item = value instanceof Uint8Array ? str(value) : value;
  if (isNumber(item)) return Math.trunc(num(item));
  if (typeof item === 'boolean') return Number(item);
  if (typeof item !== 'string') throw new Error(`TypeError: int() argument must be a string, a bytes-like object or a real number, not '${pythonTypeName(item)}'`);
  let text = item.toLowerCase().replace(/\s+/g, '');
  const sign = /^[+-]/.test(text) ? text[0] : '';
  text = text.slice(sign.length);
  const given = base !== undefined && base !== null && base !== '' && base !== 0;
  let radix = given ? toInteger(base) : 10;
  if (radix < 2 || radix > 36) throw new Error('ValueError: int() base must be >= 2 and <= 36, or 0');
  const prefix = PREFIXES[text.slice(0, 2)];
  if (!given && prefix) {
    radix = prefix;
    text = text.slice(2);
  } else if (prefix === radix) text = text.slice(2);
  const digit = `[${'0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix)}]`;
  if (!new RegExp(`^${digit}+(_${digit}+)*$`).test(text)) {
    throw new Error(`ValueError: invalid literal for int() with base ${radix}: ${repr(sign + (given || !prefix ? item.toLowerCase().replace(/\s+/g, '').slice(sign.length) : text))}`);
  }
  return (sign === '-' ? -1 : 1) * parseInt(text.replace(/_/g, ''), radix);
}

/** Robot's _convert_to_number: Python's float(), else an integer (0x10 is 16.0), rounded with Python's round() to `precision`. */
export function toNumber(item: unknown, precision?: unknown): PyFloat {
  let n: number;
  if (isNumber(item)) n = num(item);
  else if (typeof item === 'boolean') n = Number(item);
  else if (typeof item !== 'string' && !(item instanceof Uint8Array)) {
    throw new RobotError(`'${str(item)}' cannot be converted to a floating point number: TypeError: float() argument must be a string or a real number, not '${pythonTypeName(item)}'`);
  } else {
    const text = str(item).trim();
    const valid = /^[+-]?((\d(_?\d)*)?\.?\d(_?\d)*([e][+-]?\d(_?\d)*)?|\d(_?\d)*\.|inf|infinity|nan)$/i.test(text);
    if (valid) n = Number(text.replace(/_/g, '').replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
    else {
      try {
        n = pythonInt(item, undefined);
      } catch {
        throw new RobotError(`'${str(item)}' cannot be converted to a floating point number: ValueError: could not convert string to float: ${repr(item)}`);
      }
    }
  }
  if (precision !== undefined && precision !== null && str(precision) !== '') n = pyRound(n, toInteger(precision));
  return new PyFloat(n);
}

export function toBoolean(item: unknown): boolean {
  if (typeof item === 'string') {
    if (item.trim().toUpperCase() === 'TRUE') return true;
    if (item.trim().toUpperCase() === 'FALSE') return false;
    return item !== '';
  }
  if (item instanceof PyFloat) return item.value !== 0;
  if (Array.isArray(item)) return item.length > 0;
  if (item && typeof item === 'object') return Object.keys(item).length > 0;
  return Boolean(item);
}

/**
 * Python's round(x, ndigits): the exact binary value rounded to `ndigits`
 * decimals, an exact tie to the even neighbour ("banker's rounding", so
 * round(145, -1) is 140), read back as the nearest float.
 */
export function pyRound(x: number, ndigits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const [numerator, denominator] = exactRatio(Math.abs(x));
  const scale = 10n ** BigInt(Math.abs(ndigits));
  const top = ndigits >= 0 ? numerator * scale : numerator;
  const bottom = ndigits >= 0 ? denominator : denominator * scale;
  let q = top / bottom;
  const twice = 2n * (top % bottom);
  if (twice > bottom || (twice === bottom && q % 2n === 1n)) q += 1n;
  return Math.sign(x) * Number(`${q}e${-ndigits}`);
}

/** A finite double as numerator / 2^k, exactly. */
function exactRatio(x: number): [bigint, bigint] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exponent = -1074;
  if (exponentBits !== 0) {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }
  return exponent >= 0 ? [mantissa << BigInt(exponent), 1n] : [mantissa, 1n << BigInt(-exponent)];
}
