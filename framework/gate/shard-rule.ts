import type { RuleResult } from '../model/verdict.ts';
import { onHost, unfinishedParts } from './unfinished-parts.ts';

/** One shard as the gate sees it: the attempt that counts (the latest), or none at all. */
export interface ShardState {
  index: number;
  /** 'missing': no attempt ever reported; 'running': not ended (another host, or --wait ran out). */
  status: 'complete' | 'interrupted' | 'incomplete' | 'running' | 'missing';
  attempt?: number;
  /** Earlier attempts this one replaced, with how they ended. */
  replaced?: { attempt: number; status: string }[];
  host?: string | null;
  planHash?: string | null;
}

/** The shards of a run the gate judges as one (`tollgate gate --run-id`, `tollgate merge`). */
export interface ShardReport {
  total: number;
  shards: ShardState[];
}

/**
 * The `shards` rule: a sharded run is complete only when every shard
 * 1..total ended, and all of them cut the plan alike. A missing, crashed or
 * unfinished shard is an ERROR, never a PASS: its tests are unknown, not
 * passed. Absent for runs that were not sharded.
 */
export function shardRule(report: ShardReport | undefined): RuleResult | null {
  if (!report) return null;
  const byIndex = new Map(report.shards.map((s) => [s.index, s]));
  const { problems, missing } = unfinishedParts(report.total, 'shard', (index) => {
    const shard = byIndex.get(index);
    return shard && { status: shard.status, label: `attempt ${shard.attempt}${onHost(shard.host)}` };
  });
  const hashes = new Set(report.shards.filter((s) => s.planHash).map((s) => s.planHash));
  if (hashes.size > 1) problems.push(`the shards cut the plan differently (${hashes.size} partitions): a test may have run twice or not at all; run every shard with the same config, selection and --run-id`);
  const finished = report.total - missing.length;
  const reruns = report.shards.filter((s) => s.replaced?.length).map((s) => `shard ${s.index} attempt ${s.attempt} replaced ${s.replaced!.map((r) => `attempt ${r.attempt} (${r.status})`).join(', ')}`);
  return {
    rule: 'shards',
    outcome: problems.length ? 'error' : 'pass',
    measured: `${finished}/${report.total} shards finished`,
    limit: `${report.total}/${report.total}`,
    message: problems.length
      ? `${problems.join('; ')}${missing.length ? `; missing shard indices: ${missing.join(', ')}` : ''}`
      : `all ${report.total} shards finished${reruns.length ? `; ${reruns.join('; ')}` : ''}`,
  };
}
