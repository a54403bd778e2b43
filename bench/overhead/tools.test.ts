import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeTestPassed, tollgatePassed, vitestPassed } from './tools.ts';

test('tollgatePassed reads counts.passed from a PASS verdict', () => {
  assert.equal(tollgatePassed(JSON.stringify({ status: 'PASS', counts: { passed: 1000, failed: 0 } })), 1000);
});

test('tollgatePassed rejects a verdict that is not PASS', () => {
  assert.throws(() => tollgatePassed(JSON.stringify({ status: 'FAIL', counts: { passed: 999, failed: 1 } })), /FAIL, not PASS/);
});

test('nodeTestPassed reads the TAP summary and rejects failures', () => {
  const tap = 'TAP version 13\nok 1 - a\n1..1000\n# tests 1000\n# pass 1000\n# fail 0\n';
  assert.equal(nodeTestPassed(tap), 1000);
  assert.throws(() => nodeTestPassed(tap.replace('# fail 0', '# fail 2')), /2 failed/);
  assert.throws(() => nodeTestPassed('TAP version 13\n'), /no "# pass N" line/);
});

test('vitestPassed reads the JSON reporter and rejects failures', () => {
  assert.equal(vitestPassed(JSON.stringify({ numPassedTests: 1000, numFailedTests: 0 })), 1000);
  assert.throws(() => vitestPassed(JSON.stringify({ numPassedTests: 999, numFailedTests: 1 })), /1 failed/);
  assert.throws(() => vitestPassed('{}'), /no numPassedTests/);
});
