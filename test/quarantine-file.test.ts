import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestResult } from 'tollgate';
import { isExpired, parseQuarantine, quarantineEntryFor, QuarantineError } from '../framework/gate/quarantine.ts';
import { quarantineRule } from '../framework/gate/quarantine-rule.ts';
import { testCase } from './helpers/archive-events.ts';

const entry = (test: string, expires = '2999-01-01') => ({ test, owner: 'alice', reason: 'r', issue: 'https://t/1', expires });

test('exact ids win over patterns; * stands for any text, other characters are literal', () => {
  const q = parseQuarantine('q.json', { quarantine: [entry('smoke › *'), entry('smoke › a.spec.ts › one (x)', '2998-01-01')] });
  assert.equal(quarantineEntryFor(q, 'smoke › a.spec.ts › one (x)')?.expires, '2998-01-01');
  assert.equal(quarantineEntryFor(q, 'smoke › b.spec.ts › two')?.test, 'smoke › *');
  assert.equal(quarantineEntryFor(q, 'unit › smoke › x'), undefined);
  assert.equal(quarantineEntryFor(parseQuarantine('q.json', { quarantine: [entry('a.b')] }), 'axb'), undefined);
});

test('an entry holds through its expiry day (UTC) and expires the day after', () => {
  assert.equal(isExpired(entry('t', '2026-03-01'), new Date('2026-03-01T23:59:00Z')), false);
  assert.equal(isExpired(entry('t', '2026-03-01'), new Date('2026-03-02T00:00:00Z')), true);
});

test('every bad entry is named at once, with what is wrong', () => {
  assert.throws(
    () => parseQuarantine('q.json', { quarantine: [{ test: 'a', owner: '', reason: 'r', issue: 'https://t/1', expires: '2999-01-01', extra: 1 }, entry('b', '2999-02-30')] }),
    (error: Error) => {
      assert.ok(error instanceof QuarantineError);
      assert.match(error.message, /entry 1 \(test "a"\) owner: must NOT have fewer than 1 characters/);
      assert.match(error.message, /entry 1 \(test "a"\): has unknown property "extra"/);
      return true;
    },
  );
  assert.throws(() => parseQuarantine('q.json', { quarantine: [entry('b', '2999-02-30')] }), /entry 1 \(test "b"\) expires: "2999-02-30" is not a date/);
  assert.throws(() => parseQuarantine('q.json', [entry('b')]), /the file: must be object/);
});

test('the rule: live entries excuse failed and flaky tests, expired ones fail, passing quarantined tests are fine', () => {
  const result = (title: string, outcome: TestResult['outcome']): TestResult => ({ test: testCase(title), attempts: [], outcome });
  const q = parseQuarantine('q.json', { quarantine: [entry('* › broken'), entry('* › wobbly'), entry('* › fine'), entry('* › old', '2020-01-01')] });
  const verdict = quarantineRule(q, [result('broken', 'failed'), result('wobbly', 'flaky'), result('fine', 'passed'), result('other', 'failed'), result('old', 'failed')], new Date('2026-06-01T00:00:00Z'));
  assert.deepEqual([...verdict.excused].sort(), [testCase('broken').id, testCase('wobbly').id]);
  assert.equal(verdict.rule?.outcome, 'fail');
  assert.match(verdict.rule!.message, /"\* › old" \(owner alice, https:\/\/t\/1\) expired on 2020-01-01/);
  assert.equal(quarantineRule(undefined, [result('broken', 'failed')]).rule, null);
  assert.equal(quarantineRule(q, [result('fine', 'passed')]).rule?.outcome, 'pass');
});
