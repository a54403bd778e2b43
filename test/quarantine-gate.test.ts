import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInline } from './helpers/run-inline.ts';

const SPEC = `import { test, expect } from 'tollgate';
test('ok', () => {});
test('broken', () => { expect(1 + 1).toBe(3); });
`;

function quarantine(expires: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ quarantine: [{ test: '* › broken', owner: 'alice@example.org', reason: 'races the POD start', issue: 'https://tracker.example/T-17', expires, ...extra }] });
}

test('a quarantined failing test still runs and is reported, and the gate stays green (WARN, exit 0)', async () => {
  const result = await runInline({ 'a.spec.ts': SPEC, 'tollgate.quarantine.json': quarantine('2999-12-31') }, ['run', 'a.spec.ts', '--reporter', 'console']);
  assert.equal(result.exitCode, 0, result.output);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'WARN');
  assert.equal(verdict.counts.failed, 1, 'the failure is still counted and reported');
  assert.equal(verdict.rules.find((r) => r.rule === 'no-failures')?.outcome, 'pass');
  const rule = verdict.rules.find((r) => r.rule === 'quarantine');
  assert.equal(rule?.outcome, 'warn');
  assert.deepEqual(rule.tests, ['default › a.spec.ts › broken']);
  assert.match(result.stdout, /✘ default › a\.spec\.ts › broken/, 'the console lists the failure');
  // The console wraps a long rule message to the terminal's width (80 off a TTY): read it as one line.
  assert.match(result.stdout.replace(/\n\s+/g, ' '), /quarantine: 1 quarantined test\(s\) failed without failing the gate: .*alice@example\.org/);
});

test('an expired entry turns the gate red and names the owner', async () => {
  const result = await runInline({ 'a.spec.ts': SPEC, 'tollgate.quarantine.json': quarantine('2020-01-31') }, ['run', 'a.spec.ts', '--reporter', 'console']);
  assert.equal(result.exitCode, 1, result.output);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'FAIL');
  const rule = verdict.rules.find((r) => r.rule === 'quarantine');
  assert.equal(rule?.outcome, 'fail');
  assert.match(rule.message, /expired on 2020-01-31: alice@example\.org must fix the test/);
  assert.equal(verdict.rules.find((r) => r.rule === 'no-failures')?.outcome, 'fail', 'an expired entry excuses nothing');
  assert.match(result.stdout, /alice@example\.org/);
});

test('an expired entry fails the gate even when its test passes now', async () => {
  const result = await runInline({ 'a.spec.ts': SPEC, 'quarantine.json': JSON.stringify({ quarantine: [{ test: 'default › a.spec.ts › ok', owner: 'bob', reason: 'was slow', issue: 'https://tracker.example/T-1', expires: '2021-05-01' }] }) }, ['run', 'a.spec.ts', '--grep', 'ok']);
  assert.equal(result.exitCode, 1, result.output);
  assert.match(result.verdict().rules.find((r) => r.rule === 'quarantine')!.message, /bob must fix the test/);
});

test('bad entries are a usage error (exit 2) naming each entry, before anything runs', async () => {
  const file = JSON.stringify({ quarantine: [
    { test: 'default › a.spec.ts › broken', reason: 'x', issue: 'https://t/1', expires: '2999-01-01' },
    { test: 'other', owner: 'carol', reason: 'y', issue: 'T-2', expires: '2999-02-30' },
  ] });
  const result = await runInline({ 'a.spec.ts': SPEC, 'tollgate.quarantine.json': file }, ['run', 'a.spec.ts']);
  assert.equal(result.exitCode, 2, result.output);
  assert.match(result.stderr, /entry 1 \(test "default › a\.spec\.ts › broken"\): must have required property 'owner'/);
  assert.match(result.stderr, /entry 2 \(test "other"\) issue: must match pattern/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  assert.doesNotMatch(result.stdout, /✓|✘/, 'no test ran');
});

test('a pattern of many * against a long test id is answered at once, not after hours of backtracking', { timeout: 120_000 }, async () => {
  // As a regular expression (^.*a.*a…b$) this pattern took seconds per id of thirty characters (issue 13).
  const title = 'a'.repeat(200);
  const spec = `import { test } from 'tollgate';\ntest('${title}', () => { throw new Error('down'); });\n`;
  const file = JSON.stringify({ quarantine: [{ test: `${'*a'.repeat(14)}*b`, owner: 'dave', reason: 'r', issue: 'https://t/9', expires: '2999-01-01' }] });
  // A generous bound, only so that a backtracking matcher fails the test instead of hanging it: the run takes about a second.
  const result = await runInline({ 'a.spec.ts': spec, 'tollgate.quarantine.json': file }, ['run', 'a.spec.ts'], { onSpawn: (child) => setTimeout(() => child.kill('SIGKILL'), 90_000).unref() });
  assert.equal(result.signal, null, 'the run was killed after 90 s');
  assert.equal(result.exitCode, 1, result.output);
  assert.equal(result.verdict().status, 'FAIL', 'the pattern does not cover the test (its id does not end in b)');
});
