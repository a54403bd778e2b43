import { ArchiveOpenError } from '../archive/open-archive.ts';
import { LeaseStore, type Lease, type LeaseHistoryEntry } from '../archive/lease-store.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { printJson } from './archive.ts';
import { parseLimit } from './runs.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

export interface LeasesCliOptions {
  history?: boolean;
  run?: string;
  resource?: string;
  limit?: string;
  json?: boolean;
}

/**
 * `tollgate leases`: who holds which testbed now, since when, and until
 * when unless renewed; `--history`: every request, how long it waited and
 * how it ended (released, expired, lost, timeout, interrupted).
 */
export async function leasesCommand(options: LeasesCliOptions): Promise<number> {
  let store: LeaseStore | undefined;
  try {
    const limit = parseLimit(options.limit, 50);
    store = await LeaseStore.open({ rootDir: process.cwd() });
    const now = store.now();
    if (options.history) {
      const entries = await store.history({ runId: options.run, resource: options.resource, limit });
      if (options.json) printJson(entries);
      else process.stdout.write(formatHistory(entries));
      return ExitCode.Pass;
    }
    const leases = (await store.list()).filter((l) => (options.resource === undefined || l.resource === options.resource) && (options.run === undefined || l.runId === options.run));
    if (options.json) printJson(leases.map((lease) => ({ ...lease, expired: Date.parse(lease.expiresAt) <= now })));
    else process.stdout.write(formatLeases(leases, now, store.location));
    return ExitCode.Pass;
  } catch (error) {
    if (error instanceof ArchiveOpenError || error instanceof UsageError) return reportUsageError(error);
    throw error;
  } finally {
    await store?.close();
  }
}

export function formatLeases(leases: Lease[], now: number, location: string): string {
  if (!leases.length) return `no testbed leases are held (archive: ${location})\n`;
  const rows = leases.map((lease) => {
    const left = Date.parse(lease.expiresAt) - now;
    return [
      lease.resource,
      lease.runId,
      lease.host,
      String(lease.pid),
      lease.shard ?? '-',
      lease.acquiredAt,
      left > 0 ? `in ${(left / 1000).toFixed(0)} s` : `${(-left / 1000).toFixed(0)} s ago: free (its holder stopped renewing)`,
    ];
  });
  return table(['RESOURCE', 'RUN', 'HOST', 'PID', 'SHARD', 'SINCE', 'EXPIRES'], rows);
}

export function formatHistory(entries: LeaseHistoryEntry[]): string {
  if (!entries.length) return 'no lease history\n';
  const rows = entries.map((e) => [
    e.resource,
    e.runId,
    e.state,
    e.requestedAt,
    e.acquiredAt ?? '-',
    e.endedAt ?? '-',
    e.waitedMs === null ? '-' : `${(e.waitedMs / 1000).toFixed(1)} s`,
    e.tookOverFrom ? `took over from ${e.tookOverFrom}` : '',
  ]);
  return table(['RESOURCE', 'RUN', 'STATE', 'REQUESTED', 'ACQUIRED', 'ENDED', 'WAITED', ''], rows);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n';
}
