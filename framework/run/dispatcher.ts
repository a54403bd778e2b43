import type { ResolvedSuite } from '../model/config.ts';
import type { ResolvedEnvironment } from '../model/environment.ts';
import type { RunEvent, TestEndEvent } from '../model/events.ts';
import type { AttemptStatus, TestError } from '../model/results.ts';
import { outcomeOf } from '../model/run-state.ts';
import type { TestCase } from '../model/test-case.ts';
import type { TestRequest } from './protocol.ts';
import { WorkerHost, type JobEnd, type RunningTest } from './worker-host.ts';
import { SerialGroups } from './serial-groups.ts';
import { takeWarmWorker, warmWorkerCount } from './worker-prewarm.ts';

export interface NativeJob {
  file: string;
  suite: ResolvedSuite;
  tests: TestCase[];
}

export interface DispatcherOptions {
  workers: number;
  /** Overrides every test's retries (--retries). */
  retries?: number;
  rootDir: string;
  runDir: string;
  environment: ResolvedEnvironment;
  runFixtures: Record<string, unknown>;
  emit(event: RunEvent): void;
  signal: AbortSignal;
  /** How long a worker waits after its last test for errors its tests left behind (a timer, a promise). Default LATE_ERROR_GRACE_MS. */
  lateErrorGraceMs?: number;
}

interface QueuedJob {
  file: string;
  suite: ResolvedSuite;
  tests: TestRequest[];
}

/** A worker that stops answering gets this long past twice its test's timeout (body, then teardown). */
const WATCHDOG_GRACE_MS = 3000;
/**
 * A worker whose tests left a timer, a socket or a child process pending
 * waits this long after its last test before it exits, so an error thrown
 * late still reaches the run. One that left nothing exits at once.
 */
export const LATE_ERROR_GRACE_MS = 1000;

/**
 * Hands files to a pool of worker processes and decides what happens
 * after each attempt:
 * 1. a test that ended unexpectedly with retries left is queued again;
 * 2. otherwise its outcome is computed and sent with its last test.end;
 * 3. a worker that dies fails the test it ran, and the tests of its job
 *    that had not started go to a fresh worker;
 * 4. a worker silent for longer than its test's timeout allows is killed,
 *    and the test is reported as timed out;
 * 5. on abort, workers are killed and running tests end as interrupted.
 */
export class Dispatcher {
  private readonly queue: QueuedJob[] = [];
  private readonly specs = new Map<string, TestCase>();
  private readonly statuses = new Map<string, AttemptStatus[]>();
  private readonly serial = new SerialGroups();
  private readonly files = new Map<string, { file: string; suite: ResolvedSuite }>();
  private readonly active = new Set<WorkerHost>();
  /** Workers stopping (their grace period, their worker fixtures' teardown) while the lanes go on. */
  private readonly stopping = new Map<WorkerHost, Promise<void>>();
  private nextJobId = 1;
  private nextWorkerIndex = warmWorkerCount();

  constructor(private readonly options: DispatcherOptions) {}

  async run(jobs: NativeJob[]): Promise<void> {
    for (const job of jobs) {
      const requests: TestRequest[] = [];
      for (const test of job.tests) {
        this.specs.set(test.id, test);
        this.files.set(test.id, { file: job.file, suite: job.suite });
        this.serial.add(test);
        if (test.expectedStatus === 'skipped') this.reportStaticSkip(test);
        else requests.push({ id: test.id, attempt: 0 });
      }
      // Tests in a parallel describe are jobs of their own, so idle workers take them (issue 14.6).
      const parallel = new Set(job.tests.filter((t) => t.parallel).map((t) => t.id));
      for (const request of requests.filter((r) => parallel.has(r.id))) this.queue.push({ file: job.file, suite: job.suite, tests: [request] });
      const together = requests.filter((r) => !parallel.has(r.id));
      if (together.length) this.queue.push({ file: job.file, suite: job.suite, tests: together });
    }
    const lanes = Math.min(this.options.workers, this.queue.length);
    const onAbort = () => void Promise.all([...this.active, ...this.stopping.keys()].map((w) => w.kill('interrupt')));
    this.options.signal.addEventListener('abort', onAbort, { once: true });
    try {
      // Every lane ends before the run goes on, even when one fails: a lane still running would emit into a closed run.
      const ended = await Promise.allSettled(Array.from({ length: lanes }, () => this.lane()));
      // So does every worker still stopping: its late errors belong to this run.
      await Promise.all(this.stopping.values());
      for (const end of this.serial.drain()) this.emitFinal(end);
      const failed = ended.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      this.options.signal.removeEventListener('abort', onAbort);
    }
  }

  /** One slot of the pool: keeps a worker busy until the queue is empty, replacing it when it dies. */
  private async lane(): Promise<void> {
    let worker: WorkerHost | null = null;
    try {
      while (this.queue.length && !this.options.signal.aborted) {
        if (!worker) worker = await this.startWorker();
        // Another lane may have taken the last job while this worker started.
        if (!this.queue.length || this.options.signal.aborted) break;
        const job = this.takeJob(worker);
        const end = await this.runJob(worker, job);
        if (end.kind === 'exited' || end.message.retire) {
          this.active.delete(worker);
          // A retired worker waits out its grace period beside the fresh one that replaces it.
          if (end.kind === 'done') this.stop(worker);
          worker = null;
        }
      }
    } finally {
      if (worker) {
        this.active.delete(worker);
        await this.stop(worker);
      }
    }
  }

  private stop(worker: WorkerHost): Promise<void> {
    const grace = this.options.signal.aborted ? 0 : (this.options.lateErrorGraceMs ?? LATE_ERROR_GRACE_MS);
    const stopped = worker.stop(grace).finally(() => this.stopping.delete(worker));
    this.stopping.set(worker, stopped);
    return stopped;
  }

  /**
   * The next job for a worker: a file it has loaded already (it collected
   * it for the plan), else one no other worker holds (the rest of a crashed
   * worker's job), else the last in the queue, which its holder would reach last.
   */
  private takeJob(worker: WorkerHost): QueuedJob {
    let at = this.queue.findIndex((job) => worker.hasLoaded(job.file));
    if (at === -1) at = this.queue.findIndex((job) => ![...this.active].some((other) => other !== worker && other.hasLoaded(job.file)));
    if (at === -1) at = this.queue.length - 1;
    return this.queue.splice(at, 1)[0]!;
  }

  private async startWorker(): Promise<WorkerHost> {
    const worker = takeWarmWorker(this.options.rootDir) ?? new WorkerHost(this.nextWorkerIndex++, this.options.rootDir);
    this.active.add(worker);
    worker.on('event', (event) => this.onWorkerEvent(worker, event));
    for (const event of worker.takeEarlyEvents()) this.onWorkerEvent(worker, event);
    await worker.start({
      rootDir: this.options.rootDir,
      runDir: this.options.runDir,
      environment: this.options.environment,
      runFixtures: this.options.runFixtures,
    });
    return worker;
  }

  private async runJob(worker: WorkerHost, job: QueuedJob): Promise<JobEnd> {
    const ended = new Set<string>();
    const track = (event: RunEvent) => {
      if (event.type === 'test.end') ended.add(event.testId);
    };
    worker.on('event', track);
    let watchdog: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      const current = worker.current;
      if (!current || current.timeout <= 0) return;
      const deadline = current.startedAt + 2 * current.timeout + WATCHDOG_GRACE_MS;
      watchdog = setTimeout(() => void worker.kill('timeout'), Math.max(0, deadline - Date.now()));
    };
    const onBegin = (event: RunEvent) => {
      if (event.type === 'test.begin') arm();
    };
    worker.on('event', onBegin);
    worker.on('timeout', arm);
    const end = await worker.run({ type: 'run', jobId: this.nextJobId++, file: job.file, suite: job.suite, tests: job.tests });
    clearTimeout(watchdog);
    worker.off('event', track);
    worker.off('event', onBegin);
    worker.off('timeout', arm);

    if (end.kind === 'done') {
      const { loadError, notRun } = end.message;
      if (loadError) for (const request of job.tests) this.failWithoutWorker(request, worker.index, loadError);
      else if (notRun.length) this.queue.unshift({ ...job, tests: notRun });
      return end;
    }
    // The worker died. The test it was running (if any) gets the cause; the rest of its job runs elsewhere.
    const current = worker.current;
    worker.current = null;
    if (current) this.endCrashed(worker, current, end);
    const rest = job.tests.filter((request) => !ended.has(request.id) && request.id !== current?.testId);
    if (rest.length) {
      if (this.options.signal.aborted) return end;
      this.queue.unshift({ ...job, tests: rest });
    }
    return end;
  }

  private endCrashed(worker: WorkerHost, current: RunningTest, end: Extract<JobEnd, { kind: 'exited' }>): void {
    const { testId, attempt, timeout } = current;
    const time = new Date().toISOString();
    const spec = this.specs.get(testId);
    const duration = Date.now() - current.startedAt;
    if (worker.killReason === 'interrupt') {
      this.onTestEnd({ type: 'test.end', time, testId, attempt, status: 'interrupted', duration, errors: [{ message: 'The run was interrupted while this test ran.' }], annotations: [] });
      return;
    }
    const error: TestError =
      worker.killReason === 'timeout'
        ? { message: `Test timeout of ${timeout}ms exceeded, and the worker stopped responding (a synchronous loop or a blocked event loop?), so it was killed.` }
        : { message: crashMessage(end), ...(end.output ? { stack: end.output } : {}) };
    this.onTestEnd({
      type: 'test.end', time, testId, attempt, status: worker.killReason === 'timeout' ? 'timedOut' : 'failed', duration, errors: [error],
      annotations: spec?.annotations ?? [],
    });
  }

  private onWorkerEvent(worker: WorkerHost, event: RunEvent): void {
    if (event.type === 'test.begin') {
      const spec = this.specs.get(event.testId);
      if (worker.current) worker.current.timeout = spec?.timeout ?? 0;
      this.options.emit(event);
    } else if (event.type === 'test.end') {
      this.onTestEnd(event);
    } else {
      this.options.emit(event);
    }
  }

  /** Decides between a retry and a final outcome for one ended attempt. */
  private onTestEnd(event: TestEndEvent): void {
    const spec = this.specs.get(event.testId);
    const serial = this.serial.isSerial(spec) ? spec : undefined;
    // An attempt that its serial group's retry replaced: reported, not counted.
    if (serial && this.serial.superseded(serial, event)) return this.options.emit(event);
    const statuses = this.statuses.get(event.testId) ?? [];
    statuses.push(event.status);
    this.statuses.set(event.testId, statuses);
    const expected = expectedStatusOf(spec?.expectedStatus ?? 'passed', event.annotations);
    const retries = this.options.retries ?? spec?.retries ?? 0;
    const unexpected = event.status !== expected && event.status !== 'skipped' && event.status !== 'interrupted';
    if (unexpected && event.attempt < retries && !this.options.signal.aborted) {
      const where = this.files.get(event.testId)!;
      if (serial) {
        const { earlier, requests } = this.serial.retryGroup(serial, event);
        for (const end of earlier) this.options.emit(end);
        this.queue.push({ file: where.file, suite: where.suite, tests: requests });
        return;
      }
      this.options.emit(event);
      this.queue.push({ file: where.file, suite: where.suite, tests: [{ id: event.testId, attempt: event.attempt + 1 }] });
      return;
    }
    if (serial) {
      for (const end of this.serial.hold(serial, event)) this.emitFinal(end);
      return;
    }
    this.options.emit({ ...event, outcome: outcomeOf(statuses, expected) });
  }

  private emitFinal(event: TestEndEvent): void {
    const expected = expectedStatusOf(this.specs.get(event.testId)?.expectedStatus ?? 'passed', event.annotations);
    this.options.emit({ ...event, outcome: outcomeOf(this.statuses.get(event.testId) ?? [event.status], expected) });
  }

  private failWithoutWorker(request: TestRequest, workerIndex: number, error: TestError): void {
    const time = new Date().toISOString();
    this.options.emit({ type: 'test.begin', time, testId: request.id, attempt: request.attempt, workerIndex });
    this.onTestEnd({ type: 'test.end', time, testId: request.id, attempt: request.attempt, status: 'failed', duration: 0, errors: [error], annotations: [] });
  }

  private reportStaticSkip(test: TestCase): void {
    const time = new Date().toISOString();
    this.options.emit({ type: 'test.begin', time, testId: test.id, attempt: 0, workerIndex: -1 });
    this.statuses.set(test.id, ['skipped']);
    this.options.emit({ type: 'test.end', time, testId: test.id, attempt: 0, status: 'skipped', duration: 0, errors: [], annotations: test.annotations, outcome: 'skipped' });
  }
}

function expectedStatusOf(declared: TestCase['expectedStatus'], annotations: { type: string }[]): TestCase['expectedStatus'] {
  if (annotations.some((a) => a.type === 'skip' || a.type === 'fixme')) return 'skipped';
  if (annotations.some((a) => a.type === 'fail')) return 'failed';
  return declared;
}

function crashMessage(end: Extract<JobEnd, { kind: 'exited' }>): string {
  const how = end.signal ? `was killed by ${end.signal}` : `exited with code ${end.code}`;
  const oom = /heap out of memory|Allocation failed/i.test(end.output) ? ' It ran out of memory.' : '';
  return `The worker process ${how} while this test ran.${oom} The test ended its worker (process.kill, a native crash, out of memory?); a new worker runs the remaining tests.`;
}
