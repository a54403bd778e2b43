import path from 'node:path';
import { shardSeqBase } from '../archive/shard-rows.ts';
import { ShardStore, type PinnedShardPlan } from '../archive/shard-store.ts';
import type { ResolvedConfig } from '../model/config.ts';
import type { Plan } from '../plan/plan.ts';
import { applyShard, shardGroupsOf, shardWeights } from '../plan/shard-plan.ts';
import type { Shard } from '../plan/shard.ts';
import { UsageError } from './usage-error.ts';

export interface PreparedShard {
  plan: Plan;
  /** Set when the shard joined a sharded run (--run-id given and the archive reachable). */
  attempt?: number;
  /** The shard's own run directory under the run's, unless --output was given. */
  output?: string;
  basis: 'durations' | 'counts';
}

/**
 * `tollgate run --shard i/n [--run-id ID]`, before the run starts:
 *
 * 1. Read passed durations from the archive, leaving out run ID itself.
 * 2. Weigh each file (or foreign suite) by them, by test counts without history.
 * 3. With a run id: pin the weights for the run, unless a shard pinned them
 *    first, and use the pinned ones. Every shard, and a shard run again
 *    later, then cuts the same partition whatever history came since.
 * 4. Cut the plan, and (unless only listing) register this shard's next attempt with the
 *    partition's hash (the gate checks all shards agree on it).
 *
 * An archive that cannot be reached leaves a plain shard: partitioned by
 * counts, with the run's own id and no registration (the run's archive
 * sink will report the archive's error).
 */
export async function prepareShardRun(config: ResolvedConfig, full: Plan, shard: Shard, runId: string | undefined, options: { register: boolean }): Promise<PreparedShard> {
  let store: ShardStore;
  const groups = shardGroupsOf(full, config.rootDir);
  try {
    store = await ShardStore.open({ rootDir: config.rootDir });
  } catch (error) {
    process.stderr.write(`tollgate: --shard ${shard.index}/${shard.total}: no history for balancing (${(error as Error).message}); shards are cut by test counts\n`);
    const counts = shardWeights(groups, new Map());
    return { plan: applyShard(full, shard, config.rootDir, counts.weights).plan, basis: 'counts' };
  }
  try {
    let pinned: PinnedShardPlan | null = runId ? await store.pinnedPlan(runId) : null;
    if (pinned && pinned.total !== shard.total) {
      throw new UsageError(`--shard ${shard.index}/${shard.total}: run "${runId}" was started with ${pinned.total} shards; use --shard ${shard.index}/${pinned.total}, or a new --run-id`);
    }
    if (!pinned) {
      const history = await store.durationHistory(runId ?? null);
      const computed = shardWeights(groups, history.durations);
      pinned = { total: shard.total, basis: computed.basis, weights: computed.weights, historyRuns: history.runs };
      if (runId && options.register) pinned = await store.pinPlan(runId, pinned);
    }
    const cut = applyShard(full, shard, config.rootDir, pinned.weights);
    if (!runId || !options.register) return { plan: cut.plan, basis: pinned.basis };
    const plannedTests = cut.plan.files.reduce((n, f) => n + f.tests.length, 0);
    const attempt = await store.registerAttempt({
      runId,
      index: shard.index,
      total: shard.total,
      plannedTests,
      plannedWeight: cut.loads[shard.index - 1]!,
      planHash: cut.planHash,
      seqBase: (n) => shardSeqBase(shard.index, shard.total, n),
    });
    const dir = `shard-${shard.index}-of-${shard.total}${attempt > 1 ? `-attempt-${attempt}` : ''}`;
    return { plan: cut.plan, attempt, output: path.join(config.outputDir, runId, dir), basis: pinned.basis };
  } finally {
    await store.close();
  }
}
