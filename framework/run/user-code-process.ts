import type { ChildProcess } from 'node:child_process';
import type { TestError } from '../model/results.ts';
import { STOP_GRACE_MS, trackChildProcess } from './child-processes.ts';
import { forkTypeScript } from './fork-worker.js';
import type { UserCodeCall, UserCodeReply } from './user-code-main.ts';

export interface UserCodeProcessOptions {
  /** The process's entry (a *-main.ts that calls serveUserCode). */
  entry: string;
  cwd: string;
  /**
   * What its code did outside any call: a timer's throw, a late rejection,
   * a refused process.exit, a notification whose handler threw.
   */
  onStrayError(error: TestError): void;
}

export interface CallOptions {
  /** Past this, the process is killed (a synchronous loop cannot be stopped otherwise) and the call fails with `timeoutMessage`. */
  timeoutMs?: number;
  timeoutMessage?: string;
  /** When it aborts while the call runs, the process gets `graceMs` to answer, then it is killed. */
  signal?: AbortSignal;
  graceMs?: number;
}

/** How the process ended: `reason` says why tollgate killed it, when it did. */
export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  reason?: string;
}

/** A call that did not return: the process died, timed out or was stopped. */
export class UserCodeProcessError extends Error {}

/**
 * A process of its own for user code that would otherwise run in the
 * tollgate process (issue 13): run-scoped fixtures, an environment's hooks,
 * a custom reporter. The tollgate process only calls into it over IPC, so
 * nothing that code does (process.exit, a throw from a timer, a
 * synchronous loop) can end, crash or starve the run: a call past its
 * timeout, or still running after SIGINT/SIGTERM, is ended by killing the
 * process. The other side is user-code-main.ts (serveUserCode).
 */
export class UserCodeProcess {
  readonly child: ChildProcess;
  /** Resolves once the process ended and its output and IPC channel are read to the end. */
  readonly closed: Promise<ProcessEnd>;
  private end: ProcessEnd | undefined;
  private killedBecause: string | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(private readonly options: UserCodeProcessOptions) {
    this.child = forkTypeScript(options.entry, { cwd: options.cwd, env: { ...process.env } });
    trackChildProcess(this.child);
    // What the code prints goes where it went when it ran in the tollgate process (redacted there).
    this.child.stdout!.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    this.child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    this.child.on('message', (message: UserCodeReply) => {
      if (message.type === 'stray') options.onStrayError(message.error);
      else {
        const call = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error) call?.reject(Object.assign(new Error(message.error.message), message.error.stack ? { stack: message.error.stack } : {}));
        else call?.resolve(message.value);
      }
    });
    this.closed = new Promise<ProcessEnd>((resolve) => {
      const done = (end: ProcessEnd) => {
        this.end ??= { ...end, ...(this.killedBecause ? { reason: this.killedBecause } : {}) };
        for (const call of this.pending.values()) call.reject(new UserCodeProcessError(this.describeEnd()));
        this.pending.clear();
        resolve(this.end);
      };
      this.child.on('close', (code, signal) => done({ code, signal }));
      this.child.on('error', (error) => done({ code: null, signal: null, reason: `it could not be started (${error.message})` }));
    });
  }

  /** How the process ended, once it did. */
  get ended(): ProcessEnd | undefined {
    return this.end;
  }

  /** Calls `method` in the process; its own error rejects with the user's message and stack. */
  call<T>(method: string, params?: unknown, options: CallOptions = {}): Promise<T> {
    if (this.end) return Promise.reject(new UserCodeProcessError(this.describeEnd()));
    const id = ++this.nextId;
    const result = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject }));
    this.child.send({ type: 'call', id, method, params } satisfies UserCodeCall);
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => this.kill(options.timeoutMessage ?? `${method} did not finish within ${options.timeoutMs} ms`), options.timeoutMs);
    let graceTimer: NodeJS.Timeout | undefined;
    const onAbort = () => (graceTimer = setTimeout(() => this.kill('the run was interrupted'), options.graceMs ?? STOP_GRACE_MS));
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
    const settled = () => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    result.then(settled, settled);
    return result;
  }

  /** Sends `method` without waiting: its error comes back as a stray error. */
  notify(method: string, params?: unknown): void {
    if (!this.end && this.child.connected) this.child.send({ type: 'call', method, params } satisfies UserCodeCall);
  }

  /** Asks the process to leave, and kills it if it has not after `graceMs`. */
  async stop(graceMs = STOP_GRACE_MS): Promise<ProcessEnd> {
    if (!this.end) {
      const timer = setTimeout(() => this.kill('it did not leave when asked'), graceMs);
      // Not disconnect(): a child whose parent closed the channel never gets its 'close' event (Node 20).
      this.notify('exit');
      await this.closed;
      clearTimeout(timer);
    }
    return this.end!;
  }

  /** Kills the process at once; pending calls fail with `reason`. */
  kill(reason: string): void {
    if (this.end) return;
    this.killedBecause ??= reason;
    this.child.kill('SIGKILL');
  }

  /** "its process was killed: <reason>" or "its process exited with code 1". */
  describeEnd(): string {
    const end = this.end;
    if (this.killedBecause) return `its process was killed: ${this.killedBecause}`;
    if (!end) return 'its process is running';
    if (end.reason) return `its process ended: ${end.reason}`;
    return end.signal ? `its process was killed by ${end.signal}` : `its process exited with code ${end.code}`;
  }
}
