/**
 * Whether a process with this pid exists on this host: how the archive
 * tells a run (or a shard, or a load instance) whose writer died from one
 * still going, and --resume one still running from one to continue.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
