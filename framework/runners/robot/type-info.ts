import { RobotError } from './robot-error.ts';

/**
 * A type hint written as text (`int`, `list[int | str]`, `Literal['a', 1]`,
 * `dict[str, float]`), parsed as Robot 7.3's TypeInfoParser does. `type`
 * is the canonical name of a type this runner can convert to, undefined for
 * a name it does not know (Robot's "Unrecognized type").
 */
export interface TypeInfo {
  /** As written (a Literal member: its Python repr). */
  name: string;
  type: string | undefined;
  nested?: TypeInfo[];
  /** A Literal member's value. */
  value?: unknown;
}

/** Robot's TYPE_NAMES, less the types (datetime, Path ...) that have no value here. */
const TYPE_NAMES: Record<string, string> = {
  '...': 'ellipsis', ellipsis: 'ellipsis', any: 'any', str: 'str', string: 'str', unicode: 'str', bool: 'bool', boolean: 'bool',
  int: 'int', integer: 'int', long: 'int', float: 'float', double: 'float', decimal: 'decimal', bytes: 'bytes', bytearray: 'bytes',
  none: 'none', list: 'list', sequence: 'list', tuple: 'tuple', dictionary: 'dict', dict: 'dict', mapping: 'dict', map: 'dict',
  set: 'set', frozenset: 'set', union: 'union', literal: 'literal',
};

/** Python's str(TypeInfo): `list[int]`, `int | float`. */
export function typeText(info: TypeInfo): string {
  if (info.type === 'union') return info.nested!.map(typeText).join(' | ');
  return info.nested ? `${info.name}[${info.nested.map(typeText).join(', ')}]` : info.name;
}

interface Token { kind: 'name' | '[' | ']' | ',' | '|'; value: string; at: number }

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const start = i;
    const c = source[i++];
    if ('[],|'.includes(c)) tokens.push({ kind: c as Token['kind'], value: c, at: start });
    else if (c.trim()) {
      // A quoted name (a Literal's string) runs to its closing quote, markers and all.
      let quote = c === '"' || c === "'" ? c : undefined;
      if (!quote && c === 'b' && (source[i] === '"' || source[i] === "'")) quote = source[i++];
      while (i < source.length) {
        const d = source[i];
        if (!quote && '[],|'.includes(d)) break;
        i++;
        if (quote && d === quote) break;
      }
      tokens.push({ kind: 'name', value: source.slice(start, i).trim(), at: start });
    }
  }
  return tokens;
}

/** Parses a type hint; a malformed one fails with Robot's "Parsing type 'x' failed: Error at ...". */
export function parseTypeInfo(source: string): TypeInfo {
  const tokens = tokenize(source);
  let at = 0;
  const error = (message: string): never => {
    const token = tokens[at];
    throw new RobotError(`Parsing type '${source}' failed: Error at ${token ? `index ${token.at}` : 'end'}: ${message}`);
  };
  const match = (kind: Token['kind']) => (tokens[at]?.kind === kind ? (at++, true) : false);
  const type = (): TypeInfo => {
    if (tokens[at]?.kind !== 'name') error('Type name missing.');
    const name = tokens[at++].value;
    let info: TypeInfo = { name, type: TYPE_NAMES[name.replace(/^(typing|collections\.abc)\./, '').toLowerCase()] };
    if (match('[')) info.nested = params(info.type === 'literal');
    if (match('|')) info = { name: 'Union', type: 'union', nested: [info, ...union()] };
    return info;
  };
  const union = (): TypeInfo[] => {
    const types: TypeInfo[] = [];
    while (types.length === 0 || match('|')) {
      const info = type();
      types.push(...(info.type === 'union' ? info.nested! : [info]));
    }
    return types;
  };
  const params = (literal: boolean): TypeInfo[] => {
    const out: TypeInfo[] = [];
    let prev: Token | undefined;
    for (;;) {
      const token = tokens[at];
      if (!token) error("Closing ']' missing.");
      if (token.kind === ']') {
        at++;
        break;
      }
      if (token.kind === ',') {
        if (!prev || prev.kind === ',') error("Type missing before ','.");
        at++;
        prev = token;
        continue;
      }
      let param: TypeInfo;
      if (token.kind === '[') {
        at++;
        param = { name: '', type: undefined, nested: params(false) };
      } else param = type();
      out.push(literal ? literalMember(param, error) : param);
      prev = token;
    }
    if (literal && out.length === 0) error('Literal cannot be empty.');
    return out;
  };
  const info = type();
  if (at < tokens.length) error(`Extra content after '${typeText(info)}'.`);
  return info;
}

/** A Literal's member: Python's literal_eval of an int, a string, bytes, a Boolean or None. */
function literalMember(param: TypeInfo, error: (message: string) => never): TypeInfo {
  const text = param.nested ? typeText(param) : param.name;
  const quoted = /^(b?)(['"])([\s\S]*)\2$/.exec(text);
  if (quoted && !quoted[1]) return { name: `'${quoted[3]}'`, type: 'str', value: quoted[3] };
  if (/^[+-]?\d[\d_]*$/.test(text)) {
    const value = Number(text.replace(/_/g, ''));
    return { name: String(value), type: 'int', value };
  }
  if (text === 'True' || text === 'False') return { name: text, type: 'bool', value: text === 'True' };
  if (text === 'None') return { name: text, type: 'none', value: null };
  return error(`Invalid literal value '${text}'.`);
}

/**
 * The type of an assigned or loop variable (`${x: int}`, `@{x: int}`,
 * `&{x: str=int}`): list and dict variables type their items (Robot's
 * TypeInfo.from_variable). Unknown names fail with "Unrecognized type 'x'.".
 */
export function typeOfVariable(identifier: string, type: string): TypeInfo {
  let text = type;
  if (identifier === '@') text = `list[${type}]`;
  else if (identifier === '&') {
    const eq = type.indexOf('=');
    text = eq < 0 ? `dict[Any, ${type}]` : `dict[${type.slice(0, eq)}, ${type.slice(eq + 1)}]`;
  }
  const info = parseTypeInfo(text);
  validate(info, true);
  return info;
}

/** Rejects unknown type names; `variable`: Robot's from_variable reports the name alone, a converter its whole text. */
export function validate(info: TypeInfo, variable = false): void {
  if (info.type === undefined) throw new RobotError(`Unrecognized type '${variable ? info.name : typeText(info)}'.`);
  if (info.type !== 'literal') info.nested?.forEach((n) => validate(n, variable));
}

/** `${name: type}` split at its last ': ' (Robot's search_variable with parse_type). */
export function splitTypedName(variable: string): { identifier: string; base: string; type?: string; items: string } | undefined {
  const m = /^([$@&])\{([\s\S]+)\}((?:\[[^\]]*\])*)$/.exec(variable);
  if (!m) return undefined;
  const at = m[2].lastIndexOf(': ');
  if (at < 0) return { identifier: m[1], base: m[2], items: m[3] };
  return { identifier: m[1], base: m[2].slice(0, at), type: m[2].slice(at + 2), items: m[3] };
}
