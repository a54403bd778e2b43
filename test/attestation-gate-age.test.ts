import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, writeProject } from './helpers/run-inline.ts';

/**
 * Issue 13.10: a consumer that needs the deploy gate's verdict must not be
 * satisfied by the merge gate's, nor by one signed long ago:
 * `verify-attestation --gate G --max-age DURATION`.
 */
const COMMIT = 'a9b7e6d5c4b3a2918071625344536271809a0b1c';

test('verify-attestation --gate and --max-age: the merge gate\'s fresh PASS verifies for merge, not for deploy, and not when older than --max-age', { timeout: 180_000 }, async () => {
  const dir = writeProject({
    'a.spec.ts': `import { test, expect } from 'tollgate';\ntest('adds', () => { expect(1 + 1).toBe(2); });\n`,
    'tollgate.config.ts': `export default { suites: [{ name: 'unit', kind: 'unit', files: '*.spec.ts' }] };\n`,
  });
  const keygen = await runCli(dir, ['keygen', '--out', 'keys']);
  assert.equal(keygen.exitCode, 0, keygen.output);
  const run = await runCli(dir, ['run', '--gate', 'merge', '--subject', COMMIT, '--output', 'signed'], { env: { TOLLGATE_SIGNING_KEY: 'keys/tollgate.key' } });
  assert.equal(run.exitCode, 0, run.output);
  const verify = (...args: string[]) => runCli(dir, ['verify-attestation', 'signed', '--key', 'keys/tollgate.pub', '--subject', COMMIT, '--require-pass', ...args]);

  const [merge, deploy, fresh, stale, badAge] = await Promise.all([
    verify('--gate', 'merge'),
    verify('--gate', 'deploy'),
    verify('--gate', 'merge', '--max-age', '24h'),
    verify('--max-age', '1ms'),
    verify('--max-age', 'soon'),
  ]);
  assert.equal(merge.exitCode, 0, merge.output);
  assert.match(merge.stdout, /gate: +matches --gate merge/);

  assert.equal(deploy.exitCode, 1, deploy.output);
  assert.match(deploy.stderr, /NOT verified/);
  assert.match(deploy.stderr, /the gate does not match: the attestation is for gate "merge", not "deploy"/);

  assert.equal(fresh.exitCode, 0, fresh.output);
  assert.match(fresh.stdout, /age: +within --max-age 24h/);

  assert.equal(stale.exitCode, 1, stale.output);
  assert.match(stale.stderr, /the attestation is too old: its verdict was given .* ago, more than --max-age 1ms/);

  assert.equal(badAge.exitCode, 2, badAge.output);
  assert.match(badAge.stderr, /--max-age: expected a length like 24h/);
});
