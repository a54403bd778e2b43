import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable, ratio, timeStats } from './summarize.ts';

test('timeStats takes the middle value of an odd count, whatever the order', () => {
  assert.deepEqual(timeStats([30, 10, 20]), { runs: [30, 10, 20], median: 20, min: 10, max: 30 });
});

test('timeStats averages the two middle values of an even count', () => {
  assert.equal(timeStats([4, 1, 3, 2]).median, 2.5);
});

test('timeStats refuses an empty list', () => {
  assert.throws(() => timeStats([]), /at least one run/);
});

test('ratio divides medians, not means', () => {
  assert.equal(ratio(timeStats([1000, 1000, 9000]), timeStats([10000, 10000, 1])), 0.1);
});

test('formatTable prints one row per tool and the ratios of the subject to the others', () => {
  const table = formatTable(
    [
      { name: 'tollgate', wall: timeStats([1500, 1000, 2000]), cpu: timeStats([2000, 2000, 3000]) },
      { name: 'node --test', wall: timeStats([20000]), cpu: timeStats([40000]) },
    ],
    'tollgate',
  );
  assert.match(table, /^tollgate\s+1\.50 s\s+1\.00 s\s+2\.00 s\s+2\.00 s\s+3$/m);
  assert.match(table, /^node --test\s+20\.00 s/m);
  assert.match(table, /^tollgate \/ node --test \(medians\): wall 0\.075x, cpu 0\.050x$/m);
  assert.doesNotMatch(table, /tollgate \/ tollgate/);
});

test('formatTable says n/a when the platform gives no CPU time', () => {
  const table = formatTable([{ name: 'vitest', wall: timeStats([1000]), cpu: null }], 'tollgate');
  assert.match(table, /^vitest\s+1\.00 s\s+1\.00 s\s+1\.00 s\s+n\/a\s+1$/m);
});
