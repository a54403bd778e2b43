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

/**
 * A Variables-section value not resolved yet: Robot resolves the section
 * lazily, so a variable may use one defined later in the file (or in a
 * resource imported after it). Resolved on first lookup, then cached.
 */
export class PendingValue {
  private state: 'pending' | 'resolving' | 'done' | 'failed' = 'pending';
  private value: unknown;
  private error: RobotError | undefined;
  constructor(
    private readonly compute: () => unknown,
    /** Told once when resolving fails (Robot reports it as an error of the file). */
    private readonly onError: (error: RobotError) => void,
  ) {}

  resolve(): unknown {
    if (this.state === 'done') return this.value;
    if (this.state === 'failed') throw this.error;
    if (this.state === 'resolving') {
      // As Robot does: the variable met again is the recursive one; those that used it then fail as not found.
      this.fail(new RobotError('Recursive variable definition.'));
    }
    this.state = 'resolving';
    try {
      this.value = this.compute();
      this.state = 'done';
      return this.value;
    } catch (error) {
      // Already failed and reported while resolving (a recursion met itself): only pass it on.
      if ((this.state as string) === 'failed') throw error;
      this.fail(error);
    }
  }

  private fail(error: unknown): never {
    this.state = 'failed';
    this.error = error instanceof RobotError ? error : new RobotError(String((error as Error)?.message ?? error));
    this.onError(this.error);
    throw this.error;
  }
}

/** A test variable set in suite setup hides nothing it did not set: a test starts with the value from before. */
const ABSENT = Symbol('absent');

export class Variables {
  private readonly globals: Scope;
  private readonly suites: Scope[];
  /** Set Test Variable values (keywords see them). */
  private test: Scope | undefined;
  /** The test body's own assignments (its keywords do not see them). */
  private testLocal: Scope | undefined;
  private readonly locals: Scope[];
  /** Per suite: test variables set outside a test (suite setup), with the value each replaced. */
  private readonly suiteLocals: Map<string, unknown>[];
  /** Per suite: the suite variables its child suites start with. */
  private readonly inherited: Scope[] = [];
  /** The spelling each name was first set with: Get Variables and Log Variables show it, as Robot keeps the name it was given. */
  private readonly spelling = new Map<string, string>();

  constructor(globals: Scope = new Map()) {
    this.globals = globals;
    this.suites = [];
    this.locals = [];
    this.suiteLocals = [];
  }

  /** Scopes, innermost first. */
  private chain(): Scope[] {
    const out: Scope[] = [];
    // A keyword sees the test's Set Test Variable values, not the test body's own assignments.
    if (this.locals.length > 0) out.push(this.locals[this.locals.length - 1]);
    else if (this.testLocal) out.push(this.testLocal);
    if (this.test) out.push(this.test);
    // Only the current suite's scope: parents' suite variables reach a child only when set for children.
    if (this.suites.length > 0) out.push(this.suites[this.suites.length - 1]);
    out.push(this.globals);
    return out;
  }

  startSuite(): void {
    // A child suite sees its parent's suite variables, not its changes after it starts.
    // As in Robot, a child suite does not see its parent's suite variables, only those set for children (`scope=SUITES`).
    const inherited = new Map(this.inherited[this.inherited.length - 1] ?? []);
    this.suites.push(new Map(inherited));
    this.inherited.push(inherited);
    this.suiteLocals.push(new Map());
  }
  endSuite(): void {
    this.suites.pop();
    this.inherited.pop();
    this.suiteLocals.pop();
  }
  startTest(): void {
    // Robot 7.2: test variables set in suite setup belong to the suite's own fixtures, not to its tests.
    this.test = new Map(this.suiteLocals[this.suiteLocals.length - 1] ?? []);
    this.testLocal = new Map();
  }
  endTest(): void {
    this.test = undefined;
    this.testLocal = undefined;
  }
  /** A user keyword's own scope: it sees globals, suite and test variables, not its caller's locals. */
  startKeyword(): void {
    this.locals.push(new Map());
  }
  endKeyword(): void {
    this.locals.pop();
  }

  has(name: string): boolean {
    return this.lookup(name).found;
  }

  /** Undefined when there is no such variable (check `has` for variables whose value is None). */
  lookup(name: string): { found: boolean; value?: unknown } {
    const key = normaliseVarName(name);
    for (const scope of this.chain()) {
      if (!scope.has(key)) continue;
      const value = scope.get(key);
      if (value === ABSENT) return { found: false };
      if (!(value instanceof PendingValue)) return { found: true, value };
      try {
        const resolved = value.resolve();
        scope.set(key, resolved);
        return { found: true, value: resolved };
      } catch {
        // A section variable that failed to resolve does not exist (its error was reported once).
        scope.delete(key);
        return { found: false };
      }
    }
    return { found: false };
  }

  /** Adds a Variables-section value unless the name is taken already (Robot: the first definition wins). */
  addSection(name: string, value: PendingValue): void {
    const scope = this.suites[this.suites.length - 1] ?? this.globals;
    const key = this.key(name);
    if (!scope.has(key)) scope.set(key, value);
  }

  /** Resolves the section's pending values now, so that their errors are reported when the suite starts. */
  resolvePending(): void {
    const scope = this.suites[this.suites.length - 1] ?? this.globals;
    for (const [key, value] of [...scope]) {
      if (!(value instanceof PendingValue)) continue;
      try {
        scope.set(key, value.resolve());
      } catch {
        scope.delete(key);
      }
    }
  }

  /** Sets in the innermost scope (a keyword's locals, else the test, else the suite). */
  set(name: string, value: unknown): void {
    const scope = this.locals[this.locals.length - 1] ?? this.testLocal ?? this.suites[this.suites.length - 1] ?? this.globals;
    scope.set(this.key(name), value);
  }

  setTest(name: string, value: unknown): void {
    if (!this.test) {
      // Robot 7.2: in suite setup or teardown a test variable is a suite variable there, and tests start with the earlier value.
      const key = normaliseVarName(name);
      const before = this.lookup(name);
      const locals = this.suiteLocals[this.suiteLocals.length - 1];
      const earlier = locals?.has(key) ? locals.get(key) : before.found ? before.value : ABSENT;
      this.setSuite(name, value);
      locals?.set(key, earlier);
      return;
    }
    this.test.set(this.key(name), value);
    this.testLocal?.delete(normaliseVarName(name));
    for (const local of this.locals) local.delete(normaliseVarName(name));
  }

  /** `children`: child suites started later see it too (VAR scope=SUITES, Set Suite Variable children=True). */
  setSuite(name: string, value: unknown, children = false): void {
    const key = this.key(name);
    const inherited = this.inherited[this.inherited.length - 1];
    if (children) inherited?.set(key, value);
    else inherited?.delete(key);
    (this.suites[this.suites.length - 1] ?? this.globals).set(key, value);
    this.suiteLocals[this.suiteLocals.length - 1]?.delete(key);
    this.test?.delete(key);
    this.testLocal?.delete(key);
    for (const local of this.locals) local.delete(key);
  }

  setGlobal(name: string, value: unknown): void {
    const key = this.key(name);
    this.globals.set(key, value);
    for (const s of [...this.suites, ...this.inherited, ...this.locals]) s.delete(key);
    this.test?.delete(key);
    this.testLocal?.delete(key);
  }

  /** Every variable the running keyword sees, by the name it was first given (a name defined in an inner scope hides the outer one). */
  visible(): Map<string, unknown> {
    const keys = new Set<string>();
    for (const scope of this.chain().reverse()) for (const key of scope.keys()) keys.add(key);
    const out = new Map<string, unknown>();
    for (const key of keys) {
      const found = this.lookup(key);
      if (found.found) out.set(this.spelling.get(key) ?? key, found.value);
    }
    return out;
  }

  /** The normalised key of a name, remembering how the name was first spelt. */
  private key(name: string): string {
    const key = normaliseVarName(name);
    if (!this.spelling.has(key)) this.spelling.set(key, name);
    return key;
  }
}

/** Robot's constant built-in variables, as Get Variables lists them (${EMPTY} is not among them). */
export const BUILTIN_CONSTANTS = ['/', ':', '\\n', 'SPACE', 'True', 'False', 'None', 'null'];

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
