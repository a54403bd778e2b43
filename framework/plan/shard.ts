/**
 * `--shard i/n`: split a plan over n machines so that each test runs on
 * exactly one of them, the same way on every machine. The partition depends
 * only on the groups' keys and weights, never on the order they were found
 * in, so n machines that each plan independently agree on who runs what.
 */

export interface Shard {
  /** 1-based, as written on the command line. */
  index: number;
  total: number;
}

export class ShardError extends Error {
  override name = 'ShardError';
}

const SHARD_FORMAT = /^\s*(\d+)\s*\/\s*(\d+)\s*$/;

/**
 * Parses `2/4` into `{ index: 2, total: 4 }`.
 *
 * @throws ShardError when the text is not INDEX/TOTAL with 1 <= INDEX <= TOTAL.
 */
export function parseShard(text: string): Shard {
  const match = SHARD_FORMAT.exec(text);
  if (!match) {
    throw new ShardError(`shard "${text}": expected INDEX/TOTAL, like 1/4 for the first of four shards`);
  }
  const index = Number(match[1]);
  const total = Number(match[2]);
  if (total < 1) {
    throw new ShardError(`shard "${text}": the total must be at least 1`);
  }
  if (index < 1) {
    throw new ShardError(`shard "${text}": shards are numbered from 1; the first of ${total} is 1/${total}`);
  }
  if (index > total) {
    throw new ShardError(`shard "${text}": index ${index} is greater than the total ${total}; use 1/${total} to ${total}/${total}`);
  }
  if (!Number.isSafeInteger(total)) {
    throw new ShardError(`shard "${text}": the total is too large`);
  }
  return { index, total };
}

/** Code-unit order: unlike localeCompare it does not depend on the machine's locale. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Assigns every group to one of `total` shards and returns all of them
 * (index 0 holds shard 1), each in the order the groups were given.
 *
 * 1. Sort by key, so the input order does not matter.
 * 2. Stable-sort by weight, heaviest first (equal weights stay in key order).
 * 3. Give each group to the lightest shard so far; equal loads go to the
 *    lowest shard index. (Greedy "longest processing time first".)
 *
 * With weight = number of tests this balances counts; with weight = the
 * durations from history it balances wall time.
 */
export function partitionGroups<T>(
  groups: readonly T[],
  key: (group: T) => string,
  weight: (group: T) => number,
  total: number,
): T[][] {
  if (!Number.isInteger(total) || total < 1) {
    throw new ShardError(`cannot split into ${total} shards: the total must be an integer of at least 1`);
  }
  const entries = groups.map((group, position) => {
    const w = weight(group);
    if (!Number.isFinite(w)) {
      throw new ShardError(`group "${key(group)}" has weight ${w}; weights must be finite numbers`);
    }
    return { group, position, key: key(group), weight: Math.max(0, w) };
  });
  entries.sort((a, b) => compareKeys(a.key, b.key));
  entries.sort((a, b) => b.weight - a.weight);

  const shards: Array<typeof entries> = Array.from({ length: total }, () => []);
  const loads: number[] = new Array<number>(total).fill(0);
  for (const entry of entries) {
    let lightest = 0;
    for (let i = 1; i < total; i++) {
      if (loads[i]! < loads[lightest]!) lightest = i;
    }
    shards[lightest]!.push(entry);
    loads[lightest]! += entry.weight;
  }
  // Each shard lists its groups in the order they were given, which keeps
  // the planner's file and test order inside a shard.
  return shards.map((shard) => shard.sort((a, b) => a.position - b.position).map((entry) => entry.group));
}

/**
 * The groups that belong to `shard`, in the order they were given.
 *
 * @example
 *   shardGroups(files, (f) => f.path, (f) => f.tests.length, parseShard('2/4'))
 */
export function shardGroups<T>(
  groups: readonly T[],
  key: (group: T) => string,
  weight: (group: T) => number,
  shard: Shard,
): T[] {
  if (!Number.isInteger(shard.index) || shard.index < 1 || shard.index > shard.total) {
    throw new ShardError(`shard ${shard.index}/${shard.total}: the index must be between 1 and ${shard.total}`);
  }
  return partitionGroups(groups, key, weight, shard.total)[shard.index - 1]!;
}
