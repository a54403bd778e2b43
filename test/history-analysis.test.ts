import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestOutcome } from 'tollgate';
import { errorSignature } from '../framework/archive/error-signature.ts';
import { classifyFailure, clusterFailures, outcomeStrip, testStats } from '../framework/archive/history.ts';

/** Newest first, as the archive returns history; written oldest first here for reading. */
const h = (...oldestFirst: (TestOutcome | null)[]) => oldestFirst.reverse().map((outcome) => ({ outcome }));

describe('testStats', () => {
  const cases: [string, ReturnType<typeof h>, { flips: number; transitions: number; flaky: boolean; flakyRuns?: number }][] = [
    ['always passing', h('passed', 'passed', 'passed'), { flips: 0, transitions: 2, flaky: false }],
    ['started failing', h('passed', 'passed', 'failed'), { flips: 1, transitions: 2, flaky: false }],
    ['failed and recovered', h('passed', 'failed', 'passed'), { flips: 2, transitions: 2, flaky: true }],
    ['alternating', h('passed', 'failed', 'passed', 'failed'), { flips: 3, transitions: 3, flaky: true }],
    ['passed on retry once', h('passed', 'flaky', 'passed'), { flips: 0, transitions: 2, flaky: true, flakyRuns: 1 }],
    ['skips and gaps are not counted', h('passed', 'skipped', null, 'failed'), { flips: 1, transitions: 1, flaky: false }],
    ['no history', h(), { flips: 0, transitions: 0, flaky: false }],
  ];
  for (const [name, history, expected] of cases) {
    test(name, () => {
      const stats = testStats('t', history);
      assert.equal(stats.flips, expected.flips);
      assert.equal(stats.transitions, expected.transitions);
      assert.equal(stats.flaky, expected.flaky);
      assert.equal(stats.flakyRuns, expected.flakyRuns ?? 0);
      assert.equal(stats.flipRate, expected.transitions ? expected.flips / expected.transitions : 0);
      assert.ok(stats.flakyScore >= 0 && stats.flakyScore <= 1);
    });
  }
});

describe('classifyFailure (the newest entry is the failure being judged)', () => {
  test('new: it passed last time, or never ran before', () => {
    assert.equal(classifyFailure(h('passed', 'passed', 'passed', 'passed', 'passed', 'failed')), 'new');
    assert.equal(classifyFailure(h('failed')), 'new');
    assert.equal(classifyFailure(h('passed', 'skipped', 'failed')), 'new');
  });
  test('known: it failed last time too', () => {
    assert.equal(classifyFailure(h('passed', 'failed', 'failed')), 'known');
    assert.equal(classifyFailure(h('failed', null, 'failed')), 'known');
  });
  test('flaky: its history flips or it needed retries', () => {
    assert.equal(classifyFailure(h('passed', 'failed', 'passed', 'failed')), 'flaky');
    assert.equal(classifyFailure(h('flaky', 'passed', 'failed')), 'flaky');
  });
});

test('outcomeStrip reads oldest to newest', () => {
  assert.equal(outcomeStrip(h('passed', 'failed', 'flaky', null, 'skipped').map((e) => e.outcome)), '✓✘~·-');
});

describe('errorSignature', () => {
  const same: [string, string][] = [
    ['expected 200, received 500 at /tmp/a1/x.spec.ts:12:3', 'expected 201, received 503 at /home/ci/b/y.spec.ts:40:1'],
    ['slice "s-1" not found', "slice 'gold-42' not found"],
    ['connect ECONNREFUSED 127.0.0.1:4312', 'connect ECONNREFUSED 127.0.0.1:39001'],
    ['id 3f2a9c1e-1b2c-4d5e-8f90-123456789abc missing at 2026-11-27T10:00:01.123Z', 'id 00000000-1b2c-4d5e-8f90-abcdefabcdef missing at 2025-01-01T00:00:00Z'],
    ['pointer 0xdeadbeef freed, digest 9f86d081884c7d65', 'pointer 0x1 freed, digest 2c26b46b68ffc68f'],
  ];
  for (const [a, b] of same) test(`"${a}" ~ "${b}"`, () => assert.equal(errorSignature(a), errorSignature(b)));
  test('different failures keep different signatures', () => {
    assert.notEqual(errorSignature('expected 200, received 500'), errorSignature('timeout of 2000ms exceeded'));
    assert.notEqual(errorSignature('expect(received).toBe(expected)\nExpected: 2\nReceived: 1'), errorSignature('expect(received).toEqual(expected)\nExpected: 2'));
  });
  test('colour codes and blank lines do not matter; the first three lines count', () => {
    assert.equal(errorSignature('\u001b[31mboom 1\u001b[39m\n\n  line two\nthree\nfour'), 'boom <n> | line two | three');
  });
});

test('clusterFailures groups by signature, the biggest cluster first', () => {
  const clusters = clusterFailures([
    { testId: 'a', signature: 'x <n>', message: 'x 1' },
    { testId: 'b', signature: 'y', message: 'y' },
    { testId: 'c', signature: 'x <n>', message: 'x 2' },
  ]);
  assert.deepEqual(clusters.map((c) => [c.signature, c.tests]), [['x <n>', ['a', 'c']], ['y', ['b']]]);
  assert.equal(clusters[0]!.example, 'x 1');
});
