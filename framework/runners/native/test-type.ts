import { isLeaseName, LEASE_NAME_RULE } from '../../model/lease-name.ts';
import type { Annotation } from '../../model/test-case.ts';
import type { ResolvedEnvironment } from '../../model/environment.ts';
import { collector, currentGroup, DeclarationError } from './collector.ts';
import { newGroup, type DeclaredGroup, type DeclaredTest, type DescribeMode, type HookKind } from './declarations.ts';
import { FixturePool } from './fixture-pool.ts';
import { callerLocation } from './location.ts';
import { currentRunning, SkipSignal, type TestInfo } from './test-info.ts';

export interface TestDetails {
  /** Tags, with or without '@': `{ tag: ['@smoke', 'api'] }`. */
  tag?: string | string[];
  annotation?: Annotation | Annotation[];
  /**
   * Exclusive testbed resources the test (or every test of the describe)
   * needs, e.g. `{ lease: 'switch:br0/ports-1-4' }`: a run that plans it
   * holds them as it holds a suite's `leases` (README "Testbed leases").
   */
  lease?: string | string[];
}

type TestBody<Args> = (args: Args, info: TestInfo) => unknown;
type HookBody<Args> = (args: Args, info: TestInfo) => unknown;

export type TestFixture<R, Args> = (args: Args, use: (r: R) => Promise<void>, info: TestInfo) => unknown;
export type WorkerFixture<R, Args> = (args: Args, use: (r: R) => Promise<void>, info: WorkerInfo) => unknown;

export interface WorkerInfo {
  workerIndex: number;
}

/** The fixtures argument of `test.extend`, typed like Playwright's. */
export type Fixtures<T extends object = {}, W extends object = {}, PT extends object = {}, PW extends object = {}> = {
  [K in keyof W]?: [WorkerFixture<W[K], W & PW>, { scope: 'worker' | 'run'; auto?: boolean }] | [W[K], { scope: 'worker'; option: true }];
} & {
  [K in keyof T]?: TestFixture<T[K], T & W & PT & PW> | [TestFixture<T[K], T & W & PT & PW>, { scope?: 'test'; auto?: boolean }] | [T[K], { scope?: 'test'; option: true }] | T[K];
};

/** test.describe.configure(): how the describe (or the file, at its top level) runs. */
export interface DescribeConfig {
  /** 'serial': in order, in one worker, the rest skipped after a failure and retried together; 'parallel': each test may run in another worker; 'default': the file's order, in one worker. */
  mode?: 'default' | 'serial' | 'parallel';
  retries?: number;
  timeout?: number;
}

type Modifier = {
  (): void;
  (condition: boolean, description?: string): void;
};

export interface TestType<T extends object, W extends object> {
  (title: string, body: TestBody<T & W>): void;
  (title: string, details: TestDetails, body: TestBody<T & W>): void;
  only(title: string, body: TestBody<T & W>): void;
  only(title: string, details: TestDetails, body: TestBody<T & W>): void;
  skip: Modifier & ((title: string, body: TestBody<T & W>) => void) & ((title: string, details: TestDetails, body: TestBody<T & W>) => void);
  fixme: Modifier & ((title: string, body: TestBody<T & W>) => void) & ((title: string, details: TestDetails, body: TestBody<T & W>) => void);
  fail: Modifier & ((title: string, body: TestBody<T & W>) => void) & ((title: string, details: TestDetails, body: TestBody<T & W>) => void);
  slow: Modifier;
  describe: DescribeFn & {
    only: DescribeFn;
    skip: DescribeFn;
    fixme: DescribeFn;
    /** A describe whose tests run in order as one unit: after a failure the rest are skipped. */
    serial: DescribeFn & { only: DescribeFn; skip: DescribeFn };
    parallel: DescribeFn & { only: DescribeFn };
    configure(config: DescribeConfig): void;
  };
  /**
   * Fixture values for the tests of this file or describe, as Playwright's
   * test.use: options declared `[default, { option: true }]`, or any fixture.
   */
  use(fixtures: { [K in keyof (T & W)]?: (T & W)[K] }): void;
  beforeAll(body: HookBody<W>): void;
  beforeAll(title: string, body: HookBody<W>): void;
  afterAll(body: HookBody<W>): void;
  afterAll(title: string, body: HookBody<W>): void;
  beforeEach(body: HookBody<T & W>): void;
  beforeEach(title: string, body: HookBody<T & W>): void;
  afterEach(body: HookBody<T & W>): void;
  afterEach(title: string, body: HookBody<T & W>): void;
  /** In a describe: the timeout of its tests; in a test: this test's timeout (ms). */
  setTimeout(timeout: number): void;
  /** A named step: reported with its duration and error, nested inside other steps. */
  step<R>(title: string, body: () => R | Promise<R>, options?: { category?: string }): Promise<R>;
  info(): TestInfo;
  extend<T2 extends object = {}, W2 extends object = {}>(fixtures: Fixtures<T2, W2, T, W>): TestType<T & T2, W & W2>;
}

type DescribeFn = {
  (title: string, body: () => void): void;
  (title: string, details: TestDetails, body: () => void): void;
};

export interface BuiltinWorkerFixtures {
  /** The environment the run targets: endpoints, variables and secrets. */
  env: ResolvedEnvironment;
}

function builtinPool(): FixturePool {
  // `env` is filled in by the worker from what the tollgate process resolved.
  return new FixturePool(new Map()).extend({ env: [async (_: unknown, use: (v: unknown) => Promise<void>) => use(undefined), { scope: 'worker' }] });
}

export function createTestType(pool: FixturePool = builtinPool()): TestType<{}, BuiltinWorkerFixtures> {
  const declare = (only: boolean, modifier: Annotation['type'] | null) => (title: string, detailsOrBody: unknown, maybeBody?: unknown) => {
    const [details, body] = typeof detailsOrBody === 'function' ? [{} as TestDetails, detailsOrBody] : [(detailsOrBody ?? {}) as TestDetails, maybeBody];
    const group = currentGroup('test()');
    if (typeof title !== 'string') throw new DeclarationError(`test() needs a title string first, got ${typeof title}`);
    if (typeof body !== 'function') throw new DeclarationError(`test("${title}") needs a function as its last argument`);
    const { tags, annotations, leases } = detailsOf(title, details);
    if (modifier) annotations.push({ type: modifier });
    const test: DeclaredTest = {
      type: 'test',
      title,
      fn: body,
      pool,
      location: callerLocation(collector().file!.file, collector().rootDir),
      tags,
      annotations,
      leases,
      only,
      parent: group,
    };
    group.entries.push(test);
  };

  const modifier = (type: 'skip' | 'fixme' | 'fail' | 'slow') => (...args: unknown[]) => {
    if (typeof args[0] === 'string') return declare(false, type)(args[0], args[1], args[2]);
    const condition = args.length === 0 ? true : Boolean(args[0]);
    const description = typeof args[1] === 'string' ? args[1] : undefined;
    const running = currentRunning();
    if (running) {
      running.info[type](condition, description);
      return;
    }
    const group = currentGroup(`test.${type}()`);
    if (!condition) return;
    group.annotations.push({ type, description });
  };

  const describe = (only: boolean, annotation: Annotation['type'] | null, mode?: DescribeMode) => (title: string, detailsOrBody: unknown, maybeBody?: unknown) => {
    const [details, body] = typeof detailsOrBody === 'function' ? [{} as TestDetails, detailsOrBody] : [(detailsOrBody ?? {}) as TestDetails, maybeBody];
    const parent = currentGroup('test.describe()');
    if (typeof body !== 'function') throw new DeclarationError(`test.describe("${title}") needs a function as its last argument`);
    const group = newGroup(title, callerLocation(collector().file!.file, collector().rootDir), parent);
    const { tags, annotations, leases } = detailsOf(title, details);
    group.tags = tags;
    group.annotations = annotations;
    group.leases = leases;
    if (annotation) group.annotations.push({ type: annotation });
    group.only = only;
    if (mode) group.mode = mode;
    parent.entries.push(group);
    const state = collector();
    state.group = group;
    try {
      const result = body();
      if (result instanceof Promise) throw new DeclarationError(`test.describe("${title}") body must be synchronous: declare tests, do not await in it`);
    } finally {
      state.group = parent;
    }
  };

  const hook = (kind: HookKind) => (titleOrBody: unknown, maybeBody?: unknown) => {
    const [title, body] = typeof titleOrBody === 'string' ? [titleOrBody, maybeBody] : [`${kind} hook`, titleOrBody];
    const group = currentGroup(`test.${kind}()`);
    if (typeof body !== 'function') throw new DeclarationError(`test.${kind}() needs a function`);
    group.hooks.push({ kind, title, fn: body, pool, location: callerLocation(collector().file!.file, collector().rootDir) });
  };

  const test = declare(false, null) as unknown as TestType<{}, BuiltinWorkerFixtures>;
  const api = test as unknown as Record<string, unknown>;
  api.only = declare(true, null);
  api.skip = modifier('skip');
  api.fixme = modifier('fixme');
  api.fail = modifier('fail');
  api.slow = modifier('slow');
  api.describe = Object.assign(describe(false, null), {
    only: describe(true, null),
    skip: describe(false, 'skip'),
    fixme: describe(false, 'fixme'),
    serial: Object.assign(describe(false, null, 'serial'), { only: describe(true, null, 'serial'), skip: describe(false, 'skip', 'serial') }),
    parallel: Object.assign(describe(false, null, 'parallel'), { only: describe(true, null, 'parallel') }),
    configure: (config: DescribeConfig) => configure(currentGroup('test.describe.configure()'), config),
  });
  api.use = (fixtures: Record<string, unknown>) => {
    const group = currentGroup('test.use()');
    if (!fixtures || typeof fixtures !== 'object' || Array.isArray(fixtures)) throw new DeclarationError('test.use() needs an object of fixture values, e.g. test.use({ locale: \'de-DE\' })');
    for (const name of Object.keys(fixtures)) {
      if (!pool.definitions.has(name)) {
        throw new DeclarationError(`test.use(): "${name}" is not a fixture or option of this test; declare it with test.extend({ ${name}: [defaultValue, { option: true }] }). Known: ${[...pool.definitions.keys()].join(', ')}`);
      }
    }
    group.uses.push({ ...fixtures });
  };
  api.beforeAll = hook('beforeAll');
  api.afterAll = hook('afterAll');
  api.beforeEach = hook('beforeEach');
  api.afterEach = hook('afterEach');
  api.setTimeout = (timeout: number) => {
    const running = currentRunning();
    if (running) running.info.setTimeout(timeout);
    else currentGroup('test.setTimeout()').timeout = timeout;
  };
  api.step = <R>(title: string, body: () => R | Promise<R>, options?: { category?: string }) => {
    const running = currentRunning();
    if (!running) throw new DeclarationError(`test.step("${title}") can only be called while a test runs`);
    return running.steps.runStep(title, options?.category ?? 'test.step', body);
  };
  api.info = () => {
    const running = currentRunning();
    if (!running) throw new DeclarationError('test.info() can only be called while a test runs');
    return running.info;
  };
  api.extend = (fixtures: Record<string, unknown>) => createTestType(pool.extend(fixtures));
  return test;
}

const MODES = ['default', 'serial', 'parallel'];

function configure(group: DeclaredGroup, config: DescribeConfig): void {
  const where = group.title ? `test.describe("${group.title}")` : 'the file';
  if (!config || typeof config !== 'object') throw new DeclarationError(`test.describe.configure() in ${where} needs an object, e.g. { mode: 'serial' }`);
  for (const key of Object.keys(config)) {
    if (!['mode', 'retries', 'timeout'].includes(key)) throw new DeclarationError(`test.describe.configure() in ${where}: unknown option "${key}"; use mode, retries or timeout`);
  }
  if (config.mode !== undefined) {
    if (!MODES.includes(config.mode)) throw new DeclarationError(`test.describe.configure() in ${where}: mode must be one of ${MODES.join(', ')}, not ${JSON.stringify(config.mode)}`);
    // A parallel describe inside a serial one stays serial, as in Playwright.
    group.mode = config.mode;
  }
  for (const key of ['retries', 'timeout'] as const) {
    const value = config[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) throw new DeclarationError(`test.describe.configure() in ${where}: ${key} must be a whole number >= 0, not ${JSON.stringify(value)}`);
    group[key] = value;
  }
}

function detailsOf(title: string, details: TestDetails): { tags: string[]; annotations: Annotation[]; leases: string[] } {
  const tags = [details.tag ?? []].flat().map(normaliseTag);
  for (const match of title.matchAll(/(?:^|\s)@([\w:.-]+)/g)) tags.push(match[1]);
  const annotations = [details.annotation ?? []].flat().map((a) => ({ ...a }));
  const leases: unknown[] = [details.lease ?? []].flat();
  for (const lease of leases) {
    if (!isLeaseName(lease)) throw new DeclarationError(`"${title}": lease ${JSON.stringify(lease)} is not a resource name; use ${LEASE_NAME_RULE}, e.g. { lease: 'switch:br0/ports-1-4' }`);
  }
  return { tags: [...new Set(tags)], annotations, leases: [...new Set(leases as string[])] };
}

export function normaliseTag(tag: string): string {
  return tag.startsWith('@') ? tag.slice(1) : tag;
}

/** Used by the loader to open a file's root group. */
export function openFile(group: DeclaredGroup): void {
  collector().group = group;
}
