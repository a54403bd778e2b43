/**
 * Fixtures are scoped dependency injection, as in Playwright: a fixture is
 * `async ({ deps }, use, testInfo) => { setup; await use(value); teardown }`,
 * so its teardown sits next to its setup. Scopes:
 * - test: set up for each test that asks for it, torn down after it
 * - worker: set up once per worker process
 * - run: set up once per run in the tollgate process; its value must
 *   survive JSON, because it is handed to every worker
 */
export type FixtureScope = 'test' | 'worker' | 'run';

export interface FixtureDefinition {
  name: string;
  scope: FixtureScope;
  /** Runs for every test (or worker) even when nobody asks for it. */
  auto: boolean;
  /** A plain value instead of a function. */
  fn?: Function;
  value?: unknown;
  deps: string[];
  /** The definition this one overrides (same name, from a parent test type). */
  parent?: FixtureDefinition;
}

export class FixtureError extends Error {}

export class FixturePool {
  readonly definitions: ReadonlyMap<string, FixtureDefinition>;

  constructor(definitions: Map<string, FixtureDefinition>) {
    this.definitions = definitions;
  }

  /** A pool with `fixtures` added over this one's, as `test.extend(fixtures)` makes. */
  extend(fixtures: Record<string, unknown>): FixturePool {
    const definitions = new Map(this.definitions);
    for (const [name, raw] of Object.entries(fixtures)) {
      const [body, options] = Array.isArray(raw) && raw.length === 2 && isOptions(raw[1]) ? raw : [raw, {}];
      const parent = definitions.get(name);
      const scope: FixtureScope = (options as { scope?: FixtureScope }).scope ?? parent?.scope ?? 'test';
      if (!['test', 'worker', 'run'].includes(scope)) {
        throw new FixtureError(`fixture "${name}": scope must be 'test', 'worker' or 'run', not '${String(scope)}'`);
      }
      const fn = typeof body === 'function' ? body : undefined;
      const deps = fn ? fixtureParameterNames(fn, `fixture "${name}"`) : [];
      definitions.set(name, { name, scope, auto: Boolean((options as { auto?: boolean }).auto), fn, value: fn ? undefined : body, deps, parent });
    }
    const pool = new FixturePool(definitions);
    pool.checkGraph();
    return pool;
  }

  /** Names of the fixtures a function needs, with their dependencies, in setup order. */
  closure(names: readonly string[]): FixtureDefinition[] {
    const order: FixtureDefinition[] = [];
    const seen = new Set<string>();
    const visit = (name: string, from: string) => {
      if (seen.has(name)) return;
      const def = this.definitions.get(name);
      if (!def) throw new FixtureError(`${from} asks for fixture "${name}", which is not defined. Known fixtures: ${[...this.definitions.keys()].join(', ') || '(none)'}`);
      seen.add(name);
      for (const dep of def.deps) if (dep !== name) visit(dep, `fixture "${name}"`);
      order.push(def);
    };
    for (const name of names) visit(name, 'the test');
    for (const def of this.definitions.values()) if (def.auto) visit(def.name, 'an auto fixture');
    return order;
  }

  private checkGraph(): void {
    const rank: Record<FixtureScope, number> = { run: 0, worker: 1, test: 2 };
    for (const def of this.definitions.values()) {
      for (const dep of def.deps) {
        // A fixture may call its parent by its own name (override); that is not a cycle.
        const target = dep === def.name ? def.parent : this.definitions.get(dep);
        if (target && rank[target.scope] > rank[def.scope]) {
          throw new FixtureError(`${def.scope} fixture "${def.name}" cannot depend on ${target.scope} fixture "${dep}": a fixture lives at least as long as what it uses`);
        }
      }
    }
  }
}

function isOptions(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && ('scope' in value || 'auto' in value || 'option' in value);
}

/**
 * The names in the first parameter's destructuring pattern, read from the
 * function's source as Playwright does: `async ({ page, api }) => ...`.
 */
export function fixtureParameterNames(fn: Function, what: string): string[] {
  const source = fn.toString();
  const params = parameterList(source);
  if (params === undefined) return [];
  const first = params.trim();
  if (first === '') return [];
  if (!first.startsWith('{')) {
    if (/^[\w$]+\s*(,|$)/.test(first) && /^_/.test(first)) return [];
    throw new FixtureError(`${what}: the first argument must use object destructuring, e.g. async ({ api }) => {...}; got "${first.split(',')[0]}"`);
  }
  const end = matchingBrace(first, 0);
  return splitTopLevel(first.slice(1, end))
    .map((part) => part.trim())
    .filter((part) => part && !part.startsWith('...'))
    .map((part) => part.split(/[:=]/)[0].trim());
}

function parameterList(source: string): string | undefined {
  let i = 0;
  if (/^async\b/.test(source)) i = 5;
  while (source[i] === ' ') i++;
  if (source.startsWith('function', i) || !['('].includes(source[i])) {
    const open = source.indexOf('(', i);
    const arrow = source.indexOf('=>', i);
    if (arrow !== -1 && (open === -1 || arrow < open)) return source.slice(i, arrow).trim();
    if (open === -1) return undefined;
    i = open;
  }
  const close = matchingBrace(source, i);
  return source.slice(i + 1, close);
}

function matchingBrace(text: string, start: number): number {
  const open = text[start];
  const close = open === '(' ? ')' : open === '{' ? '}' : ']';
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') {
      depth--;
      if (depth === 0 && ch === close) return i;
    }
  }
  return text.length;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '{' || ch === '[') depth++;
    else if (ch === ')' || ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
