import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShard, partitionGroups, shardGroups, ShardError } from './shard.ts';

test('parseShard accepts INDEX/TOTAL', () => {
  const cases: Array<[string, number, number]> = [
    ['1/1', 1, 1],
    ['2/4', 2, 4],
    ['4/4', 4, 4],
    [' 3 / 10 ', 3, 10],
  ];
  for (const [text, index, total] of cases) {
    assert.deepEqual(parseShard(text), { index, total }, text);
  }
});

test('parseShard rejects bad input with a clear message', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /expected INDEX\/TOTAL, like 1\/4/],
    ['2', /expected INDEX\/TOTAL/],
    ['a/b', /expected INDEX\/TOTAL/],
    ['1.5/4', /expected INDEX\/TOTAL/],
    ['-1/4', /expected INDEX\/TOTAL/],
    ['0/4', /numbered from 1; the first of 4 is 1\/4/],
    ['5/4', /index 5 is greater than the total 4; use 1\/4 to 4\/4/],
    ['0/0', /total must be at least 1/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseShard(text), (err: unknown) => err instanceof ShardError && message.test(err.message), text);
  }
});

interface Group {
  file: string;
  tests: number;
}

/** A small seeded generator, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function makeGroups(count: number, seed: number): Group[] {
  const next = random(seed);
  return Array.from({ length: count }, (_, i) => ({ file: `suite/file-${String(i).padStart(3, '0')}.spec.ts`, tests: 1 + Math.floor(next() * 20) }));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = random(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const key = (g: Group) => g.file;
const weight = (g: Group) => g.tests;

test('every group lands in exactly one shard (complete and disjoint)', () => {
  for (const [count, total] of [
    [0, 3],
    [1, 4],
    [7, 3],
    [50, 4],
    [3, 8],
  ] as const) {
    const groups = makeGroups(count, count * 31 + total);
    const seen = new Map<Group, number>();
    for (let index = 1; index <= total; index++) {
      for (const group of shardGroups(groups, key, weight, { index, total })) {
        assert.equal(seen.has(group), false, `${group.file} appears in shard ${seen.get(group)} and ${index}`);
        seen.set(group, index);
      }
    }
    assert.equal(seen.size, groups.length, `${count} groups over ${total} shards`);
  }
});

test('the partition does not depend on input order (deterministic)', () => {
  const groups = makeGroups(40, 7);
  const files = (shards: Group[][]) => shards.map((s) => s.map((g) => g.file).sort());
  const reference = files(partitionGroups(groups, key, weight, 4));
  for (const seed of [1, 2, 3]) {
    assert.deepEqual(files(partitionGroups(shuffled(groups, seed), key, weight, 4)), reference, `shuffle ${seed}`);
  }
});

test('shards keep the given order of their groups', () => {
  const groups = makeGroups(20, 3);
  const mine = shardGroups(groups, key, weight, { index: 2, total: 3 });
  const positions = mine.map((g) => groups.indexOf(g));
  assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
});

test('weights are balanced: no shard exceeds the ideal by more than the heaviest group', () => {
  for (const seed of [11, 12, 13, 14]) {
    const groups = makeGroups(60, seed);
    const total = 4;
    const loads = partitionGroups(groups, key, weight, total).map((s) => s.reduce((sum, g) => sum + g.tests, 0));
    const sum = loads.reduce((a, b) => a + b, 0);
    const heaviest = Math.max(...groups.map((g) => g.tests));
    assert.ok(Math.max(...loads) - Math.min(...loads) <= heaviest, `loads ${loads.join(', ')} (seed ${seed})`);
    assert.ok(Math.max(...loads) <= sum / total + heaviest, `loads ${loads.join(', ')} (seed ${seed})`);
  }
});

test('equal weights: counts differ by at most one, ties go to the lowest shard first', () => {
  const groups = ['a', 'b', 'c', 'd', 'e'].map((file) => ({ file, tests: 1 }));
  const shards = partitionGroups(groups, key, weight, 3).map((s) => s.map((g) => g.file));
  assert.deepEqual(shards, [
    ['a', 'd'],
    ['b', 'e'],
    ['c'],
  ]);
});

test('heaviest first goes to the lightest shard', () => {
  const groups: Group[] = [
    { file: 'a', tests: 1 },
    { file: 'b', tests: 10 },
    { file: 'c', tests: 6 },
    { file: 'd', tests: 5 },
  ];
  // b(10) → 1; c(6) → 2; d(5) → 2 (6 < 10); a(1) → 1 (10 < 11)
  const shards = partitionGroups(groups, key, weight, 2).map((s) => s.map((g) => g.file));
  assert.deepEqual(shards, [
    ['a', 'b'],
    ['c', 'd'],
  ]);
});

test('rejects non-finite weights and bad shard specs', () => {
  assert.throws(() => partitionGroups([{ file: 'x', tests: Number.NaN }], key, weight, 2), /weight NaN/);
  assert.throws(() => partitionGroups([], key, weight, 0), ShardError);
  assert.throws(() => shardGroups([], key, weight, { index: 3, total: 2 }), ShardError);
});
