import crypto from 'node:crypto';
import { relativeFile } from '../runners/native/location.ts';
import type { Plan } from './plan.ts';
import { partitionGroups, type Shard } from './shard.ts';

/**
 * Balanced shards (issue 9). A group is what one shard runs whole: a native
 * test file, or a foreign suite (tap, command, ...), whose tests are only
 * known as it runs. Files and foreign suites share one partition, so a
 * heavy foreign suite is balanced against files instead of beside them.
 */
export interface ShardGroup {
  key: string;
  /**
   * The tests known before running that will run (none for a foreign suite).
   * A test marked test.skip is left out: it costs nothing, and weighing it
   * the median of known tests (it never passes, so history never knows it)
   * would make its file look heavier than it is.
   */
  testIds: string[];
  /** For a foreign suite: the prefix of its test ids, to find them in history. */
  suitePrefix?: string;
}

export function shardGroupsOf(plan: Plan, rootDir: string): ShardGroup[] {
  return [
    ...plan.files.map((f) => ({ key: `${f.suite.name}:${relativeFile(rootDir, f.file)}`, testIds: f.tests.filter((t) => t.expectedStatus !== 'skipped').map((t) => t.id) })),
    ...plan.foreignSuites.map(({ suite }) => ({ key: `suite:${suite.name}`, testIds: [], suitePrefix: `${suite.name} › ` })),
  ];
}

export interface ShardWeights {
  /** 'durations' when history knew at least one planned test; else 'counts' (tests per group, 1 per foreign suite). */
  basis: 'durations' | 'counts';
  /** Group key → weight: milliseconds for durations, tests for counts. */
  weights: Record<string, number>;
}

/**
 * Each group's weight: the sum of its tests' median passed durations. A
 * test history does not know (new, renamed, never passed) weighs the
 * median of the tests it does know, so a new file is neither free nor
 * a giant. Without any known test the weight is the number of tests.
 */
export function shardWeights(groups: readonly ShardGroup[], durations: ReadonlyMap<string, number>): ShardWeights {
  const known: number[] = [];
  const perGroup = groups.map((group) => {
    if (group.suitePrefix) {
      let sum = 0;
      for (const [id, ms] of durations) if (id.startsWith(group.suitePrefix)) sum += ms;
      if (sum > 0) known.push(sum);
      return { group, ms: group.testIds.map(() => undefined as number | undefined), suiteMs: sum || undefined };
    }
    const ms = group.testIds.map((id) => durations.get(id));
    for (const m of ms) if (m !== undefined) known.push(m);
    return { group, ms, suiteMs: undefined as number | undefined };
  });
  const weights: Record<string, number> = {};
  if (!known.length) {
    for (const group of groups) weights[group.key] = group.suitePrefix ? 1 : group.testIds.length;
    return { basis: 'counts', weights };
  }
  const fallback = median(known);
  for (const { group, ms, suiteMs } of perGroup) {
    // Rounded to a tenth of a millisecond: the weights are pinned as JSON and compared across machines.
    weights[group.key] = round(group.suitePrefix ? (suiteMs ?? fallback) : ms.reduce<number>((sum, m) => sum + (m ?? fallback), 0));
  }
  return { basis: 'durations', weights };
}

export interface ShardedPlan {
  plan: Plan;
  /** sha256 over every group key with its shard: equal on every shard that cut the plan alike. */
  planHash: string;
  /** Each shard's total weight (index 0 is shard 1). */
  loads: number[];
}

/**
 * Cuts a full plan to one shard with the given weights (a group missing
 * from them weighs its test count). Everything another shard runs is kept
 * in `excluded` with the reason, for `--list`.
 */
export function applyShard(full: Plan, shard: Shard, rootDir: string, weights: Record<string, number>): ShardedPlan {
  const groups = shardGroupsOf(full, rootDir);
  const weightOf = (g: ShardGroup) => weights[g.key] ?? (g.suitePrefix ? 1 : g.testIds.length);
  const parts = partitionGroups(groups, (g) => g.key, weightOf, shard.total);
  const owner = new Map<string, number>();
  parts.forEach((part, i) => part.forEach((g) => owner.set(g.key, i + 1)));
  const loads = parts.map((part) => part.reduce((sum, g) => sum + weightOf(g), 0));
  const hash = crypto.createHash('sha256');
  for (const key of [...owner.keys()].sort()) hash.update(`${key}\t${owner.get(key)}\n`);

  const mine = (key: string) => owner.get(key) === shard.index;
  const reason = `--shard ${shard.index}/${shard.total}: another shard runs it`;
  const plan: Plan = { ...full, files: [], foreignSuites: [], excluded: [...full.excluded], excludedSuites: [...full.excludedSuites] };
  full.files.forEach((file, i) => {
    if (mine(groups[i]!.key)) plan.files.push(file);
    else for (const test of file.tests) plan.excluded.push({ test, reason });
  });
  full.foreignSuites.forEach((entry, i) => {
    if (mine(groups[full.files.length + i]!.key)) plan.foreignSuites.push(entry);
    else plan.excludedSuites.push({ suite: entry.suite, reason });
  });
  return { plan, planHash: hash.digest('hex'), loads };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
