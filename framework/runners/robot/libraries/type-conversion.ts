import { ExpressionError, evaluateExpression } from '../expression.ts';
import { RobotError } from '../robot-error.ts';
import { PyFloat, isDict, isNumber, num, repr, str } from '../values.ts';

/**
 * Robot's argument conversion for a type hint given as text ('int',
 * 'list[int|str]', 'Literal["a", "b"]') or as a type from an expression
 * (`${{str}}`), as Should Be Equal's `type` and `types` use it (Robot 7.3).
 * Only the types a suite can name without Python are known; any other name
 * is Robot's "Unrecognized type".
 */

interface TypeHint {
  name: string;
  /** Parameters: list[int] → [int]; Literal's values are `literals`. */
  args: TypeHint[];
  /** `a|b`: the members. */
  union?: TypeHint[];
  literals?: unknown[];
}

const ALIASES: Record<string, string> = {
  int: 'int', integer: 'int', float: 'float', double: 'float', decimal: 'decimal', bool: 'bool', boolean: 'bool',
  str: 'str', string: 'str', list: 'list', sequence: 'list', tuple: 'tuple', dict: 'dict', dictionary: 'dict', mapping: 'dict',
  set: 'set', none: 'none', nonetype: 'none', any: 'any', object: 'any',
};

/** Robot's names in "cannot be converted to integer". */
const SHOWN: Record<string, string> = {
  int: 'integer', float: 'float', decimal: 'decimal', bool: 'boolean', str: 'string', list: 'list', tuple: 'tuple', dict: 'dictionary', set: 'set', none: 'None', any: 'Any',
};

/** The expression evaluator's builtins `str`, `int` ...: `type=${{str}}` passes one of them. */
let builtinTypes: Map<unknown, string> | undefined;
function typeOfBuiltin(value: unknown): string | undefined {
  builtinTypes ??= new Map(['str', 'int', 'float', 'bool', 'list', 'dict', 'tuple', 'set'].map((n) => [evaluateExpression(n), n]));
  return builtinTypes.get(value);
}

export function parseTypeHint(hint: unknown): TypeHint {
  if (typeof hint !== 'string') {
    const name = typeOfBuiltin(hint);
    if (!name) throw new RobotError(`TypeError: Unrecognized type '${str(hint)}'.`);
    return { name, args: [] };
  }
  const parser = new HintParser(hint);
  const parsed = parser.union();
  if (!parser.done()) throw new RobotError(`TypeError: Unrecognized type '${hint}'.`);
  return parsed;
}

class HintParser {
  private at = 0;
  constructor(private readonly text: string) {}
  done(): boolean {
    this.skip();
    return this.at >= this.text.length;
  }
  private skip(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++;
  }
  private eat(c: string): boolean {
    this.skip();
    if (this.text[this.at] !== c) return false;
    this.at++;
    return true;
  }
  union(): TypeHint {
    const members = [this.single()];
    while (this.eat('|')) members.push(this.single());
    return members.length === 1 ? members[0] : { name: 'union', args: [], union: members };
  }
  private single(): TypeHint {
    this.skip();
    const m = /^[A-Za-z_][\w.]*/.exec(this.text.slice(this.at));
    if (!m) throw new RobotError(`TypeError: Unrecognized type '${this.text}'.`);
    this.at += m[0].length;
    const raw = m[0].replace(/^(typing|collections\.abc)\./, '');
    if (raw.toLowerCase() === 'literal') {
      if (!this.eat('[')) throw new RobotError(`TypeError: Unrecognized type '${this.text}'.`);
      const close = this.text.lastIndexOf(']');
      const body = this.text.slice(this.at, close);
      this.at = close + 1;
      let literals: unknown;
      try {
        literals = evaluateExpression(`[${body}]`);
      } catch {
        throw new RobotError(`TypeError: Unrecognized type '${this.text}'.`);
      }
      return { name: 'literal', args: [], literals: literals as unknown[] };
    }
    const name = ALIASES[raw.toLowerCase()];
    if (!name) throw new RobotError(`TypeError: Unrecognized type '${raw}'.`);
    const args: TypeHint[] = [];
    if (this.eat('[')) {
      do args.push(this.union());
      while (this.eat(','));
      if (!this.eat(']')) throw new RobotError(`TypeError: Unrecognized type '${this.text}'.`);
    }
    return { name, args };
  }
}

/** True when `value` already is of the type (Robot's no_conversion_needed). */
export function matchesType(value: unknown, hint: TypeHint): boolean {
  switch (hint.name) {
    case 'union': return hint.union!.some((m) => matchesType(value, m));
    case 'any': return true;
    case 'int': return typeof value === 'number' && Number.isInteger(value);
    case 'float': return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
    case 'decimal': return false;
    case 'bool': return typeof value === 'boolean';
    case 'str': return typeof value === 'string';
    case 'none': return value === null || value === undefined;
    case 'literal': return hint.literals!.some((l) => l === value);
    case 'list': case 'tuple': case 'set':
      return Array.isArray(value) && (hint.args.length === 0 || value.every((v, i) => matchesType(v, hint.name === 'tuple' && hint.args.length > 1 ? hint.args[i] ?? hint.args[0] : hint.args[0])));
    case 'dict':
      return isDict(value) && (hint.args.length < 2 || Object.values(value).every((v) => matchesType(v, hint.args[1])));
    default: return false;
  }
}

class ConversionFailed extends Error {}

/** Converts `value` to the type, or throws Robot's "Argument 'x' got value ... that cannot be converted to ...". */
export function convertToType(value: unknown, hint: TypeHint, argument: string): unknown {
  try {
    return convert(value, hint);
  } catch (error) {
    if (!(error instanceof ConversionFailed)) throw error;
    throw new RobotError(`ValueError: Argument '${argument}' got value ${repr(value)} that cannot be converted to ${shownName(hint)}.`);
  }
}

function shownName(hint: TypeHint): string {
  if (hint.name === 'union') {
    const names = hint.union!.map(shownName);
    return names.length === 2 ? names.join(' or ') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  }
  if (hint.name === 'literal') return hint.literals!.map(repr).join(', ').replace(/, ([^,]*)$/, ' or $1');
  const base = SHOWN[hint.name] ?? hint.name;
  return hint.args.length ? `${base}[${hint.args.map(hintText).join(', ')}]` : base;
}

function hintText(hint: TypeHint): string {
  if (hint.name === 'union') return hint.union!.map(hintText).join(' | ');
  return hint.args.length ? `${hint.name}[${hint.args.map(hintText).join(', ')}]` : hint.name;
}

function literalValue(text: string): unknown {
  try {
    return evaluateExpression(text);
  } catch (error) {
    if (error instanceof ExpressionError) throw new ConversionFailed();
    throw error;
  }
}

function convert(value: unknown, hint: TypeHint): unknown {
  if (matchesType(value, hint) && hint.args.length === 0) return value;
  switch (hint.name) {
    case 'union': {
      if (hint.union!.some((m) => matchesType(value, m))) return value;
      for (const member of hint.union!) {
        try {
          return convert(value, member);
        } catch (error) {
          if (!(error instanceof ConversionFailed)) throw error;
        }
      }
      throw new ConversionFailed();
    }
    case 'any': return value;
    case 'int': {
      if (isNumber(value) && Number.isInteger(num(value))) return num(value);
      if (typeof value !== 'string') throw new ConversionFailed();
      const text = value.trim().replace(/_/g, '');
      const m = /^([+-]?)(0[xob])?([0-9a-f]+)$/i.exec(text);
      if (m) {
        const radix = m[2] ? { x: 16, o: 8, b: 2 }[m[2][1].toLowerCase() as 'x'] : 10;
        const n = parseInt(m[3], radix);
        if (!Number.isNaN(n) && [...m[3].toLowerCase()].every((c) => parseInt(c, 36) < radix)) return m[1] === '-' ? -n : n;
      }
      if (/^[+-]?\d+\.0*$/.test(text)) return Math.trunc(Number(text));
      throw new ConversionFailed();
    }
    case 'float': case 'decimal': {
      if (isNumber(value)) return new PyFloat(num(value));
      if (typeof value !== 'string' || !/^\s*[+-]?(\d[\d_]*\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf|nan)\s*$/i.test(value)) throw new ConversionFailed();
      return new PyFloat(Number(value.trim().replace(/_/g, '').replace(/inf$/i, 'Infinity')));
    }
    case 'bool': {
      if (typeof value === 'string') {
        const upper = value.trim().toUpperCase();
        if (['TRUE', 'YES', 'ON', '1'].includes(upper)) return true;
        if (['FALSE', 'NO', 'OFF', '0', 'NONE', ''].includes(upper)) return false;
        return value;
      }
      if (isNumber(value)) return num(value) !== 0;
      throw new ConversionFailed();
    }
    case 'str': return str(value);
    case 'none': {
      if (typeof value === 'string' && value.trim().toUpperCase() === 'NONE') return null;
      throw new ConversionFailed();
    }
    case 'literal': {
      for (const literal of hint.literals!) {
        if (literal === value) return literal;
        if (typeof literal === 'string' && typeof value === 'string' && literal.toLowerCase() === value.toLowerCase()) return literal;
        if (typeof literal !== 'string' && typeof value === 'string') {
          try {
            const converted = convert(value, { name: typeof literal === 'boolean' ? 'bool' : typeof literal === 'number' ? 'int' : 'none', args: [] });
            if (converted === literal) return literal;
          } catch { /* try the next literal */ }
        }
      }
      throw new ConversionFailed();
    }
    case 'list': case 'tuple': case 'set': {
      let items: unknown = value;
      if (typeof value === 'string') items = literalValue(value);
      if (!Array.isArray(items)) throw new ConversionFailed();
      if (hint.args.length === 0) return [...items];
      return items.map((item, i) => convert(item, hint.name === 'tuple' && hint.args.length > 1 ? hint.args[i] ?? hint.args[0] : hint.args[0]));
    }
    case 'dict': {
      let dict: unknown = value;
      if (typeof value === 'string') dict = literalValue(value);
      if (!isDict(dict)) throw new ConversionFailed();
      if (hint.args.length < 2) return { ...dict };
      return Object.fromEntries(Object.entries(dict).map(([k, v]) => [str(convert(k, hint.args[0])), convert(v, hint.args[1])]));
    }
    default: throw new ConversionFailed();
  }
}

/** The type of a value, for `type=auto`. */
export function typeOfValue(value: unknown): TypeHint {
  if (typeof value === 'string') return { name: 'str', args: [] };
  if (typeof value === 'boolean') return { name: 'bool', args: [] };
  if (value instanceof PyFloat) return { name: 'float', args: [] };
  if (typeof value === 'number') return { name: Number.isInteger(value) ? 'int' : 'float', args: [] };
  if (Array.isArray(value)) return { name: 'list', args: [] };
  if (isDict(value)) return { name: 'dict', args: [] };
  if (value === null || value === undefined) return { name: 'none', args: [] };
  return { name: 'any', args: [] };
}
