import fs from 'node:fs';
import os from 'node:os';
import type Database from 'better-sqlite3';

/**
 * How long a command waits for the SQLite archive's lock before it gives
 * up (issue 13.11): runs, imports and queries of several pipelines on one
 * machine share .tollgate/archive.db and take turns at its write lock. A
 * write transaction of a run lasts milliseconds, but on a loaded machine a
 * checkpoint or a descheduled writer can hold the lock for seconds; only a
 * lock held past this long wait is an error. TOLLGATE_ARCHIVE_LOCK_TIMEOUT
 * ('2m', '30s') sets it.
 */
export const DEFAULT_LOCK_WAIT_MS = 120_000;

export function lockWaitMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.TOLLGATE_ARCHIVE_LOCK_TIMEOUT;
  if (!text) return DEFAULT_LOCK_WAIT_MS;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  if (!match) return DEFAULT_LOCK_WAIT_MS;
  return Math.max(1, Math.round(Number(match[1]) * { ms: 1, s: 1000, m: 60_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm']));
}

/** The archive's lock was held by someone else for longer than the wait: the message names who, where it can. */
export class ArchiveLockError extends Error {}

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  // SQLITE_LOCKED is a conflict inside one connection, which waiting cannot resolve: not retried.
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** Blocks this thread for ms: the connection is synchronous, and a retry must not spin. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs work, and again while SQLite answers "busy" without having waited
 * (some busy answers skip the busy handler: a connection opened while
 * another closes the last one and checkpoints, a WAL being recovered),
 * until the wait is over; then throws an ArchiveLockError naming the holder.
 */
export function whileBusy<T>(file: string, waitMs: number, work: () => T, db?: Database.Database): T {
  const deadline = Date.now() + waitMs;
  for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
    try {
      return work();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() + pause >= deadline) throw new ArchiveLockError(lockMessage(file, waitMs, db));
      sleepSync(pause);
    }
  }
}

function lockMessage(file: string, waitMs: number, db?: Database.Database): string {
  const holders = lockHolders(file).map((pid) => describeHolder(pid, db));
  const who = holders.length ? `held by ${holders.join(', ')}` : 'held by another process (which one cannot be told here)';
  return (
    `the archive ${file} is locked: ${who}, for longer than ${Math.round(waitMs / 1000)} s. ` +
    'Wait for that process to finish or stop it; TOLLGATE_ARCHIVE_LOCK_TIMEOUT (e.g. 10m) waits longer.'
  );
}

/**
 * The processes holding a write lock on the database (Linux /proc/locks):
 * SQLite in WAL mode takes byte 120 of the -shm file to write, and the
 * database file itself while it checkpoints the WAL away on close.
 */
export function lockHolders(file: string): number[] {
  let locks: string;
  const inodes = new Map<string, 'db' | 'shm'>();
  try {
    locks = fs.readFileSync('/proc/locks', 'utf8');
    inodes.set(String(fs.statSync(file).ino), 'db');
    if (fs.existsSync(`${file}-shm`)) inodes.set(String(fs.statSync(`${file}-shm`).ino), 'shm');
  } catch {
    return [];
  }
  const pids = new Set<number>();
  for (const line of locks.split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 19024 fe:00:2152002 120 120"
    const fields = line.trim().split(/\s+/);
    if (fields[1] === '->') continue; // a waiter, not a holder
    const [, , , access, pidText, device, start] = fields;
    const kind = inodes.get(device?.split(':')[2] ?? '');
    const pid = Number(pidText);
    if (access !== 'WRITE' || !kind || !(pid > 0) || pid === process.pid) continue;
    if (kind === 'db' || start === '120') pids.add(pid);
  }
  return [...pids];
}

/** "pid 123 (run 2026-..., node tollgate run ...)": the run from the archive when it is one, else its command line. */
function describeHolder(pid: number, db?: Database.Database): string {
  const details: string[] = [];
  try {
    const rows = db?.prepare("SELECT id FROM runs WHERE status = 'running' AND pid = ? AND host = ?").all(pid, os.hostname()) as { id: string }[] | undefined;
    for (const row of rows ?? []) details.push(`run ${row.id}`);
  } catch {
    // the runs table may not exist yet, or may be unreadable now
  }
  try {
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    if (command) details.push(command.length > 120 ? `${command.slice(0, 117)}...` : command);
  } catch {
    // the process is gone, or not ours to read
  }
  return `pid ${pid}${details.length ? ` (${details.join(', ')})` : ''}`;
}
