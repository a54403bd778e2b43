import type { ChildProcess } from 'node:child_process';

/**
 * The processes the tollgate process forked to run user code (suites' and
 * run fixtures' processes). They leave when their IPC channel closes, but
 * one busy in a synchronous loop never notices: whatever way the tollgate
 * process exits, each still alive is killed.
 */
const live = new Set<ChildProcess>();

/** After SIGINT/SIGTERM of the run, how long such a process has to stop before it is killed. */
export const STOP_GRACE_MS = 1000;

function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

export function trackChildProcess(child: ChildProcess): void {
  if (live.size === 0) process.on('exit', killAll);
  live.add(child);
  child.once('exit', () => {
    live.delete(child);
    if (live.size === 0) process.off('exit', killAll);
  });
}
