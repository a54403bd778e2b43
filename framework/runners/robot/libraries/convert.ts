import { RobotError } from '../robot-error.ts';
import { PyFloat, isNumber, num, repr, str } from '../values.ts';

/** Robot's conversions, shared by BuiltIn's Convert To ... and the comparisons that use them. */

export function toInteger(item: unknown, base?: unknown): number {
  if (isNumber(item)) return Math.trunc(num(item));
  if (typeof item === 'boolean') return Number(item);
  let text = str(item).trim().replace(/_/g, '').replace(/\s+/g, '');
  let radix = base === undefined || base === null ? 10 : Number(str(base).replace(/^0?([xob])$/i, (_, c: string) => ({ x: '16', o: '8', b: '2' })[c.toLowerCase() as 'x']));
  const sign = text.startsWith('-') ? -1 : 1;
  text = text.replace(/^[+-]/, '');
  const prefix = /^0([xob])/i.exec(text);
  if (prefix) {
    const r = { x: 16, o: 8, b: 2 }[prefix[1].toLowerCase() as 'x' | 'o' | 'b'];
    if (base === undefined || base === null || radix === r) {
      radix = r;
      text = text.slice(2);
    }
  }
  const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, radix);
  const valid = text !== '' && [...text.toLowerCase()].every((c) => digits.includes(c));
  if (!valid) {
    // Robot accepts a float text with no fraction: '1.0' → 1.
    if (radix === 10 && /^\d+\.0*$/.test(text)) return sign * parseInt(text, 10);
    throw new RobotError(`'${str(item)}' cannot be converted to an integer: ValueError: invalid literal for int() with base ${radix}: ${repr(str(item))}`);
  }
  return sign * parseInt(text, radix);
}

export function toNumber(item: unknown, precision?: unknown): PyFloat {
  let n: number;
  if (isNumber(item)) n = num(item);
  else if (typeof item === 'boolean') n = Number(item);
  else {
    const text = str(item).trim().replace(/_/g, '');
    n = /^[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf|infinity|nan)$/i.test(text) ? Number(text.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity')) : NaN;
    if (Number.isNaN(n) && !/nan/i.test(text)) throw new RobotError(`'${str(item)}' cannot be converted to a floating point number: ValueError: could not convert string to float: ${repr(str(item))}`);
  }
  if (precision !== undefined && precision !== null && str(precision) !== '') {
    n = pyRound(n, toInteger(precision));
  }
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
