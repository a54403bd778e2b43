/**
 * Runs the reference POD as a child process: its own memory (so the leak
 * fault grows the POD, not tollgate), its output in a log file, its URL read
 * from the `POD_LISTENING <url>` line it prints when ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PodProcessOptions {
  /** Where the POD's stdout and stderr go (appended). */
  logFile: string;
  /** The POD's environment; TOLLGATE_POD_FAULTS, POD_API_TOKEN... */
  env?: NodeJS.ProcessEnv;
  /** How long to wait for POD_LISTENING; 15 s by default. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface PodProcess {
  url: string;
  child: ChildProcess;
}

// pod/main.js is compiled in the package; in the repository tsx resolves it to main.ts.
const MAIN = fileURLToPath(new URL('./pod/main.js', import.meta.url));
const READY = /^POD_LISTENING (\S+)\s*$/m;
const TAIL_BYTES = 4000;

/** The command that starts the POD: this Node, with tsx's loader, resolved from where tollgate is installed. */
export function podCommand(): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', import.meta.resolve('tsx/esm'), MAIN] };
}

function tailLines(text: string, lines = 20): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).map((line) => `  | ${line}`).join('\n') || '  | (empty)';
}

export async function startPodProcess(options: PodProcessOptions): Promise<PodProcess> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const { command, args } = podCommand();
  // stdin stays open as a lifeline: when tollgate dies (even by SIGKILL) it closes, and the POD stops.
  const child = spawn(command, args, { env: { ...(options.env ?? process.env), POD_EXIT_WITH_PARENT: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
  // Kept in memory too, so a failure message can quote it without waiting for the file.
  let tail = '';
  const record = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  };
  child.stderr!.on('data', record);
  child.on('close', () => log.end());

  const failure = (what: string) =>
    new Error(
      `The local POD did not start: ${what}.\nLast lines of ${options.logFile}:\n${tailLines(tail)}\n` +
        'Fix what the log names (for example an unknown fault in TOLLGATE_POD_FAULTS), or start the POD by hand to see more: ' +
        `node --import tsx ${MAIN}`,
    );

  return await new Promise<PodProcess>((resolve, reject) => {
    let stdout = '';
    let ready = false;
    const cleanup = () => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const fail = (error: Error) => {
      cleanup();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(error);
    };
    const onStdout = (chunk: Buffer) => {
      record(chunk);
      if (ready) return;
      stdout += chunk.toString('utf8');
      const match = READY.exec(stdout);
      if (match) {
        ready = true;
        cleanup();
        resolve({ url: match[1]!, child });
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      // Let the last output reach `tail` before quoting it.
      setImmediate(() =>
        fail(failure(signal ? `it was killed by ${signal} before it was ready` : `it exited with code ${code} before it was ready`)),
      );
    };
    const onError = (error: Error) => fail(failure(`it could not be spawned (${error.message})`));
    const onAbort = () => fail(failure('the run was interrupted while it was starting'));
    const timer = setTimeout(() => fail(failure(`it printed no POD_LISTENING line within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', onStdout);
    child.on('exit', onExit);
    child.on('error', onError);
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Stops the POD: SIGTERM, then SIGKILL if it is still running after `graceMs`. */
export async function stopPodProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}
