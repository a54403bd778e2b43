import type { ChildProcess } from 'node:child_process';

export interface EarlyFork {
  index: number;
  rootDir: string;
  child: ChildProcess;
  /** The environment when it was forked. */
  env: NodeJS.ProcessEnv;
}

export const earlyForks: EarlyFork[];
export function forkWorker(index: number, rootDir: string): ChildProcess;
export const SOURCE_CONDITIONS: string[];
export function forkTypeScript(entry: string, options: { cwd: string; env: NodeJS.ProcessEnv; preload?: string[] }): ChildProcess;
