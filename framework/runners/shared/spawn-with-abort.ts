import { spawn } from 'node:child_process';

/**
 * Spawns a process in its own process group so that an abort (SIGINT/SIGTERM
 * of the run) stops the whole tree it started: tap's per-file node processes,
 * or whatever a shell command runs. SIGTERM first, SIGKILL after a grace period.
 */

export interface SpawnWithAbortOptions {
  command: string;
  args?: string[];
  /** Run `command` through /bin/sh (runner 'command'). */
  shell?: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  onStdout(chunk: Buffer): void;
  onStderr(chunk: Buffer): void;
  /** Between SIGTERM and SIGKILL on abort. Default 2000 ms. */
  killGraceMs?: number;
}

export interface SpawnResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  aborted: boolean;
  /** The process could not be started at all (ENOENT, EACCES, ...). */
  spawnError?: Error;
}

/** After the process exits, how long its leftovers may hold our pipes open. */
const PIPE_DRAIN_MS = 1000;

export function spawnWithAbort(options: SpawnWithAbortOptions): Promise<SpawnResult> {
  const { signal } = options;
  if (signal.aborted) return Promise.resolve({ exitCode: null, signal: null, aborted: true });
  return new Promise((resolve) => {
    const child = spawn(options.command, options.args ?? [], {
      cwd: options.cwd,
      env: options.env,
      shell: options.shell ?? false,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let aborted = false;
    let exit: { exitCode: number | null; signal: NodeJS.Signals | null } | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const killTree = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        if (process.platform === 'win32') child.kill(sig);
        else process.kill(-child.pid, sig);
      } catch {
        // The group is already gone.
      }
    };
    // If tollgate itself exits, leave no orphaned group behind.
    const onProcessExit = () => killTree('SIGKILL');
    const onAbort = () => {
      aborted = true;
      killTree('SIGTERM');
      killTimer = setTimeout(() => killTree('SIGKILL'), options.killGraceMs ?? 2000);
      killTimer.unref();
    };
    const finish = (result: SpawnResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      clearTimeout(drainTimer);
      signal.removeEventListener('abort', onAbort);
      process.removeListener('exit', onProcessExit);
      resolve(result);
    };

    signal.addEventListener('abort', onAbort, { once: true });
    process.on('exit', onProcessExit);
    child.stdout.on('data', (chunk: Buffer) => options.onStdout(chunk));
    child.stderr.on('data', (chunk: Buffer) => options.onStderr(chunk));
    child.on('error', (error) => {
      if (child.pid === undefined) finish({ exitCode: null, signal: null, aborted, spawnError: error });
    });
    child.on('exit', (exitCode, exitSignal) => {
      exit = { exitCode, signal: exitSignal };
      // A background process of a shell command can keep the pipes open forever.
      drainTimer = setTimeout(() => {
        killTree('SIGKILL');
        child.stdout.destroy();
        child.stderr.destroy();
        finish({ ...exit!, aborted });
      }, PIPE_DRAIN_MS);
      drainTimer.unref();
    });
    child.on('close', (exitCode, exitSignal) => {
      finish({ ...(exit ?? { exitCode, signal: exitSignal }), aborted });
    });
  });
}

/** Splits a byte stream into whole lines, so that a log event never ends mid-line. */
export class LineBuffer {
  private rest = '';

  /** Returns the complete lines in `chunk` (with their newlines), or '' when none completed. */
  push(chunk: Buffer | string): string {
    const text = this.rest + chunk.toString();
    const cut = text.lastIndexOf('\n') + 1;
    this.rest = text.slice(cut);
    return text.slice(0, cut);
  }

  flush(): string {
    const rest = this.rest;
    this.rest = '';
    return rest;
  }
}
