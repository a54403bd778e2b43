import { PyFloat, isBytes, isDict, isNumber, num, pyEquals, repr, str, truthy, typeName } from './values.ts';

/**
 * A small, safe evaluator for the Python expressions Robot suites write in
 * IF, WHILE, Should Be True and Evaluate (issue 8, item 2): literals, $var
 * references, arithmetic, comparisons (chained), and/or/not, in, is,
 * conditional expressions, indexing and slicing, list/dict/tuple literals,
 * a few builtins (len, int, float, str, bool, abs, min, max, sum, sorted,
 * round, range, any, all, list, isinstance, type) and the common str/list/dict methods.
 * Nothing reaches JavaScript's eval or any global: names resolve only to the
 * builtins listed here and the variables given.
 */

export class ExpressionError extends Error {}

/** The error as Python words it: this evaluator's parse failures ('invalid syntax') are SyntaxErrors there. */
export function pythonErrorText(error: ExpressionError): string {
  return /^\w+(Error|Exception)\b|^Variable |^Expression /.test(error.message) ? error.message : `SyntaxError: ${error.message}`;
}

type Token = { t: 'num' | 'str' | 'name' | 'var' | 'op'; v: string; bytes?: boolean };

const OPS = ['**', '//', '==', '!=', '<=', '>=', '(', ')', '[', ']', '{', '}', ',', ':', '.', '+', '-', '*', '/', '%', '<', '>'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const rest = src.slice(i);
    const number = /^(\d[\d_]*\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?)/i.exec(rest);
    if (number) { out.push({ t: 'num', v: number[0] }); i += number[0].length; continue; }
    if (c === '$' && /[A-Za-z_{]/.test(src[i + 1] ?? '')) {
      const m = src[i + 1] === '{' ? /^\$\{([^}]+)\}/.exec(rest) : /^\$([A-Za-z_][\w]*)/.exec(rest);
      if (!m) throw new ExpressionError('invalid syntax');
      out.push({ t: 'var', v: m[1] });
      i += m[0].length;
      continue;
    }
    const strMatch = /^(?:[rR][bB]|[bB][rR]|[rbuf])?('''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/i.exec(rest);
    if (strMatch) {
      const raw = strMatch[1];
      const q = raw.startsWith("'''") || raw.startsWith('"""') ? 3 : 1;
      const body = raw.slice(q, -q);
      const isRaw = /^b?r/i.test(strMatch[0]);
      out.push({ t: 'str', v: isRaw ? body : body.replace(/\\(n|t|r|\\|'|"|x[0-9a-f]{2})/gi, (_, e: string) => ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? (e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e)), ...(/^[ru]?b|^br/i.test(strMatch[0]) ? { bytes: true } : {}) });
      i += strMatch[0].length;
      continue;
    }
    const name = /^[A-Za-z_][\w]*/.exec(rest);
    if (name) { out.push({ t: 'name', v: name[0] }); i += name[0].length; continue; }
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) { out.push({ t: 'op', v: op }); i += op.length; continue; }
    throw new ExpressionError('invalid syntax');
  }
  return out;
}

type Fn = (...args: unknown[]) => unknown;

const BUILTINS: Record<string, Fn> = {
  len: (x) => {
    if (typeof x === 'string' || Array.isArray(x)) return x.length;
    if (isDict(x)) return Object.keys(x).length;
    throw new ExpressionError(`TypeError: object of type '${typeName(x)}' has no len()`);
  },
  int: (x, base) => {
    if (isNumber(x)) return Math.trunc(num(x));
    if (typeof x === 'boolean') return Number(x);
    const s = str(x).trim().replace(/_/g, '');
    const n = base !== undefined ? parseInt(s, num(base)) : /^[+-]?\d+$/.test(s) ? Number(s) : NaN;
    if (Number.isNaN(n)) throw new ExpressionError(`ValueError: invalid literal for int() with base ${base ?? 10}: ${repr(x)}`);
    return n;
  },
  float: (x) => {
    const n = isNumber(x) ? num(x) : Number(str(x).trim());
    if (Number.isNaN(n)) throw new ExpressionError(`ValueError: could not convert string to float: ${repr(x)}`);
    return new PyFloat(n);
  },
  str: (x) => (x === undefined ? '' : str(x)),
  bool: (x) => truthy(x),
  abs: (x) => (x instanceof PyFloat ? new PyFloat(Math.abs(x.value)) : Math.abs(num(x))),
  min: (...xs) => [...(xs.length === 1 && Array.isArray(xs[0]) ? xs[0] : xs)].sort(compare)[0],
  max: (...xs) => [...(xs.length === 1 && Array.isArray(xs[0]) ? xs[0] : xs)].sort(compare).at(-1),
  sum: (xs) => (xs as unknown[]).reduce((a: unknown, b) => arith('+', a, b), 0),
  sorted: (xs) => [...(xs as unknown[])].sort(compare),
  round: (x, n) => (n === undefined ? Math.round(num(x)) : new PyFloat(Number(num(x).toFixed(num(n))))),
  range: (a, b, s) => {
    const [start, stop] = b === undefined ? [0, num(a)] : [num(a), num(b)];
    const step = s === undefined ? 1 : num(s);
    const out: number[] = [];
    for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
    return out;
  },
  any: (xs) => (xs as unknown[]).some(truthy),
  all: (xs) => (xs as unknown[]).every(truthy),
  list: (xs) => (xs === undefined ? [] : typeof xs === 'string' ? [...xs] : isDict(xs) ? Object.keys(xs) : [...(xs as unknown[])]),
  dict: (x) => (x === undefined ? {} : { ...(x as object) }),
  tuple: (xs) => [...((xs as unknown[]) ?? [])],
  set: (xs) => [...new Set((xs as unknown[]) ?? [])],
  bytes: (x) => toBytes(x),
  bytearray: (x) => toBytes(x),
  isinstance: (x, types) => (Array.isArray(types) ? types : [types]).some((t) => isInstance(x, t)),
  type: (x) => {
    if (Object.hasOwn(BUILTINS, pyType(x))) return BUILTINS[pyType(x)];
    throw new ExpressionError(`TypeError: type() of a '${pyType(x)}' value is not supported here`);
  },
};

/**
 * Python's isinstance over how values are held here: ints are integral JS
 * numbers (and bool is an int), floats are PyFloat or fractional numbers,
 * tuples and lists are both arrays (a FOR over a dict gives (key, value) arrays).
 */
function isInstance(x: unknown, type: unknown): boolean {
  if (type === BUILTINS.int) return typeof x === 'boolean' || (typeof x === 'number' && Number.isInteger(x));
  if (type === BUILTINS.float) return x instanceof PyFloat || (typeof x === 'number' && !Number.isInteger(x));
  if (type === BUILTINS.str) return typeof x === 'string';
  if (type === BUILTINS.bool) return typeof x === 'boolean';
  if (type === BUILTINS.list || type === BUILTINS.tuple) return Array.isArray(x);
  if (type === BUILTINS.dict) return isDict(x);
  if (type === BUILTINS.bytes || type === BUILTINS.bytearray) return isBytes(x);
  throw new ExpressionError('TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union');
}

/** Python's ordering (sorted, min, max, <): numbers, strings, lists; other mixes raise TypeError. */
export function compare(a: unknown, b: unknown): number {
  if (isNumber(a) && isNumber(b)) return num(a) - num(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compare(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') return compare(Number(a), Number(b));
  throw new ExpressionError(`TypeError: '<' not supported between instances of '${pyType(a)}' and '${pyType(b)}'`);
}

function pyType(x: unknown): string {
  return { string: 'str', integer: 'int', float: 'float', boolean: 'bool', None: 'NoneType', list: 'list', dictionary: 'dict' }[typeName(x)] ?? typeName(x);
}

function arith(op: string, a: unknown, b: unknown): unknown {
  if (typeof a === 'boolean') a = Number(a);
  if (typeof b === 'boolean') b = Number(b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (op === '*' && typeof a === 'string' && typeof b === 'number') return a.repeat(Math.max(0, b));
  if (op === '*' && Array.isArray(a) && typeof b === 'number') return Array.from({ length: Math.max(0, b) }, () => a).flat();
  if (op === '%' && typeof a === 'string') return a.replace(/%[sdr]/g, () => str(Array.isArray(b) ? b.shift() : b));
  if (op === '+' && typeof a === 'string') throw new ExpressionError(`TypeError: can only concatenate str (not "${pyType(b)}") to str`);
  if (op === '+' && Array.isArray(a)) throw new ExpressionError(`TypeError: can only concatenate list (not "${pyType(b)}") to list`);
  if (!isNumber(a) || !isNumber(b)) {
    throw new ExpressionError(`TypeError: unsupported operand type(s) for ${op}: '${pyType(a)}' and '${pyType(b)}'`);
  }
  const float = a instanceof PyFloat || b instanceof PyFloat;
  const x = num(a);
  const y = num(b);
  if ((op === '/' || op === '//' || op === '%') && y === 0) throw new ExpressionError('ZeroDivisionError: division by zero');
  const wrap = (n: number) => (float ? new PyFloat(n) : n);
  switch (op) {
    case '+': return wrap(x + y);
    case '-': return wrap(x - y);
    case '*': return wrap(x * y);
    case '/': return new PyFloat(x / y);
    case '//': return wrap(Math.floor(x / y));
    case '%': return wrap(((x % y) + y) % y);
    case '**': return wrap(x ** y);
  }
  throw new ExpressionError(`invalid operator ${op}`);
}

function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') return container.includes(str(item));
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isDict(container)) return Object.hasOwn(container, str(item));
  throw new ExpressionError(`TypeError: argument of type '${pyType(container)}' is not iterable`);
}

/** Python's str, list and dict methods an expression may call (`'x'.upper()`); BuiltIn's Call Method uses them too. */
export function method(target: unknown, name: string): Fn {
  if (typeof target === 'string') {
    const m: Record<string, Fn> = {
      lower: () => target.toLowerCase(), upper: () => target.toUpperCase(), strip: (c) => trim(target, c as string | undefined, 'both'),
      lstrip: (c) => trim(target, c as string | undefined, 'left'), rstrip: (c) => trim(target, c as string | undefined, 'right'),
      startswith: (p) => target.startsWith(str(p)), endswith: (p) => target.endsWith(str(p)),
      split: (sep, max) => splitPy(target, sep as string | undefined, max === undefined ? -1 : num(max)),
      replace: (a, b) => target.split(str(a)).join(str(b)), join: (xs) => (xs as unknown[]).map(str).join(target),
      count: (x) => target.split(str(x)).length - 1, find: (x) => target.indexOf(str(x)),
      isdigit: () => /^\d+$/.test(target), isalpha: () => /^[A-Za-z]+$/.test(target), title: () => target.replace(/\b\w/g, (c) => c.toUpperCase()),
      capitalize: () => target.charAt(0).toUpperCase() + target.slice(1).toLowerCase(), format: (...xs) => { let i = 0; return target.replace(/\{\}/g, () => str(xs[i++])); },
    };
    if (m[name]) return m[name];
  }
  if (target instanceof Uint8Array) {
    // bytes.lower() and bytes.upper() change ASCII letters only.
    const m: Record<string, Fn> = {
      lower: () => target.map((b) => (b >= 65 && b <= 90 ? b + 32 : b)), upper: () => target.map((b) => (b >= 97 && b <= 122 ? b - 32 : b)),
    };
    if (m[name]) return m[name];
  }
  if (Array.isArray(target)) {
    const m: Record<string, Fn> = { index: (x) => target.findIndex((y) => pyEquals(x, y)), count: (x) => target.filter((y) => pyEquals(x, y)).length, copy: () => [...target] };
    if (m[name]) return m[name];
  }
  if (isDict(target)) {
    const m: Record<string, Fn> = {
      keys: () => Object.keys(target), values: () => Object.values(target), items: () => Object.entries(target),
      get: (k, d) => (Object.hasOwn(target, str(k)) ? target[str(k)] : d ?? null), copy: () => ({ ...target }),
      fromkeys: (keys, value) => Object.fromEntries((Array.isArray(keys) ? keys : Object.keys(keys as object)).map((k) => [str(k), value ?? null])),
    };
    if (m[name]) return m[name];
  }
  throw new ExpressionError(`AttributeError: '${pyType(target)}' object has no attribute '${name}'`);
}

function trim(s: string, chars: string | undefined, side: 'left' | 'right' | 'both'): string {
  const set = chars ?? ' \t\n\r';
  let a = 0;
  let b = s.length;
  if (side !== 'right') while (a < b && set.includes(s[a])) a++;
  if (side !== 'left') while (b > a && set.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

function splitPy(s: string, sep: string | undefined, max: number): string[] {
  if (sep === undefined || sep === null) return s.trim() === '' ? [] : s.trim().split(/\s+/);
  const parts = s.split(sep);
  return max >= 0 && parts.length > max + 1 ? [...parts.slice(0, max), parts.slice(max).join(sep)] : parts;
}

class Parser {
  private i = 0;
  /** Names bound by a comprehension's `for`. */
  private readonly locals = new Map<string, unknown>();
  constructor(
    private readonly tokens: Token[],
    private readonly vars: (name: string) => { found: boolean; value?: unknown },
    names: Record<string, unknown> = {},
  ) {
    // Evaluate's namespace: plain names the expression may use, as a comprehension's own are.
    for (const [name, value] of Object.entries(names)) this.locals.set(name, value);
  }

  private peek(v?: string): boolean {
    const t = this.tokens[this.i];
    return !!t && (v === undefined || ((t.t === 'op' || t.t === 'name') && t.v === v));
  }
  private take(v: string): void {
    if (!this.peek(v)) throw new ExpressionError('invalid syntax');
    this.i++;
  }

  parse(): unknown {
    const value = this.ternary();
    // `1, 2` is a tuple in Python, parentheses or not (a list here, as a parenthesised one is).
    if (this.peek(',')) {
      const items = [value];
      while (this.peek(',')) {
        this.i++;
        if (this.i < this.tokens.length) items.push(this.ternary());
      }
      if (this.i < this.tokens.length) throw new ExpressionError('invalid syntax');
      return items;
    }
    if (this.i < this.tokens.length) throw new ExpressionError('invalid syntax');
    return value;
  }

  // Both sides of and/or are evaluated (Python short-circuits); a guard like `$x and $x[0]` can fail here.
  private ternary(): unknown {
    const value = this.or();
    if (this.peek('if')) {
      this.i++;
      const cond = this.or();
      this.take('else');
      const other = this.ternary();
      return truthy(cond) ? value : other;
    }
    return value;
  }
  private or(): unknown {
    let value = this.and();
    while (this.peek('or')) {
      this.i++;
      const right = this.and();
      value = truthy(value) ? value : right;
    }
    return value;
  }
  private and(): unknown {
    let value = this.not();
    while (this.peek('and')) {
      this.i++;
      const right = this.not();
      value = truthy(value) ? right : value;
    }
    return value;
  }
  private not(): unknown {
    if (this.peek('not')) {
      this.i++;
      return !truthy(this.not());
    }
    return this.comparison();
  }
  private comparison(): unknown {
    let left = this.additive();
    let result: unknown = true;
    let chained = false;
    for (;;) {
      const op = this.compOp();
      if (!op) break;
      chained = true;
      const right = this.additive();
      const ok = compareOp(op, left, right);
      if (!ok) result = false;
      left = right;
    }
    return chained ? result : left;
  }
  private compOp(): string | undefined {
    const t = this.tokens[this.i];
    if (!t) return undefined;
    if (t.t === 'op' && ['==', '!=', '<', '>', '<=', '>='].includes(t.v)) { this.i++; return t.v; }
    if (t.t === 'name' && t.v === 'in') { this.i++; return 'in'; }
    if (t.t === 'name' && t.v === 'not' && this.tokens[this.i + 1]?.v === 'in') { this.i += 2; return 'not in'; }
    if (t.t === 'name' && t.v === 'is') {
      this.i++;
      if (this.peek('not')) { this.i++; return 'is not'; }
      return 'is';
    }
    return undefined;
  }
  private additive(): unknown {
    let value = this.term();
    while (this.peek('+') || this.peek('-')) {
      const op = this.tokens[this.i++].v;
      value = arith(op, value, this.term());
    }
    return value;
  }
  private term(): unknown {
    let value = this.unary();
    while (this.peek('*') || this.peek('/') || this.peek('//') || this.peek('%')) {
      const op = this.tokens[this.i++].v;
      value = arith(op, value, this.unary());
    }
    return value;
  }
  private unary(): unknown {
    if (this.peek('-')) { this.i++; return arith('-', 0, this.unary()); }
    if (this.peek('+')) { this.i++; return this.unary(); }
    const base = this.postfix();
    if (this.peek('**')) { this.i++; return arith('**', base, this.unary()); }
    return base;
  }
  private postfix(): unknown {
    let value = this.atom();
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const name = this.tokens[this.i++];
        if (!name || name.t !== 'name') throw new ExpressionError('invalid syntax');
        if (this.peek('(')) {
          const fn = method(value, name.v);
          value = fn(...this.args());
        } else value = attribute(value, name.v);
      } else if (this.peek('[')) {
        this.i++;
        value = this.subscript(value);
      } else if (this.peek('(')) {
        if (typeof value !== 'function') throw new ExpressionError(`TypeError: '${pyType(value)}' object is not callable`);
        value = (value as Fn)(...this.args());
      } else return value;
    }
  }
  /**
   * `x for x in items [if cond]` (a list comprehension or a generator as a
   * call's argument), as a list; undefined when the element is not one.
   * The element and the condition are evaluated again for each item.
   */
  private comprehension(): unknown[] | undefined {
    const start = this.i;
    let forAt = -1;
    let depth = 0;
    for (let j = start; j < this.tokens.length; j++) {
      const t = this.tokens[j];
      if (t.t === 'op' && '([{'.includes(t.v)) depth++;
      else if (t.t === 'op' && ')]}'.includes(t.v)) {
        if (--depth < 0) break;
      } else if (depth === 0 && t.t === 'op' && t.v === ',') break;
      else if (depth === 0 && t.t === 'name' && t.v === 'for') {
        forAt = j;
        break;
      }
    }
    if (forAt < 0) return undefined;
    this.i = forAt + 1;
    const name = this.tokens[this.i++];
    if (name?.t !== 'name') throw new ExpressionError('invalid syntax');
    this.take('in');
    const iterable = this.or();
    const condAt = this.peek('if') ? ++this.i : -1;
    let end = this.i;
    for (depth = 0; end < this.tokens.length; end++) {
      const t = this.tokens[end];
      if (t.t === 'op' && '([{'.includes(t.v)) depth++;
      else if (t.t === 'op' && ')]}'.includes(t.v) && --depth < 0) break;
    }
    const items = typeof iterable === 'string' ? [...iterable] : isDict(iterable) ? Object.keys(iterable) : iterable instanceof Uint8Array ? [...iterable] : iterable;
    if (!Array.isArray(items)) throw new ExpressionError(`TypeError: '${pyType(iterable)}' object is not iterable`);
    const out: unknown[] = [];
    const had = this.locals.has(name.v);
    const saved = this.locals.get(name.v);
    try {
      for (const item of items) {
        this.locals.set(name.v, item);
        if (condAt >= 0) {
          this.i = condAt;
          if (!truthy(this.ternary())) continue;
        }
        this.i = start;
        out.push(this.ternary());
      }
    } finally {
      if (had) this.locals.set(name.v, saved);
      else this.locals.delete(name.v);
    }
    this.i = end;
    return out;
  }
  private args(): unknown[] {
    this.take('(');
    const out: unknown[] = [];
    while (!this.peek(')')) {
      out.push(this.comprehension() ?? this.ternary());
      if (!this.peek(')')) this.take(',');
    }
    this.take(')');
    return out;
  }
  private subscript(value: unknown): unknown {
    const start = this.peek(':') ? undefined : this.ternary();
    if (this.peek(':')) {
      this.i++;
      const end = this.peek(']') ? undefined : this.ternary();
      this.take(']');
      if (typeof value !== 'string' && !Array.isArray(value)) throw new ExpressionError(`TypeError: '${pyType(value)}' object is not subscriptable`);
      const len = value.length;
      const norm = (x: unknown, d: number) => (x === undefined ? d : num(x) < 0 ? Math.max(0, len + num(x)) : num(x));
      return value.slice(norm(start, 0), norm(end, len));
    }
    this.take(']');
    if (typeof value === 'string' || Array.isArray(value)) {
      const i = num(start);
      const at = i < 0 ? value.length + i : i;
      if (at < 0 || at >= value.length) throw new ExpressionError(`IndexError: ${typeof value === 'string' ? 'string' : 'list'} index out of range`);
      return value[at];
    }
    if (isDict(value)) {
      const key = str(start);
      if (!Object.hasOwn(value, key)) throw new ExpressionError(`KeyError: ${repr(start)}`);
      return value[key];
    }
    throw new ExpressionError(`TypeError: '${pyType(value)}' object is not subscriptable`);
  }
  private atom(): unknown {
    const t = this.tokens[this.i++];
    if (!t) throw new ExpressionError('unexpected EOF while parsing');
    if (t.t === 'num') {
      const v = t.v.replace(/_/g, '');
      return /[.e]/i.test(v) ? new PyFloat(Number(v)) : Number(v);
    }
    if (t.t === 'str') {
      let s = t.v;
      while (this.tokens[this.i]?.t === 'str') s += this.tokens[this.i++].v;
      return t.bytes ? Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff) : s;
    }
    if (t.t === 'var') {
      const found = this.vars(t.v);
      if (!found.found) throw new ExpressionError(`Variable '$${t.v}' not found.`);
      return found.value;
    }
    if (t.t === 'name') {
      if (t.v === 'True') return true;
      if (t.v === 'False') return false;
      if (t.v === 'None') return null;
      if (this.locals.has(t.v)) return this.locals.get(t.v);
      if (Object.hasOwn(BUILTINS, t.v)) return BUILTINS[t.v];
      throw new ExpressionError(`NameError: name '${t.v}' is not defined nor importable as module`);
    }
    if (t.v === '(') {
      if (this.peek(')')) { this.i++; return []; }
      const first = this.ternary();
      if (this.peek(',')) {
        const items = [first];
        while (this.peek(',')) {
          this.i++;
          if (this.peek(')')) break;
          items.push(this.ternary());
        }
        this.take(')');
        return items;
      }
      this.take(')');
      return first;
    }
    if (t.v === '[') {
      const comprehension = this.comprehension();
      if (comprehension) {
        this.take(']');
        return comprehension;
      }
      const items: unknown[] = [];
      while (!this.peek(']')) {
        items.push(this.ternary());
        if (!this.peek(']')) this.take(',');
      }
      this.take(']');
      return items;
    }
    if (t.v === '{') {
      const dict: Record<string, unknown> = {};
      while (!this.peek('}')) {
        const key = this.ternary();
        this.take(':');
        dict[str(key)] = this.ternary();
        if (!this.peek('}')) this.take(',');
      }
      this.take('}');
      return dict;
    }
    throw new ExpressionError('invalid syntax');
  }
}

function attribute(value: unknown, name: string): unknown {
  if (value !== null && typeof value === 'object' && name in (value as object) && !isDict(value)) return (value as Record<string, unknown>)[name];
  if (isDict(value) && Object.hasOwn(value, name)) return value[name];
  throw new ExpressionError(`AttributeError: '${pyType(value)}' object has no attribute '${name}'`);
}

function compareOp(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==': return pyEquals(a, b);
    case '!=': return !pyEquals(a, b);
    case '<': return compare(a, b) < 0;
    case '>': return compare(a, b) > 0;
    case '<=': return compare(a, b) <= 0;
    case '>=': return compare(a, b) >= 0;
    case 'in': return contains(b, a);
    case 'not in': return !contains(b, a);
    case 'is': return a === b || (a == null && b == null);
    case 'is not': return !(a === b || (a == null && b == null));
  }
  return false;
}

/** Evaluates a Python-like expression with `$name` variables; throws ExpressionError with Python's message. */
export function evaluateExpression(expression: string, variables: Record<string, unknown> | ((name: string) => { found: boolean; value?: unknown }) = {}, names: Record<string, unknown> = {}): unknown {
  if (expression.trim() === '') throw new ExpressionError('Expression cannot be empty.');
  const lookup = typeof variables === 'function' ? variables : (name: string) => (Object.hasOwn(variables, name) ? { found: true, value: variables[name] } : { found: false });
  return new Parser(tokensOf(expression), lookup, names).parse();
}

/** Tokens by expression, read-only once made: a loop evaluates the same condition thousands of times (issue 15). */
const TOKENS = new Map<string, readonly Token[]>();

function tokensOf(expression: string): Token[] {
  let tokens = TOKENS.get(expression);
  if (!tokens) {
    tokens = tokenize(expression);
    if (TOKENS.size >= 1000) TOKENS.clear();
    TOKENS.set(expression, tokens);
  }
  return tokens as Token[];
}

/** Python's bytes(x) for what expressions give: nothing, a size, integers 0-255, or bytes. */
function toBytes(x: unknown): Uint8Array {
  if (x === undefined) return new Uint8Array();
  if (typeof x === 'number') return new Uint8Array(x);
  if (x instanceof Uint8Array) return Uint8Array.from(x);
  if (typeof x === 'string') throw new ExpressionError('TypeError: string argument without an encoding');
  if (!Array.isArray(x)) throw new ExpressionError(`TypeError: cannot convert '${pyType(x)}' object to bytes`);
  return Uint8Array.from(x, (n) => {
    const v = num(n);
    if (!Number.isInteger(v) || v < 0 || v > 255) throw new ExpressionError('ValueError: bytes must be in range(0, 256)');
    return v;
  });
}
