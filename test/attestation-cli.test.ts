import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { TestResultStatement } from '../framework/gate/attestation-statement.ts';
import { runCli, writeProject } from './helpers/run-inline.ts';

const COMMIT = 'd20ace7968ba43c0219f62d71334c1095bab1602';
const SPEC = `import { test, expect } from 'tollgate';
test('adds', () => { expect(1 + 1).toBe(2); });
test('breaks when asked', () => { expect(process.env.BREAK ? 3 : 2).toBe(2); });
test('flaky when asked', (_, info) => { if (process.env.FLAKY && info.retry === 0) throw new Error('first try'); });
test.skip('not here', () => {});
`;

function statementOf(file: string): TestResultStatement {
  const envelope = JSON.parse(fs.readFileSync(file, 'utf8')) as { payload: string };
  return JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as TestResultStatement;
}

/** One project, one key pair: signed runs in it as a CD pipeline makes them. */
const dir = writeProject({ 'a.spec.ts': SPEC, 'tollgate.config.ts': `export default { suites: [{ name: 'unit', kind: 'unit', files: '*.spec.ts' }] };\n` });
const keygen = runCli(dir, ['keygen', '--out', 'keys']);
const signing = { TOLLGATE_SIGNING_KEY: 'keys/tollgate.key' };

test('keygen writes tollgate.key (0600, PKCS8 PEM) and tollgate.pub (SPKI PEM), and will not overwrite them', async () => {
  const result = await keygen;
  assert.equal(result.exitCode, 0, result.output);
  assert.equal(fs.statSync(path.join(dir, 'keys', 'tollgate.key')).mode & 0o777, 0o600);
  assert.match(fs.readFileSync(path.join(dir, 'keys', 'tollgate.key'), 'utf8'), /BEGIN PRIVATE KEY/);
  assert.match(fs.readFileSync(path.join(dir, 'keys', 'tollgate.pub'), 'utf8'), /BEGIN PUBLIC KEY/);
  assert.match(result.stdout, /key id: +[0-9a-f]{64}/);
  const again = await runCli(dir, ['keygen', '--out', 'keys']);
  assert.equal(again.exitCode, 2);
  assert.match(again.stderr, /already exists: keygen does not overwrite keys/);
});

test('a signed run writes an attestation that verifies; one changed byte or base64 character makes verify-attestation fail', async () => {
  await keygen;
  const run = await runCli(dir, ['run', '--gate', 'merge', '--subject', COMMIT, '--output', 'signed'], { env: signing });
  assert.equal(run.exitCode, 0, run.output);
  const file = path.join(dir, 'signed', 'attestation.intoto.json');
  const envelope = JSON.parse(fs.readFileSync(file, 'utf8')) as { payloadType: string; payload: string; signatures: { keyid: string; sig: string }[] };
  assert.equal(envelope.payloadType, 'application/vnd.in-toto+json');
  assert.equal(envelope.signatures.length, 1);

  const statement = statementOf(file);
  assert.equal(statement._type, 'https://in-toto.io/Statement/v1');
  assert.equal(statement.predicateType, 'https://in-toto.io/attestation/test-result/v0.1');
  assert.deepEqual(statement.subject, [{ name: COMMIT, digest: { gitCommit: COMMIT } }]);
  assert.equal(statement.predicate.result, 'PASSED');
  assert.deepEqual(statement.predicate.passedTests.sort(), ['unit › a.spec.ts › adds', 'unit › a.spec.ts › breaks when asked', 'unit › a.spec.ts › flaky when asked']);
  assert.deepEqual(statement.predicate.failedTests, []);
  const config = statement.predicate.configuration[0]!;
  assert.equal(config.name, 'tollgate.config.ts');
  assert.match(config.digest!.sha256!, /^[0-9a-f]{64}$/);
  assert.equal(config.annotations!.gate, 'merge');
  assert.equal(statement.predicate.url, `file://${path.join(dir, 'signed')}`);

  const verify = (target: string, ...extra: string[]) => runCli(dir, ['verify-attestation', target, '--key', 'keys/tollgate.pub', ...extra]);
  // One byte of the decoded payload: PASSED → PASSEE.
  const bytes = Buffer.from(envelope.payload, 'base64');
  const at = bytes.indexOf('"PASSED"') + 6;
  bytes[at] = bytes[at]! ^ 0x01;
  fs.writeFileSync(path.join(dir, 'byte.json'), JSON.stringify({ ...envelope, payload: bytes.toString('base64') }));
  // One base64 character of the payload as written.
  const middle = Math.floor(envelope.payload.length / 2);
  const flipped = envelope.payload.slice(0, middle) + (envelope.payload[middle] === 'x' ? 'y' : 'x') + envelope.payload.slice(middle + 1);
  fs.writeFileSync(path.join(dir, 'char.json'), JSON.stringify({ ...envelope, payload: flipped }));

  const [ok, fromRunDir, wrongSubject, byte, char, missing, badKey] = await Promise.all([
    verify(file, '--subject', COMMIT),
    verify('signed'),
    verify(file, '--subject', 'e'.repeat(40)),
    verify('byte.json', '--subject', COMMIT),
    verify('char.json'),
    verify('nowhere.json'),
    runCli(dir, ['verify-attestation', file, '--key', 'keys/tollgate.key']),
  ]);
  assert.equal(ok.exitCode, 0, ok.output);
  assert.match(ok.stdout, /verified: .*attestation\.intoto\.json/);
  assert.match(ok.stdout, /result: +PASSED \(gate merge, environment local/);
  assert.match(ok.stdout, /tests: +3 passed, 0 warned, 0 failed/);
  assert.equal(fromRunDir.exitCode, 0, 'a run directory names its attestation');

  assert.equal(wrongSubject.exitCode, 1);
  assert.match(wrongSubject.stderr, /NOT verified[\s\S]*the subject does not match/);
  assert.equal(byte.exitCode, 1, byte.output);
  assert.match(byte.stderr, /NOT verified[\s\S]*does not match the payload/);
  assert.equal(char.exitCode, 1, char.output);
  assert.match(char.stderr, /NOT verified/);
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /nowhere\.json does not exist/);
  assert.equal(badKey.exitCode, 2);
  assert.match(badKey.stderr, /is a private key; verify with the public key/);
});

test('FAIL maps to FAILED and WARN (a flaky test) to WARNED, with the tests in their lists', async () => {
  await keygen;
  const [failed, warned] = await Promise.all([
    runCli(dir, ['run', '--gate', 'merge', '--subject', 'v-fail', '--output', 'failed'], { env: { ...signing, BREAK: '1' } }),
    runCli(dir, ['run', '--gate', 'merge', '--subject', 'v-warn', '--retries', '1', '--output', 'warned'], { env: { ...signing, FLAKY: '1' } }),
  ]);
  const [failedVerifies, failedRequirePass, warnedRequirePass] = await Promise.all([
    runCli(dir, ['verify-attestation', 'failed', '--key', 'keys/tollgate.pub', '--subject', 'v-fail']),
    runCli(dir, ['verify-attestation', 'failed', '--key', 'keys/tollgate.pub', '--subject', 'v-fail', '--require-pass']),
    runCli(dir, ['verify-attestation', 'warned', '--key', 'keys/tollgate.pub', '--subject', 'v-warn', '--require-pass']),
  ]);
  // A failed run's attestation is authentic; --require-pass is what turns its result into a refusal.
  assert.equal(failedVerifies.exitCode, 0, failedVerifies.output);
  assert.match(failedVerifies.stdout, /result: +FAILED/);
  assert.equal(failedRequirePass.exitCode, 1);
  assert.match(failedRequirePass.stderr, /the attested result is FAILED: the tests did not pass/);
  assert.equal(warnedRequirePass.exitCode, 0, warnedRequirePass.output);
  assert.equal(failed.exitCode, 1, failed.output);
  const failedStatement = statementOf(path.join(dir, 'failed', 'attestation.intoto.json'));
  assert.equal(failedStatement.predicate.result, 'FAILED');
  assert.deepEqual(failedStatement.predicate.failedTests, ['unit › a.spec.ts › breaks when asked']);
  assert.deepEqual(failedStatement.subject, [{ name: 'v-fail', digest: { versionLabel: 'v-fail' } }]);

  assert.equal(warned.exitCode, 0, warned.output);
  assert.equal(warned.verdict().status, 'WARN');
  const warnedStatement = statementOf(path.join(dir, 'warned', 'attestation.intoto.json'));
  assert.equal(warnedStatement.predicate.result, 'WARNED');
  assert.deepEqual(warnedStatement.predicate.warnedTests, ['unit › a.spec.ts › flaky when asked']);
  // The skipped test is in none of the lists.
  assert.equal(warnedStatement.predicate.passedTests.length + warnedStatement.predicate.failedTests.length, 2);
});

test('without --subject the run is not signed (a warning, verdict unchanged); a bad key makes the verdict ERROR and keeps the results', async () => {
  await keygen;
  const [unsigned, badKey] = await Promise.all([
    runCli(dir, ['run', '--gate', 'merge', '--output', 'unsigned'], { env: signing }),
    runCli(dir, ['run', '--gate', 'merge', '--subject', COMMIT, '--output', 'badkey'], { env: { TOLLGATE_SIGNING_KEY: 'keys/missing.key' } }),
  ]);
  assert.equal(unsigned.exitCode, 0, unsigned.output);
  assert.match(unsigned.stderr, /TOLLGATE_SIGNING_KEY is set but the run has no --subject, so its verdict was not signed/);
  assert.equal(unsigned.verdict().status, 'PASS');
  assert.ok(!fs.existsSync(path.join(dir, 'unsigned', 'attestation.intoto.json')));

  assert.equal(badKey.exitCode, 1, badKey.output);
  assert.match(badKey.stderr, /TOLLGATE_SIGNING_KEY: .*keys\/missing\.key does not exist; expected an ed25519 private key/);
  const verdict = badKey.verdict();
  assert.equal(verdict.status, 'ERROR');
  assert.equal(verdict.rules.at(-1)?.rule, 'attestation');
  assert.equal(verdict.counts.passed, 3, 'the results are kept');
  assert.equal(badKey.events().filter((e) => e.type === 'test.end' && e.outcome === 'passed').length, 3);
  assert.ok(!fs.existsSync(path.join(dir, 'badkey', 'attestation.intoto.json')));
});

test('tollgate verdict --attestation hands out the deciding run\'s signed verdict from the archive, after its run directory is gone; an unsigned run has none (exit 1)', async () => {
  await keygen;
  const signed = await runCli(dir, ['run', '--gate', 'merge', '--subject', 'v9.9.9-att', '--output', 'att-run'], { env: signing });
  assert.equal(signed.exitCode, 0, signed.output);
  const original = fs.readFileSync(path.join(dir, 'att-run', 'attestation.intoto.json'), 'utf8');
  // As a pod's run directory goes with the pod: only the archive is left.
  fs.rmSync(path.join(dir, 'att-run'), { recursive: true });

  const asked = await runCli(dir, ['verdict', '--gate', 'merge', '--subject', 'v9.9.9-att', '--attestation', 'out/att.json']);
  assert.equal(asked.exitCode, 0, asked.output);
  assert.equal(fs.readFileSync(path.join(dir, 'out', 'att.json'), 'utf8'), original);
  assert.match(asked.stderr, /wrote the signed verdict of run \S+ to out\/att\.json/);
  const verified = await runCli(dir, ['verify-attestation', 'out/att.json', '--key', 'keys/tollgate.pub', '--subject', 'v9.9.9-att', '--require-pass']);
  assert.equal(verified.exitCode, 0, verified.output);

  const plain = await runCli(dir, ['run', '--gate', 'merge', '--subject', 'v9.9.9-plain', '--output', 'plain-run']);
  assert.equal(plain.exitCode, 0, plain.output);
  const unsigned = await runCli(dir, ['verdict', '--gate', 'merge', '--subject', 'v9.9.9-plain', '--attestation', 'out/plain.json']);
  assert.equal(unsigned.exitCode, 1, unsigned.output);
  assert.match(unsigned.stderr, /run \S+ has no signed verdict in the sqlite archive .*TOLLGATE_SIGNING_KEY and --subject/);
  assert.equal(fs.existsSync(path.join(dir, 'out', 'plain.json')), false);

  // From run directories (CI artifacts) alike.
  const fromDirs = await runCli(dir, ['run', '--gate', 'merge', '--subject', 'v9.9.9-dirs', '--output', 'artifacts/r1'], { env: signing });
  assert.equal(fromDirs.exitCode, 0, fromDirs.output);
  const byDirs = await runCli(dir, ['verdict', '--gate', 'merge', '--subject', 'v9.9.9-dirs', '--runs', 'artifacts', '--attestation', 'out/dirs.json']);
  assert.equal(byDirs.exitCode, 0, byDirs.output);
  assert.equal(fs.readFileSync(path.join(dir, 'out', 'dirs.json'), 'utf8'), fs.readFileSync(path.join(dir, 'artifacts', 'r1', 'attestation.intoto.json'), 'utf8'));
});
