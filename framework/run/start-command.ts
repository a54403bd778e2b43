import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { EnvironmentStart } from '../model/environment.ts';
import { tellSupervisor } from './supervisor-link.js';

export interface StartedCommand {
  /** Where its output goes: environment-start.log in the run directory. */
  log: string;
  /** Set once it exited on its own: the system it started is gone. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

/**
 * Starts the environment's `start` command in a process group of its own,
 * its output appended to a log in the run directory, so that stop() ends
 * it and whatever it spawned (npm run → node → ...).
 */
export function startCommand(start: EnvironmentStart, rootDir: string, runDir: string): StartedCommand {
  const log = path.join(runDir, 'environment-start.log');
  fs.mkdirSync(runDir, { recursive: true });
  const out = fs.openSync(log, 'a');
  const child: ChildProcess = spawn(start.command, {
    shell: true,
    cwd: path.resolve(rootDir, start.cwd ?? '.'),
    env: { ...process.env, ...start.env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  // Stopped by the supervisor too, should this process be killed before it stops it.
  if (child.pid) tellSupervisor({ type: 'process-group', pid: child.pid });
  let exit: string | undefined;
  const ended = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (child.pid) tellSupervisor({ type: 'process-group-ended', pid: child.pid });
      exit = `\`${start.command}\` exited ${signal ? `on ${signal}` : `with code ${code}`} (its output: ${log})`;
      resolve();
    });
    child.once('error', (error) => {
      exit = `\`${start.command}\` could not start: ${error.message}`;
      resolve();
    });
  });
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  return {
    log,
    exited: () => exit,
    async stop() {
      if (exit) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
      await ended;
      clearTimeout(timer);
    },
  };
}
