import fs from 'node:fs';

/**
 * Whether a process with this pid exists on this host: how the archive
 * tells a run (or a shard, or a load instance) whose writer died from one
 * still going, and --resume one still running from one to continue.
 *
 * A zombie has ended: a killed run whose parent is gone (`tollgate run`'s
 * supervisor killed with it) waits as one until init reaps it, and a
 * container's init may never do so.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** Linux's /proc/<pid>/stat state Z; false where there is no /proc to ask. */
function isZombie(pid: number): boolean {
  try {
    // "pid (comm) S ...": comm may hold spaces and parentheses, so the state follows the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}
