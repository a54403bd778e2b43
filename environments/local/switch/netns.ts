import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Network namespaces that tollgate creates and deletes. Names carry the
 * creating process's pid (`tg-sw-<pid>-<random>`), so that a leftover of a
 * crashed run can be told from one a running worker still uses: only those
 * whose creator is gone are removed. Nothing here touches the root namespace.
 */
export const NETNS_PREFIX = 'tg-sw-';

export function uniqueNetnsName(): string {
  return `${NETNS_PREFIX}${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Runs a command; rejects with its stderr and the command line. */
export function run(cmd: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { env: options.env ?? process.env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`\`${cmd} ${args.join(' ')}\` failed: ${String(stderr).trim() || error.message}`));
      else resolve(String(stdout));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Several `ip` commands in one process (`ip -n NS -batch -`): a topology builds in one call. */
export function ipBatch(netns: string, lines: readonly string[]): Promise<string> {
  return run('ip', ['-n', netns, '-batch', '-'], { input: `${lines.join('\n')}\n` });
}

export async function createNetns(name: string): Promise<void> {
  await run('ip', ['netns', 'add', name]);
  try {
    // No IPv6 router solicitations or MLD reports: a port that should stay silent must stay silent.
    await run('ip', ['netns', 'exec', name, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1']);
    await ipBatch(name, ['link set lo up']);
  } catch (error) {
    await deleteNetns(name);
    throw error;
  }
}

/** Kills whatever still runs in the namespace (processes we started there), then deletes it. */
export async function deleteNetns(name: string): Promise<void> {
  for (const pid of await netnsPids(name)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await run('ip', ['netns', 'delete', name]).catch(() => undefined);
}

async function netnsPids(name: string): Promise<number[]> {
  const out = await run('ip', ['netns', 'pids', name]).catch(() => '');
  return out.split(/\s+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n !== process.pid);
}

/** Our namespaces (and their temp folders) whose creating process is gone: left over by a crash. */
export async function removeLeftovers(): Promise<string[]> {
  const listing = await run('ip', ['netns', 'list']).catch(() => '');
  const removed: string[] = [];
  for (const line of listing.split('\n')) {
    const name = line.split(' ')[0];
    const match = new RegExp(`^${NETNS_PREFIX}(\\d+)-[0-9a-f]+$`).exec(name);
    if (!match || isAlive(Number(match[1]))) continue;
    await deleteNetns(name);
    rmSync(join(tmpdir(), name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names of the namespaces that exist now (for the leak checks of the tests). */
export function listNetns(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]).filter(Boolean);
}
