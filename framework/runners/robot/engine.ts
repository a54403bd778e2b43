import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { FixtureCall, ParsedFile, SuiteSettings, TestDefinition } from './ast.ts';
import { evaluateExpression } from './expression.ts';
import { failurePolicy } from './continue-on-failure.ts';
import { combine, runBody, runCall } from './keyword-runner.ts';
import type { LibraryFactory, LibraryHost, LoadedLibrary } from './library-loader.ts';
import { LibraryLoader, closeLibrary } from './library-loader.ts';
import type { RobotSuiteSpec } from './load-suite.ts';
import { Namespace } from './namespace.ts';
import { parseRobot } from './parse-file.ts';
import { Replacer } from './replace.ts';
import type { BodyResult, RobotStatus, SuiteResult, TestResult } from './result.ts';
import { RobotError, asRobotError } from './robot-error.ts';
import type { ConsoleWriter, EngineListener, RunContext } from './run-context.ts';
import { now, processConsole, testScope } from './run-context.ts';
import { selectedTest } from './test-selection.ts';
import { type TagChange, applyTagChanges } from './test-tags.ts';
import { formatTime, parseTimeString } from './time-string.ts';
import { readVariableFile } from './variable-file.ts';
import { Variables } from './variables.ts';
import { setVariableSection } from './variable-section.ts';

/**
 * Runs a suite tree with Robot Framework's semantics (issue 8, item 2):
 * suite and test setups and teardowns, PASS/FAIL/SKIP/NOT RUN, tag
 * selection, --dryrun, timeouts and templates. The result tree is what
 * output.xml is written from; listeners see tests and keywords as they run.
 */

export interface EngineOptions {
  dryRun?: boolean;
  /** Tag patterns (Robot's --include / --exclude). */
  include?: readonly string[];
  exclude?: readonly string[];
  /** Name patterns (Robot's --test / --suite). */
  test?: readonly string[];
  suite?: readonly string[];
  /** Robot's --exitonfailure: after a test fails, the tests left fail without running. */
  exitOnFailure?: boolean;
  /** Only these tests, by long name ('Suite.Sub.Test'): a rerun of failed tests. */
  onlyTests?: Set<string>;
  /** Variables given from outside (Robot's --variable), overriding the files'. */
  variables?: Record<string, unknown>;
  listener?: EngineListener;
  /** Libraries known by name: `Library    API` → its factory. */
  libraries?: Record<string, LibraryFactory | (() => Promise<LibraryFactory>)>;
  environment?: LibraryHost['environment'];
  rootDir?: string;
  /** GLOBAL-scope library instances, to share between engines of one run (a rerun of failed tests). */
  globalLibraries?: Map<string, LoadedLibrary>;
  /** Called for problems in a file that do not stop it (Robot's "Error in file ..."). */
  onFileError?(message: string, file: string, line: number): void;
  /** Where Log To Console writes; the process's stdout and stderr by default. */
  console?: ConsoleWriter;
  /** The run's SIGINT/SIGTERM: the running keyword's test fails and nothing more starts. */
  signal?: AbortSignal;
}


export class Engine {
  private readonly variables = new Variables();
  private readonly loader: LibraryLoader;
  private readonly listener: EngineListener;
  private testLibraries: LoadedLibrary[] = [];
  /** Libraries loaded for the running suite (not GLOBAL ones): closed when the suite ends. */
  private suiteLibraries: LoadedLibrary[] = [];
  /** Set once a failure stopped the run (--exitonfailure): what the tests left fail with, without running. */
  private exit?: string;
  private topSuite?: SuiteResult;
  /** Set when the run's signal aborted: every context sees it as its timeout. */
  private stopped?: RobotError;
  /** Every suite's context: a parent's resumes (its teardown) after its children. */
  private readonly contexts: RunContext[] = [];

  constructor(private readonly options: EngineOptions = {}) {
    this.listener = options.listener ?? {};
    this.loader = new LibraryLoader(options.libraries ?? {}, (context) => ({
      environment: options.environment,
      rootDir: options.rootDir,
      context,
      log: (text, level = 'INFO') => {
        const node = context.stack[context.stack.length - 1];
        const message = { time: now(), level, text };
        node?.messages.push(message);
        this.listener.message?.(message, node);
      },
    }), options.globalLibraries);
    for (const name of PREV_TEST) this.variables.setGlobal(name, '');
    for (const [name, value] of Object.entries(options.variables ?? {})) this.variables.setGlobal(name, value);
    // Robot's own words for a run stopped by a signal; like a timeout, nothing catches it or continues after it.
    const stop = () => {
      this.stopped = new RobotError('Execution terminated by signal', { timeout: true });
      for (const ctx of this.contexts) ctx.timedOut ??= this.stopped;
    };
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
  }

  async run(spec: RobotSuiteSpec): Promise<SuiteResult> {
    return this.runSuite(spec, [], undefined, 's1', {});
  }

  private context(namespace: Namespace, curdir: string): RunContext {
    const replacer = new Replacer(this.variables, (expression, vars) => evaluateExpression(expression, vars));
    replacer.curdir = curdir;
    const ctx: RunContext = {
      variables: this.variables, replacer, namespace, dryRun: this.options.dryRun ?? false, listener: this.listener,
      stack: [], sink: [], continueOnFailure: false, depth: 0, state: {}, console: this.options.console ?? processConsole,
    };
    this.contexts.push(ctx);
    ctx.timedOut = this.stopped;
    return ctx;
  }

  /** `inherited`: the test defaults of __init__.robot files above this suite (tags add up; the nearest setting wins). */
  private async runSuite(spec: RobotSuiteSpec, path: string[], parentFailure: string | undefined, id: string, inherited: Inherited): Promise<SuiteResult> {
    const file = spec.file;
    const result: SuiteResult = {
      name: spec.name, id, source: spec.source, doc: file?.settings.doc ?? '', metadata: file?.settings.metadata ?? [],
      suites: [], tests: [], status: 'PASS', message: '', start: now(), elapsed: 0, rpa: file?.tasks ?? false,
    };
    const started = performance.now();
    for (const error of spec.errors) this.options.onFileError?.(error.message, error.source.file, error.source.line);
    const suitePath = [...path, spec.name];
    // As Robot removes the suites --test, --suite or --include leave empty before running: their setups do not run.
    if (path.length > 0 && !spec.error && !this.anySelected(spec, suitePath, inherited.testTags ?? [])) return result;
    this.testLibraries = [];
    this.variables.startSuite();
    const namespace = new Namespace();
    const ctx = this.context(namespace, spec.file ? dirname(spec.source) : spec.source);
    ctx.suite = result;
    ctx.topSuite = this.topSuite ??= result;
    ctx.suiteTags = [...(inherited.suiteTags ?? [])];
    this.variables.setSuite('SUITE NAME', suitePath.join('.'));
    this.variables.setSuite('SUITE SOURCE', spec.source);
    this.variables.setSuite('SUITE DOCUMENTATION', result.doc);
    let failure = parentFailure;
    if (spec.error) {
      failure ??= `Suite could not be parsed: ${spec.error.message}`;
      result.status = 'FAIL';
      result.message = spec.error.message;
    }
    try {
      await this.prepareNamespace(ctx, namespace, file, spec.source);
    } catch (error) {
      this.options.onFileError?.(asRobotError(error).message, spec.source, 1);
    }
    // Robot resolves the suite's documentation and metadata once its imports are in: variables, and escapes such as \n.
    result.doc = safeString(ctx, result.doc);
    result.metadata = result.metadata.map(([name, value]) => [safeString(ctx, name), safeString(ctx, value)]);
    this.variables.setSuite('SUITE DOCUMENTATION', result.doc);
    const own = file?.settings;
    const settings: SuiteSettings | undefined = own || Object.keys(inherited).length > 0 ? {
      doc: own?.doc ?? '', metadata: own?.metadata ?? [], imports: own?.imports ?? [], keywordTags: own?.keywordTags ?? [],
      suiteSetup: own?.suiteSetup, suiteTeardown: own?.suiteTeardown, testTemplate: own?.testTemplate,
      testSetup: own?.testSetup ?? inherited.testSetup, testTeardown: own?.testTeardown ?? inherited.testTeardown,
      testTimeout: own?.testTimeout ?? inherited.testTimeout, testTags: [...(inherited.testTags ?? []), ...(own?.testTags ?? [])],
    } : undefined;
    const forChildren: Inherited = { testSetup: settings?.testSetup, testTeardown: settings?.testTeardown, testTimeout: settings?.testTimeout, testTags: settings?.testTags, suiteTags: ctx.suiteTags };
    // A suite begun after the run stopped runs neither its setup nor its teardown (Robot's status.py).
    const stoppedBefore = this.exit !== undefined;
    if (!failure && !stoppedBefore && settings?.suiteSetup) {
      const setup = await this.fixture(ctx, settings.suiteSetup, 'SETUP');
      result.setup = setup.node;
      // Skip in a suite setup skips every test under it (testBody reads the prefix).
      if (setup.error) failure = `${setup.error.skip ? SKIPPED_IN_SETUP : 'Parent suite setup failed:'}\n${setup.error.message}`;
    }
    const tests = (file?.tests ?? []).filter((t) => this.selected(t, settings, suitePath));
    let index = 0;
    for (const test of tests) {
      index++;
      result.tests.push(await this.runTest(ctx, test, settings, suitePath, failure, `${id}-t${index}`, spec.source, index));
    }
    // A child suite has its own libraries; this suite's are closed after its teardown, not by the child.
    const ownLibraries = this.suiteLibraries.splice(0);
    const ownTestLibraries = this.testLibraries;
    index = 0;
    for (const child of spec.children) {
      index++;
      const childResult = await this.runSuite(child, suitePath, failure, `${id}-s${index}`, forChildren);
      if (childResult.tests.length > 0 || childResult.suites.length > 0 || child.error) result.suites.push(childResult);
    }
    this.suiteLibraries.push(...ownLibraries);
    this.testLibraries = ownTestLibraries;
    if (settings?.suiteTeardown && !parentFailure && !stoppedBefore) {
      ctx.teardown = 'suite';
      const teardown = await this.fixture(ctx, settings.suiteTeardown, 'TEARDOWN');
      ctx.teardown = undefined;
      result.teardown = teardown.node;
      if (teardown.error?.skip) {
        result.message = `Skipped in suite teardown:\n${teardown.error.message}`;
        markTeardownSkipped(result, teardown.error.message);
      } else if (teardown.error) {
        this.failureOccurred();
        result.message = `Suite teardown failed:\n${teardown.error.message}`;
        markTeardownFailure(result, teardown.error.message);
      }
    }
    for (const library of this.suiteLibraries.splice(0)) await this.close(library);
    this.testLibraries = [];
    if (result.status !== 'FAIL' || !spec.error) result.status = suiteStatus(result);
    if (spec.error) result.status = 'FAIL';
    if (!result.message && failure && !parentFailure) result.message = failure.replace(/^Parent suite setup failed:/, 'Suite setup failed:').replace(/^Skipped in parent suite setup:/, 'Skipped in suite setup:');
    for (const name of PREV_TEST) this.variables.setGlobal(name, this.variables.lookup(name).value);
    this.variables.endSuite();
    result.elapsed = (performance.now() - started) / 1000;
    return result;
  }

  private async close(library: LoadedLibrary): Promise<void> {
    try {
      await closeLibrary(library);
    } catch (error) {
      this.options.onFileError?.(`Closing library '${library.name}' failed: ${asRobotError(error).message}`, library.name, 0);
    }
  }

  private failureOccurred(): void {
    if (this.options.exitOnFailure) this.exit ??= 'Failure occurred and exit-on-failure mode is in use.';
  }

  private anySelected(spec: RobotSuiteSpec, suitePath: string[], inheritedTags: string[]): boolean {
    const testTags = [...inheritedTags, ...(spec.file?.settings.testTags ?? [])];
    return (spec.file?.tests ?? []).some((test) => this.selected(test, { testTags }, suitePath))
      || spec.children.some((child) => this.anySelected(child, [...suitePath, child.name], testTags));
  }

  private selected(test: TestDefinition, settings: Pick<SuiteSettings, 'testTags'> | undefined, suitePath: string[]): boolean {
    const tags = [...(settings?.testTags ?? []), ...test.tags];
    if (tags.some((t) => t.toLowerCase() === 'robot:exclude')) return false;
    if (!selectedTest(tags, suitePath, test.name, this.options)) return false;
    if (this.options.onlyTests && !this.options.onlyTests.has([...suitePath, test.name].join('.'))) return false;
    return true;
  }

  /** Imports libraries and resources, and sets the Variables section, in the file's order. */
  private async prepareNamespace(ctx: RunContext, namespace: Namespace, file: ParsedFile | undefined, source: string): Promise<void> {
    const builtin = await this.loader.load('BuiltIn', [], source, ctx);
    namespace.addLibrary('BuiltIn', builtin.keywords, undefined, builtin);
    const seen = new Set([source]);
    ctx.importer = this.importer(ctx, namespace, source, seen);
    if (!file) return;
    // Robot's order: the file's own Variables section first (its names win), then imports; values resolve lazily.
    this.setVariables(ctx, file);
    await this.importAll(ctx, namespace, file, source, seen);
    namespace.addOwn(file.keywords);
    this.variables.resolvePending();
    for (const [name, value] of Object.entries(this.options.variables ?? {})) this.variables.setSuite(name, value);
  }

  private async importAll(ctx: RunContext, namespace: Namespace, file: ParsedFile, source: string, seen: Set<string>): Promise<void> {
    for (const imp of file.settings.imports) {
      try {
        const name = ctx.replacer.string(imp.name);
        if (imp.type === 'Library') {
          await this.importLibrary(ctx, namespace, name, ctx.replacer.list(imp.args), imp.alias, source);
        } else if (imp.type === 'Resource') {
          await this.importResource(ctx, namespace, name, source, seen);
        } else {
          await this.importVariables(ctx, name, source);
        }
      } catch (error) {
        this.options.onFileError?.(`Error in file '${imp.source.file}' on line ${imp.source.line}: ${asRobotError(error).message}`, imp.source.file, imp.source.line);
      }
    }
  }

  private async importLibrary(ctx: RunContext, namespace: Namespace, name: string, args: unknown[], alias: string | undefined, source: string): Promise<void> {
    const library = await this.loader.load(name, args, source, ctx);
    namespace.addLibrary(library.name, library.keywords, alias, library);
    if (library.renew) this.testLibraries.push(library);
    if (library.scope !== 'GLOBAL' && !this.suiteLibraries.includes(library)) this.suiteLibraries.push(library);
  }

  private async importResource(ctx: RunContext, namespace: Namespace, name: string, source: string, seen: Set<string>): Promise<void> {
    const path = isAbsolute(name) ? name : resolve(dirname(source), name);
    if (seen.has(path)) return;
    seen.add(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      throw new RobotError(`Resource file '${name}' does not exist.`);
    }
    if (/^__init__\.(robot|resource|txt)$/.test(basename(path))) throw new RobotError(`Initialization file '${path}' cannot be imported as a resource file.`);
    const resource = parseRobot(text, path, { resource: true });
    for (const e of resource.errors) this.options.onFileError?.(e.message, e.source.file, e.source.line);
    this.setVariables(ctx, resource);
    await this.importAll(ctx, namespace, resource, path, seen);
    namespace.addResource(path.replace(/^.*\//, '').replace(/\.(robot|resource|txt)$/, ''), resource.keywords);
  }

  /** BuiltIn's Import Library / Resource / Variables while the suite runs: into its namespace, as its own imports go. */
  private importer(ctx: RunContext, namespace: Namespace, source: string, seen: Set<string>): NonNullable<RunContext['importer']> {
    return {
      library: (name, args, alias) => this.importLibrary(ctx, namespace, name, args, alias, source),
      resource: (name) => this.importResource(ctx, namespace, name, source, seen),
      variables: (name) => this.importVariables(ctx, name, source),
    };
  }

  private async importVariables(ctx: RunContext, name: string, source: string): Promise<void> {
    const path = isAbsolute(name) ? name : resolve(dirname(source), name);
    let values: Record<string, unknown>;
    if (!existsSync(path)) throw new RobotError(`Variable file '${name}' does not exist.`);
    // Data files (and a Python file, refused by name) as --variablefile reads them; a .js/.ts module is imported.
    if (/\.(py|json|ya?ml)$/i.test(path)) {
      try {
        values = readVariableFile(path);
      } catch (error) {
        throw new RobotError(`Importing variable file '${path}' failed: ${(error as Error).message}`);
      }
    } else {
      const mod = (await import(path)) as Record<string, unknown>;
      values = (typeof mod.default === 'object' && mod.default ? mod.default : mod) as Record<string, unknown>;
    }
    for (const [key, value] of Object.entries(values)) ctx.variables.setSuite(key.replace(/^(LIST|DICT)__/, ''), value);
  }

  private setVariables(ctx: RunContext, file: ParsedFile): void {
    setVariableSection(ctx.variables, ctx.replacer, file.variables, (message, source, line) => this.options.onFileError?.(message, source, line));
  }

  private async fixture(ctx: RunContext, call: FixtureCall, kwType: 'SETUP' | 'TEARDOWN'): Promise<{ node?: BodyResult; error?: RobotError }> {
    const sink: BodyResult[] = [];
    ctx.sink = sink;
    ctx.stack = [];
    const saved = ctx.continueOnFailure;
    const savedTeardown = ctx.inTeardown;
    ctx.continueOnFailure = kwType === 'TEARDOWN';
    ctx.inTeardown = kwType === 'TEARDOWN';
    let error: RobotError | undefined;
    try {
      const name = ctx.replacer.string(call.name);
      if (name.toUpperCase() !== 'NONE' && name !== '') await runCall(ctx, { name: call.name, args: call.args, assign: [], source: call.source }, kwType);
    } catch (e) {
      error = asRobotError(e);
    } finally {
      ctx.continueOnFailure = saved;
      ctx.inTeardown = savedTeardown;
    }
    return { node: sink[0], error };
  }

  private async runTest(ctx: RunContext, test: TestDefinition, settings: SuiteSettings | undefined, suitePath: string[], parentFailure: string | undefined, id: string, source: string, index: number): Promise<TestResult> {
    const tags = applyTagChanges([...(settings?.testTags ?? []), ...test.tags].map((t) => safeString(ctx, t)), ctx.suiteTags ?? []);
    const timeout = test.timeout === undefined ? settings?.testTimeout : test.timeout ?? undefined;
    const result: TestResult = { name: safeString(ctx, test.name), id, line: test.source.line, doc: safeString(ctx, test.doc), tags, body: [], status: 'FAIL', message: '', start: now(), elapsed: 0 };
    if (timeout) result.timeout = timeout;
    const started = performance.now();
    ctx.test = result;
    ctx.state = {};
    this.variables.startTest();
    this.variables.setTest('TEST NAME', result.name);
    this.variables.setTest('TEST DOCUMENTATION', result.doc);
    this.variables.setTest('TEST TAGS', [...result.tags]);
    for (const library of this.testLibraries) {
      if (!library.renew) continue;
      if (index > 1) await this.close(library);
      const fresh = await library.renew();
      library.instance = fresh.instance;
      library.keywords.clear();
      for (const [k, v] of fresh.keywords) library.keywords.set(k, v);
    }
    this.listener.startTest?.(result, suitePath, source);
    const status = await this.testBody(ctx, test, settings, result, parentFailure, timeout);
    result.status = status.status;
    result.message = status.message;
    if (result.status === 'FAIL') this.failureOccurred();
    // A failed test tagged robot:exit-on-failure stops the run: the tests after it fail without running.
    if (result.status === 'FAIL' && result.tags.some((t) => t.toLowerCase() === 'robot:exit-on-failure')) this.exit ??= FATAL;
    if (typeof ctx.state.testMessage === 'string' && result.status === 'PASS' && typeof ctx.state.teardownMessage !== 'string') result.message = ctx.state.testMessage;
    this.variables.endTest();
    // Robot's context.end_test: the next test (and, at the suite's end, the next suite) sees this one's.
    for (const [name, value] of [[PREV_TEST[0], result.name], [PREV_TEST[1], result.status], [PREV_TEST[2], result.message]]) this.variables.setSuite(name, value);
    ctx.test = undefined;
    result.elapsed = (performance.now() - started) / 1000;
    this.listener.endTest?.(result, suitePath, source);
    return result;
  }

  private async testBody(ctx: RunContext, test: TestDefinition, settings: SuiteSettings | undefined, result: TestResult, parentFailure: string | undefined, timeout: string | undefined): Promise<{ status: RobotStatus; message: string }> {
    if (this.exit) {
      result.tags.push('robot:exit');
      return { status: 'FAIL', message: this.exit };
    }
    if (parentFailure) return { status: parentFailure.startsWith(SKIPPED_IN_SETUP) ? 'SKIP' : 'FAIL', message: parentFailure };
    if (result.tags.some((t) => t.toLowerCase() === 'robot:skip')) return { status: 'SKIP', message: "Test skipped using 'robot:skip' tag." };
    if (!test.name.trim()) return { status: 'FAIL', message: 'Test name cannot be empty.' };
    const setupCall = test.setup === null ? undefined : test.setup ?? settings?.testSetup;
    const teardownCall = test.teardown === null ? undefined : test.teardown ?? settings?.testTeardown;
    const template = test.template === null ? undefined : test.template ?? settings?.testTemplate;
    let failure: RobotError | undefined;
    let setupFailed = false;
    const scope: { timedOut?: RobotError } = {};
    const work = () => testScope.run(scope, async () => {
      if (setupCall) {
        const setup = await this.fixture(ctx, setupCall, 'SETUP');
        result.setup = setup.node;
        if (setup.error) {
          setupFailed = true;
          throw setup.error;
        }
      }
      if (test.body.length === 0) throw new RobotError('Test cannot be empty.');
      ctx.sink = result.body;
      ctx.stack = [];
      ctx.template = template;
      const policy = failurePolicy(result.tags, undefined, template !== undefined);
      ctx.continueOnFailure = policy.own;
      ctx.recursiveContinueOnFailure = policy.recursive;
      try {
        await runBody(ctx, test.body);
      } finally {
        ctx.template = undefined;
        ctx.continueOnFailure = false;
        ctx.recursiveContinueOnFailure = undefined;
      }
    });
    try {
      await this.withTestTimeout(ctx, timeout, scope, work);
    } catch (error) {
      failure = asRobotError(error);
    }
    ctx.template = undefined;
    ctx.continueOnFailure = false;
    let status: RobotStatus = 'PASS';
    let message = '';
    if (failure?.exit) this.exit ??= FATAL;
    if (failure) {
      status = failure.skip ? 'SKIP' : failure.passExecution ? 'PASS' : 'FAIL';
      message = setupFailed ? `Setup failed:\n${failure.message}` : failure.message;
      if (failure.passExecution) message = failure.message;
    }
    if (teardownCall) {
      ctx.teardown = 'test';
      ctx.testOutcome = { status, message, timedOut: failure?.timeout ?? false };
      this.variables.setTest('TEST STATUS', status);
      this.variables.setTest('TEST MESSAGE', status === 'PASS' && typeof ctx.state.testMessage === 'string' ? ctx.state.testMessage : message);
      const teardown = await testScope.run({}, () => this.fixture(ctx, teardownCall, 'TEARDOWN'));
      ctx.teardown = undefined;
      ctx.testOutcome = undefined;
      result.teardown = teardown.node;
      // Set Test Message in a teardown that passes replaces the message, a failure's too (Robot's _run_teardown).
      if (!teardown.error && typeof ctx.state.teardownMessage === 'string') message = ctx.state.teardownMessage;
      if (teardown.error?.exit) this.exit ??= FATAL;
      if (teardown.error) {
        if (teardown.error.skip) {
          status = 'SKIP';
          message = `Skipped in teardown:\n${teardown.error.message}`;
        } else {
          message = status === 'FAIL' ? `${message}\n\nAlso teardown failed:\n${teardown.error.message}` : `Teardown failed:\n${teardown.error.message}`;
          status = 'FAIL';
        }
      }
    }
    if (status === 'FAIL' && result.tags.some((t) => t.toLowerCase() === 'robot:skip-on-failure')) {
      return { status: 'SKIP', message: `Failed test skipped using 'robot:skip-on-failure' tag.\n\nOriginal failure:\n${message}` };
    }
    return { status, message };
  }

  /** Runs `start` under the test's timeout, watched from the start: its first keyword may block before anything awaits. */
  private async withTestTimeout(ctx: RunContext, timeout: string | undefined, scope: { timedOut?: RobotError }, start: () => Promise<void>): Promise<void> {
    const text = timeout ? safeString(ctx, timeout) : '';
    if (!text || text.toUpperCase() === 'NONE' || this.options.dryRun) return start();
    const ms = parseTimeString(text);
    if (ms <= 0) return start();
    const message = `Test timeout ${formatTime(ms)} exceeded.`;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        scope.timedOut = new RobotError(message, { timeout: true });
        reject(scope.timedOut);
      }, ms);
    });
    const stopWatching = ctx.listener.startTimeout?.(ms, message);
    const work = start();
    work.catch(() => undefined);
    try {
      await Promise.race([work, expired]);
    } finally {
      clearTimeout(timer);
      stopWatching?.();
    }
  }
}

/** Robot's ${PREV_TEST_NAME}, ${PREV_TEST_STATUS} and ${PREV_TEST_MESSAGE}: '' until a test ends. */
const PREV_TEST = ['PREV_TEST_NAME', 'PREV_TEST_STATUS', 'PREV_TEST_MESSAGE'] as const;

type Inherited = Partial<Pick<SuiteSettings, 'testSetup' | 'testTeardown' | 'testTimeout' | 'testTags'>> & { suiteTags?: TagChange[] };

function safeString(ctx: RunContext, text: string): string {
  try {
    return ctx.replacer.string(text);
  } catch {
    return text;
  }
}

function suiteStatus(suite: SuiteResult): RobotStatus {
  const all = [...suite.tests.map((t) => t.status), ...suite.suites.map((s) => s.status)];
  if (all.includes('FAIL')) return 'FAIL';
  if (all.includes('PASS')) return 'PASS';
  if (all.length === 0) return suite.setup?.status === 'FAIL' ? 'FAIL' : 'PASS';
  return 'SKIP';
}

const SKIPPED_IN_SETUP = 'Skipped in parent suite setup:';
/** Fatal Error or a failed robot:exit-on-failure test: the tests after it fail with this. */
const FATAL = 'Test execution stopped due to a fatal error.';

/** Skip in a suite teardown skips every test under the suite, keeping what it said before as the earlier message. */
function markTeardownSkipped(suite: SuiteResult, message: string): void {
  for (const test of suite.tests) {
    test.message = test.message ? `Skipped in parent suite teardown:\n${message}\n\nEarlier message:\n${test.message}` : `Skipped in parent suite teardown:\n${message}`;
    test.status = 'SKIP';
  }
  for (const child of suite.suites) {
    markTeardownSkipped(child, message);
    child.status = 'SKIP';
  }
}

/** A failed suite teardown fails every test under the suite (Robot adds it to each test's message). */
function markTeardownFailure(suite: SuiteResult, message: string): void {
  for (const test of suite.tests) {
    if (test.status === 'FAIL') test.message = `${test.message}\n\nAlso parent suite teardown failed:\n${message}`;
    else {
      test.status = 'FAIL';
      test.message = `Parent suite teardown failed:\n${message}`;
    }
  }
  for (const child of suite.suites) {
    markTeardownFailure(child, message);
    child.status = 'FAIL';
  }
}

export { combine };
