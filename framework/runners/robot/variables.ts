import { RobotError } from './robot-error.ts';
import { PyFloat, isDict, str } from './values.ts';

/**
 * Robot's variables: `${scalar}`, `@{list}`, `&{dict}`, items `${x}[0]`
 * and `${d}[key]`, environment `%{NAME}` / `%{NAME=default}`, built-ins
 * (`${EMPTY}`, `${SPACE}`, `${TRUE}`, numbers such as `${42}`, ...), and
 * scopes: global ← suite ← test ← local (a keyword's own). Names ignore
 * case, spaces and underscores, as in Robot.
 */

export function normaliseVarName(name: string): string {
  return name.toLowerCase().replace(/[\s_]/g, '');
}

type Scope = Map<string, unknown>;

export class Variables {
  private readonly globals: Scope;
  private readonly suites: Scope[];
  private test: Scope | undefined;
  private readonly locals: Scope[];

  constructor(globals: Scope = new Map()) {
    this.globals = globals;
    this.suites = [];
    this.locals = [];
  }

  /** Scopes, innermost first. */
  private chain(): Scope[] {
    const out: Scope[] = [];
    if (this.locals.length > 0) out.push(this.locals[this.locals.length - 1]);
    if (this.test) out.push(this.test);
    for (let i = this.suites.length - 1; i >= 0; i--) out.push(this.suites[i]);
    out.push(this.globals);
    return out;
  }

  startSuite(): void {
    // A child suite sees its parent's suite variables, not its changes after it starts.
    this.suites.push(new Map(this.suites[this.suites.length - 1] ?? []));
  }
  endSuite(): void {
    this.suites.pop();
  }
  /** A test has its own local scope besides its test variables: a keyword it calls does not see what its body assigns. */
  startTest(): void {
    this.test = new Map();
    this.locals.push(new Map());
  }
  endTest(): void {
    this.locals.pop();
    this.test = undefined;
  }
  /** A user keyword's own scope: it sees globals, suite and test variables, not its caller's locals. */
  startKeyword(): void {
    this.locals.push(new Map());
  }
  endKeyword(): void {
    this.locals.pop();
  }

  has(name: string): boolean {
    const key = normaliseVarName(name);
    return this.chain().some((s) => s.has(key));
  }

  /** Undefined when there is no such variable (check `has` for variables whose value is None). */
  lookup(name: string): { found: boolean; value?: unknown } {
    const key = normaliseVarName(name);
    for (const scope of this.chain()) if (scope.has(key)) return { found: true, value: scope.get(key) };
    return { found: false };
  }

  /** Sets in the innermost scope (a keyword's locals, else the test, else the suite). */
  set(name: string, value: unknown): void {
    const scope = this.locals[this.locals.length - 1] ?? this.test ?? this.suites[this.suites.length - 1] ?? this.globals;
    scope.set(normaliseVarName(name), value);
  }

  setTest(name: string, value: unknown): void {
    if (!this.test) throw new RobotError('Cannot set test variable when no test is started.');
    this.test.set(normaliseVarName(name), value);
    for (const local of this.locals) local.delete(normaliseVarName(name));
  }

  setSuite(name: string, value: unknown): void {
    const key = normaliseVarName(name);
    (this.suites[this.suites.length - 1] ?? this.globals).set(key, value);
    this.test?.delete(key);
    for (const local of this.locals) local.delete(key);
  }

  setGlobal(name: string, value: unknown): void {
    const key = normaliseVarName(name);
    this.globals.set(key, value);
    for (const s of [...this.suites, ...this.locals]) s.delete(key);
    this.test?.delete(key);
  }
}

/** Built-in variables that do not depend on the run: numbers, ${EMPTY}, ${SPACE * 4}... */
export function builtinValue(body: string): { found: boolean; value?: unknown } {
  const upper = body.toUpperCase().replace(/[\s_]/g, '');
  switch (upper) {
    case 'EMPTY': return { found: true, value: '' };
    case 'SPACE': return { found: true, value: ' ' };
    case 'TRUE': return { found: true, value: true };
    case 'FALSE': return { found: true, value: false };
    case 'NONE': case 'NULL': return { found: true, value: null };
    case '/': return { found: true, value: '/' };
    case ':': return { found: true, value: ':' };
    case '\\N': return { found: true, value: '\n' };
  }
  if (body === '\\n') return { found: true, value: '\n' };
  const spaces = /^SPACE\s*\*\s*(\d+)$/i.exec(body);
  if (spaces) return { found: true, value: ' '.repeat(Number(spaces[1])) };
  if (/^[+-]?\d+$/.test(body.replace(/_/g, ''))) return { found: true, value: Number(body.replace(/_/g, '')) };
  if (/^[+-]?0[xob][0-9a-f_]+$/i.test(body)) {
    const sign = body.startsWith('-') ? -1 : 1;
    const digits = body.replace(/^[+-]/, '').replace(/_/g, '');
    const radix = { x: 16, o: 8, b: 2 }[digits[1].toLowerCase() as 'x' | 'o' | 'b'];
    return { found: true, value: sign * parseInt(digits.slice(2), radix) };
  }
  if (/^[+-]?(\d+\.\d*|\.\d+|\d+)(e[+-]?\d+)?$/i.test(body)) return { found: true, value: new PyFloat(Number(body)) };
  return { found: false };
}

/** Index into a list or dict: `${x}[0]`, `${x}[-1]`, `${x}[1:3]`, `${d}[key]`. */
export function itemOf(container: unknown, key: string, shown: string): unknown {
  if (Array.isArray(container) || typeof container === 'string') {
    const slice = /^(-?\d*):(-?\d*)$/.exec(key);
    if (slice) {
      const len = container.length;
      const norm = (s: string, d: number) => (s === '' ? d : Number(s) < 0 ? len + Number(s) : Number(s));
      return container.slice(norm(slice[1], 0), norm(slice[2], len));
    }
    if (!/^-?\d+$/.test(key)) throw new RobotError(`${typeof container === 'string' ? 'String' : 'List'} '${shown}' used with invalid index '${key}'. To use '[${key}]' as a literal value, it needs to be escaped like '\\[${key}]'.`);
    const i = Number(key);
    const at = i < 0 ? container.length + i : i;
    if (at < 0 || at >= container.length) throw new RobotError(`${typeof container === 'string' ? 'String' : 'List'} '${shown}' has no item in index ${i}.`);
    return container[at];
  }
  if (isDict(container)) {
    if (!Object.hasOwn(container, key)) throw new RobotError(`Dictionary '${shown}' has no key '${key}'.`);
    return container[key];
  }
  throw new RobotError(`Variable '${shown}' is ${str(container)}, which is not subscriptable, and thus accessing item '${key}' from it is not possible. To use '[${key}]' as a literal value, it needs to be escaped like '\\[${key}]'.`);
}
