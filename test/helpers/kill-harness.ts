import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * SIGKILL for the whole harness, as a crash or a lost machine would end it.
 * `tollgate run` is a supervisor and the run's process, in a process group
 * of its own (framework/cli/supervise-run.js); SIGKILL of the supervisor
 * alone is not a crash: the run's process then ends the run by itself, as
 * interrupted. So the run's process group goes first, then the supervisor.
 */
export function killHarness(child: ChildProcess): void {
  for (const pid of childrenOf(child.pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Gone already, or not a group leader.
    }
  }
  child.kill('SIGKILL');
}

function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
