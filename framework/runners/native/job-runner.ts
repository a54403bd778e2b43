import type { ResolvedSuite } from '../../model/config.ts';
import type { AttemptStatus, TestError } from '../../model/results.ts';
import type { TestCase } from '../../model/test-case.ts';
import { judgedFailures } from '../../model/judged-annotations.ts';
import type { TestRequest } from '../../run/protocol.ts';
import { AttemptControl, TimeoutError } from './attempt-control.ts';
import { groupsOf, serialGroupOf, testsOf, type DeclaredGroup, type DeclaredTest } from './declarations.ts';
import { groupsUpTo, withUses } from './fixture-uses.ts';
import { FixtureRunner } from './fixture-runner.ts';
import { loadDeclaredFile, testCasesOf, type LoadedFile } from './load-file.ts';
import { toTestError } from './test-error.ts';
import { runningTest, SkipSignal, type TestInfo } from './test-info.ts';
import { TestInfoImpl, type AttemptContext } from './test-info-impl.ts';

export interface JobResult {
  notRun: TestRequest[];
  loadError?: TestError;
  /** The worker should not be reused: a test timed out or threw asynchronously, its code may still run. */
  retire: boolean;
}

/**
 * Runs the tests a worker was given from one file, in declaration order,
 * with beforeAll/afterAll around the describes they belong to and fixtures
 * set up on demand.
 */
export class JobRunner {
  private current: AttemptControl | null = null;
  /** The test attempt running now, and the last one that ran: late errors are named after them. */
  private running: TestInfoImpl | null = null;
  private lastRan: TestInfoImpl | null = null;
  /** When the last test ended (Date.now()), or undefined before any did: the worker's grace period counts from there. */
  lastEndedAt: number | undefined;
  private readonly files = new Map<string, LoadedFile>();
  readonly fixtures: FixtureRunner;

  constructor(private readonly ctx: AttemptContext, builtins: Record<string, unknown>, runValues: Record<string, unknown>) {
    this.fixtures = new FixtureRunner(builtins, runValues, { workerIndex: ctx.workerIndex });
  }

  /**
   * Routes an uncaught error to the test or hook that is running; false when
   * none is, or when the error came from code of a test that already ended
   * (`origin`, its async context): that test's error, not the running one's.
   */
  failCurrent(error: unknown, origin: TestInfo | undefined): boolean {
    if (!this.current) return false;
    if (origin && origin !== this.running) return false;
    this.current.fail(error);
    return true;
  }

  /** The last test attempt this worker ran, if any. */
  lastTest(): TestInfo | undefined {
    return this.lastRan ?? undefined;
  }

  async run(file: string, suite: ResolvedSuite, requests: TestRequest[]): Promise<JobResult> {
    let loaded: LoadedFile;
    try {
      loaded = this.files.get(`${suite.name}\0${file}`) ?? testCasesOf(await loadDeclaredFile(file, this.ctx.rootDir), suite, this.ctx.rootDir);
      this.files.set(`${suite.name}\0${file}`, loaded);
    } catch (error) {
      return { notRun: [], loadError: toTestError(error, this.ctx.rootDir), retire: true };
    }
    const order = [...loaded.tests.keys()];
    const queue = [...requests].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
    const open: { group: DeclaredGroup; error?: unknown }[] = [];
    /** Serial groups in which a test failed, with its title: the rest of the group does not run. */
    const failedSerial = new Map<DeclaredGroup, string>();
    let retire = false;
    try {
      while (queue.length && !retire) {
        const request = queue.shift()!;
        const entry = loaded.tests.get(request.id);
        if (!entry) {
          this.missingTest(request);
          continue;
        }
        const groups = groupsOf(entry.declared);
        await this.closeGroupsUntil(open, groups, suite);
        const serial = serialGroupOf(entry.declared);
        const failedBefore = serial && failedSerial.get(serial);
        if (failedBefore) {
          this.skipAfterSerialFailure(request, failedBefore);
          continue;
        }
        for (const group of groups.slice(open.length)) open.push({ group, error: await this.beforeAll(group, suite, open) });
        const failedHook = open.find((o) => o.error !== undefined);
        const ended = await this.attempt(entry.spec, entry.declared, request.attempt, failedHook?.error);
        retire = ended.retire;
        if (serial && ended.unexpected) failedSerial.set(serial, entry.spec.title);
      }
      // A retiring worker hands the rest of its job back; what is left of a failed serial group is skipped here, not run elsewhere.
      for (const request of [...queue]) {
        const entry = loaded.tests.get(request.id);
        const serial = entry && serialGroupOf(entry.declared);
        const failedBefore = serial && failedSerial.get(serial);
        if (!failedBefore) continue;
        this.skipAfterSerialFailure(request, failedBefore);
        queue.splice(queue.indexOf(request), 1);
      }
    } finally {
      if (!retire) await this.closeGroupsUntil(open, [], suite);
    }
    return { notRun: queue, retire };
  }

  async stop(): Promise<unknown[]> {
    return this.fixtures.teardownWorker();
  }

  /** Runs one attempt; `retire` when the worker must retire afterwards, `unexpected` when it did not end as expected. */
  private async attempt(spec: TestCase, declared: DeclaredTest, attempt: number, hookError: unknown): Promise<{ retire: boolean; unexpected: boolean }> {
    const info = new TestInfoImpl(spec, attempt, { ...this.ctx, onTimeoutChange: (t) => { control.setTimeout(t); this.ctx.onTimeoutChange(t); } });
    const control = new AttemptControl(info.timeout);
    this.current = control;
    this.running = info;
    this.lastRan = info;
    const started = performance.now();
    let status: AttemptStatus = 'passed';
    let retire = false;
    const record = (error: unknown) => {
      if (error instanceof SkipSignal) {
        if (status === 'passed') status = 'skipped';
        return;
      }
      if (error instanceof TimeoutError) {
        status = 'timedOut';
        retire = true;
        const where = info.openSteps().length ? ' while a step was still running' : '';
        info.errors.push({ message: `${error.message.replace(/\.$/, '')}${where}. Raise it with test.setTimeout() or the suite's timeout if the test needs longer.` });
        return;
      }
      if (status !== 'timedOut') status = 'failed';
      info.errors.push(toTestError(error, this.ctx.rootDir));
    };
    this.ctx.emit({ type: 'test.begin', time: new Date().toISOString(), testId: spec.id, attempt, workerIndex: this.ctx.workerIndex });
    await runningTest.run({ info, steps: info, softError: record }, async () => {
      const groups = groupsOf(declared);
      try {
        if (hookError !== undefined) throw hookError;
        await control.race(async () => {
          for (const group of groups) {
            for (const hook of group.hooks.filter((h) => h.kind === 'beforeEach')) {
              const args = await this.fixtures.argsFor(hook.fn, withUses(hook.pool, groups), info, hook.title);
              await info.runStep(hook.title, 'hook', () => hook.fn(args, info));
            }
          }
          const args = await this.fixtures.argsFor(declared.fn, withUses(declared.pool, groups), info, `test "${spec.title}"`);
          await declared.fn(args, info);
        });
      } catch (error) {
        record(error);
      }
      // Teardown gets a budget of its own, so a test that used all of its time still cleans up.
      control.restart();
      try {
        await control.race(async () => {
          for (const group of [...groups].reverse()) {
            for (const hook of group.hooks.filter((h) => h.kind === 'afterEach')) {
              try {
                const args = await this.fixtures.argsFor(hook.fn, withUses(hook.pool, groups), info, hook.title);
                await info.runStep(hook.title, 'hook', () => hook.fn(args, info));
              } catch (error) {
                record(error);
              }
            }
          }
          for (const error of await this.fixtures.teardownTest()) record(error);
        });
      } catch (error) {
        record(error);
      }
      for (const error of control.drain()) {
        record(error);
        retire = true;
      }
    });
    // A rule that judges the test (a crossed threshold) failed it: for a test
    // expected to fail, that is the failure it expected (issue 14.6).
    if (status === 'passed' && info.expectedStatus === 'failed') {
      for (const message of judgedFailures(info.annotations)) {
        status = 'failed';
        info.errors.push({ message });
      }
    }
    this.current = null;
    this.running = null;
    this.lastEndedAt = Date.now();
    this.ctx.emit({
      type: 'test.end',
      time: new Date().toISOString(),
      testId: spec.id,
      attempt,
      status,
      duration: performance.now() - started,
      errors: info.errors,
      annotations: info.annotations,
    });
    const ended = status as AttemptStatus;
    return { retire, unexpected: ended !== 'skipped' && ended !== info.expectedStatus };
  }

  /** Playwright's serial mode: once a test of the group failed, the rest are skipped, and say why. */
  private skipAfterSerialFailure(request: TestRequest, failed: string): void {
    const time = new Date().toISOString();
    const annotation = { type: 'skip', description: `serial mode: "${failed}" failed before it in the same group` };
    this.ctx.emit({ type: 'test.begin', time, testId: request.id, attempt: request.attempt, workerIndex: this.ctx.workerIndex });
    this.ctx.emit({ type: 'test.end', time, testId: request.id, attempt: request.attempt, status: 'skipped', duration: 0, errors: [], annotations: [annotation] });
  }

  private async beforeAll(group: DeclaredGroup, suite: ResolvedSuite, open: { error?: unknown }[]): Promise<unknown> {
    if (open.some((o) => o.error !== undefined)) return undefined;
    if (![...testsOf(group)].length) return undefined;
    for (const hook of group.hooks.filter((h) => h.kind === 'beforeAll')) {
      try {
        await this.hookWithTimeout(hook.fn, withUses(hook.pool, groupsUpTo(group)), hook.title, suite.timeout);
      } catch (error) {
        return error;
      }
    }
    return undefined;
  }

  private async closeGroupsUntil(open: { group: DeclaredGroup; error?: unknown }[], keep: DeclaredGroup[], suite: ResolvedSuite): Promise<void> {
    while (open.length && (open.length > keep.length || open[open.length - 1].group !== keep[open.length - 1])) {
      const { group } = open.pop()!;
      for (const hook of group.hooks.filter((h) => h.kind === 'afterAll')) {
        try {
          await this.hookWithTimeout(hook.fn, withUses(hook.pool, groupsUpTo(group)), hook.title, suite.timeout);
        } catch (error) {
          this.ctx.emit({ type: 'error', time: new Date().toISOString(), source: 'afterAll', error: toTestError(error, this.ctx.rootDir), file: group.location.file, suite: suite.name });
        }
      }
    }
  }

  private async hookWithTimeout(fn: Function, pool: DeclaredTest['pool'], title: string, timeout: number): Promise<void> {
    const control = new AttemptControl(timeout);
    this.current = control;
    try {
      await control.race(async () => {
        const args = await this.fixtures.argsFor(fn, pool, null, title);
        await fn(args, { workerIndex: this.ctx.workerIndex });
      });
    } finally {
      this.current = null;
    }
  }

  private missingTest(request: TestRequest): void {
    const time = new Date().toISOString();
    this.ctx.emit({ type: 'test.begin', time, testId: request.id, attempt: request.attempt, workerIndex: this.ctx.workerIndex });
    this.ctx.emit({
      type: 'test.end', time, testId: request.id, attempt: request.attempt, status: 'failed', duration: 0, annotations: [],
      errors: [{ message: 'The test was planned but its file no longer declares it (was the file changed during the run?)' }],
    });
  }
}
