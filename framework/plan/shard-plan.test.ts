import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResolvedSuite } from '../model/config.ts';
import type { TestCase } from '../model/test-case.ts';
import type { Plan } from './plan.ts';
import { applyShard, shardGroupsOf, shardWeights, type ShardGroup } from './shard-plan.ts';
import { partitionGroups } from './shard.ts';

const groups: ShardGroup[] = [
  { key: 'unit:a.spec.ts', testIds: ['a1', 'a2'] },
  { key: 'unit:b.spec.ts', testIds: ['b1'] },
  { key: 'unit:c.spec.ts', testIds: ['c1', 'new'] },
  { key: 'suite:tap', testIds: [], suitePrefix: 'tap › ' },
];

test('without history the weights are test counts (1 per foreign suite)', () => {
  assert.deepEqual(shardWeights(groups, new Map()), { basis: 'counts', weights: { 'unit:a.spec.ts': 2, 'unit:b.spec.ts': 1, 'unit:c.spec.ts': 2, 'suite:tap': 1 } });
});

test('with history a file weighs its tests\' medians; an unknown test weighs the median of the known ones; a foreign suite its tests\' sum', () => {
  const history = new Map([['a1', 100], ['a2', 300], ['b1', 1000], ['c1', 50], ['tap › x', 70], ['tap › y', 30]]);
  const { basis, weights } = shardWeights(groups, history);
  assert.equal(basis, 'durations');
  // known: 100, 300, 1000, 50 and the tap suite's 100 → median 100
  assert.deepEqual(weights, { 'unit:a.spec.ts': 400, 'unit:b.spec.ts': 1000, 'unit:c.spec.ts': 150, 'suite:tap': 100 });
});

test('the same weights give the same partition whatever order the groups come in', () => {
  const { weights } = shardWeights(groups, new Map([['a1', 100], ['b1', 1000]]));
  const cut = (list: ShardGroup[]) => partitionGroups(list, (g) => g.key, (g) => weights[g.key]!, 2).map((part) => part.map((g) => g.key).sort());
  assert.deepEqual(cut(groups), cut([...groups].reverse()));
  // known 100 and 1000, median 550: c 1100, b 1000, a 650, tap 550 → {c, tap} and {b, a}
  assert.deepEqual(cut(groups), [['suite:tap', 'unit:c.spec.ts'], ['unit:a.spec.ts', 'unit:b.spec.ts']]);
});

test('a test marked test.skip weighs nothing: a file of a 600 ms test and a skipped one is not balanced as if it held two', () => {
  const suite = { name: 'unit' } as ResolvedSuite;
  const testOf = (id: string, skipped = false) => ({ id, expectedStatus: skipped ? 'skipped' : 'passed' }) as TestCase;
  const plan: Plan = {
    files: [
      { file: '/p/a.spec.ts', suite, tests: [testOf('a1'), testOf('a-skip', true)] },
      { file: '/p/b.spec.ts', suite, tests: [testOf('b1')] },
      { file: '/p/c.spec.ts', suite, tests: [testOf('c1')] },
    ],
    foreignSuites: [], excluded: [], excludedSuites: [], loadErrors: [],
  };
  const groups = shardGroupsOf(plan, '/p');
  assert.deepEqual(groups.map((g) => g.testIds), [['a1'], ['b1'], ['c1']]);
  const { weights } = shardWeights(groups, new Map([['a1', 600], ['b1', 300], ['c1', 300]]));
  assert.equal(weights['unit:a.spec.ts'], 600, 'the skipped test adds no median');
  // a (600) alone, b and c (300 + 300) together: two equal shards.
  assert.deepEqual(applyShard(plan, { index: 1, total: 2 }, '/p', weights).loads, [600, 600]);
});
