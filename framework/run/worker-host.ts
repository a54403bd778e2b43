import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { RunEvent } from '../model/events.ts';
import type { CollectedFile, CollectRequest } from '../plan/collect-tests.ts';
import { forkWorker, type EarlyFork } from './fork-worker.js';
import type { RunJob, StopWorker, WorkerInit, WorkerMessage } from './protocol.ts';

const TAIL = 8 * 1024;
/** How long stop() waits, after the worker exited, for its last message (it is normally there already). */
const STOPPED_GRACE_MS = 1000;

export type JobEnd =
  | { kind: 'done'; message: Extract<WorkerMessage, { type: 'done' }> }
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; output: string };

export interface RunningTest {
  testId: string;
  attempt: number;
  timeout: number;
  startedAt: number;
}

/**
 * One worker process seen from the tollgate process: starts it, hands it
 * jobs, forwards its events and notices when it dies.
 */
export class WorkerHost extends EventEmitter<{ event: [RunEvent]; timeout: [RunningTest] }> {
  private child: ChildProcess | undefined;
  private output = '';
  private pendingJob: ((end: JobEnd) => void) | null = null;
  private exited: Promise<void> | undefined;
  current: RunningTest | null = null;
  /** Why the host killed its worker, if it did: reported instead of a plain crash. */
  killReason: 'timeout' | 'interrupt' | null = null;

  private stopped: (() => void) | undefined;
  private ready: { resolve(): void; reject(error: Error): void } | null = null;
  private collecting: { resolve(files: CollectedFile[]): void; reject(error: Error): void } | null = null;
  /** Test files this worker has imported: the dispatcher gives it those first, so no file loads twice. */
  private readonly loaded = new Set<string>();
  /** Events from before anyone listened (a test file logging while it was collected). */
  private early: RunEvent[] = [];
  /** The tollgate process's environment when it forked this worker. */
  private envAtSpawn: NodeJS.ProcessEnv = {};

  constructor(readonly index: number, private readonly rootDir: string) {
    super();
  }

  /**
   * Forks the process. It loads the TypeScript loader and the framework
   * while it waits for its init, so a worker spawned early (prewarmWorkers)
   * is ready by the time the plan is. A worker bin.js forked before the
   * CLI loaded is adopted instead, if it is still alive.
   */
  spawn(adopt?: EarlyFork): void {
    if (this.child) return;
    const alive = adopt && isRunning(adopt.child);
    this.envAtSpawn = alive ? adopt.env : { ...process.env };
    const child = alive ? adopt.child : forkWorker(this.index, this.rootDir);
    this.child = child;
    // Only what escapes the worker's own capture lands here: native crashes, V8's out-of-memory report.
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-TAIL));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        const died = new Error(`worker ${this.index} exited (code ${code}) before it was ready:\n${this.output}`);
        this.ready?.reject(died);
        this.ready = null;
        this.collecting?.reject(died);
        this.collecting = null;
        const pending = this.pendingJob;
        this.pendingJob = null;
        pending?.({ kind: 'exited', code, signal, output: this.output.trim() });
        resolve();
      });
    });
    child.on('message', (message: WorkerMessage) => {
      if (message.type === 'ready') {
        this.ready?.resolve();
        this.ready = null;
      } else this.onMessage(message);
    });
  }

  start(init: Omit<WorkerInit, 'type' | 'workerIndex'>): Promise<void> {
    this.spawn();
    return new Promise((resolve, reject) => {
      this.ready = { resolve, reject };
      this.child!.send({ type: 'init', workerIndex: this.index, ...init, env: this.envChanges() } satisfies WorkerInit);
    });
  }

  /** Loads the files in the worker (before init) and returns what they declare. */
  collect(requests: CollectRequest[], rootDir: string): Promise<CollectedFile[]> {
    this.spawn();
    for (const { file } of requests) this.loaded.add(file);
    return new Promise((resolve, reject) => {
      this.collecting = { resolve, reject };
      this.child!.send({ type: 'collect', rootDir, requests, env: this.envChanges() });
    });
  }

  /**
   * What the tollgate process changed in its environment since the fork
   * (--duration, --instance and the like set variables for the tests): a
   * worker forked early applies them before it loads or runs anything.
   */
  private envChanges(): Record<string, string | null> {
    const changes: Record<string, string | null> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && this.envAtSpawn[key] !== value) changes[key] = value;
    for (const key of Object.keys(this.envAtSpawn)) if (process.env[key] === undefined) changes[key] = null;
    return changes;
  }

  hasLoaded(file: string): boolean {
    return this.loaded.has(file);
  }

  /** The events that came before the first listener; each is handed out once. */
  takeEarlyEvents(): RunEvent[] {
    return this.early.splice(0);
  }

  isAlive(): boolean {
    return !!this.child && isRunning(this.child);
  }

  rootDirIs(rootDir: string): boolean {
    return this.rootDir === rootDir;
  }

  run(job: RunJob): Promise<JobEnd> {
    this.loaded.add(job.file);
    return new Promise((resolve) => {
      this.pendingJob = resolve;
      this.child!.send(job);
    });
  }

  /**
   * Lets the worker tear down its worker fixtures and wait up to
   * `lateErrorGraceMs` after its last test for errors its tests left
   * behind, then makes sure it is gone.
   */
  async stop(lateErrorGraceMs: number, graceMs = 10_000): Promise<void> {
    if (!this.child || !isRunning(this.child)) return;
    const stopped = new Promise<void>((resolve) => (this.stopped = resolve));
    if (this.child.connected) this.child.send({ type: 'stop', lateErrorGraceMs } satisfies StopWorker);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs + lateErrorGraceMs);
    await this.exited;
    clearTimeout(timer);
    // 'exit' can come before the last messages are read: wait a little for the worker's last one, sent after its teardown's events.
    let wait: NodeJS.Timeout | undefined;
    await Promise.race([stopped, new Promise((resolve) => (wait = setTimeout(resolve, STOPPED_GRACE_MS)))]);
    clearTimeout(wait);
  }

  kill(reason: 'timeout' | 'interrupt'): Promise<void> {
    this.killReason = reason;
    this.child?.kill('SIGKILL');
    return this.exited ?? Promise.resolve();
  }

  setTimeout(timeout: number): void {
    if (this.current) {
      this.current.timeout = timeout;
      this.emit('timeout', this.current);
    }
  }

  private onMessage(message: WorkerMessage): void {
    if (message.type === 'collected') {
      this.collecting?.resolve(message.files);
      this.collecting = null;
    } else if (message.type === 'event') {
      const event = message.event;
      if (this.listenerCount('event') === 0) {
        this.early.push(event);
        return;
      }
      if (event.type === 'test.begin') this.current = { testId: event.testId, attempt: event.attempt, timeout: 0, startedAt: Date.now() };
      if (event.type === 'test.end') this.current = null;
      this.emit('event', event);
    } else if (message.type === 'timeout') {
      this.setTimeout(message.timeout);
    } else if (message.type === 'stopped') {
      this.stopped?.();
    } else if (message.type === 'done') {
      const pending = this.pendingJob;
      this.pendingJob = null;
      pending?.({ kind: 'done', message });
    }
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
