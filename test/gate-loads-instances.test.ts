/**
 * `tollgate gate --run-id ID` (issue 9) with what the other parts left to it,
 * through the real CLI against a real PostgreSQL archive:
 * - the merged thresholds of the run's distributed loads count in the one verdict;
 * - a run of load instances without --shard gets one verdict, a missing instance ERROR;
 * - the one verdict is signed with TOLLGATE_SIGNING_KEY, and `tollgate verdict`
 *   and `tollgate verify-attestation` answer for it.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from 'tollgate';
import { CLI, writeProject } from './helpers/run-inline.ts';
import { createTestDatabase, type TestDatabase } from './helpers/postgres.ts';

// A test that is one instance of a distributed load, as drivers/traffic is: it meets the other instances in the
// archive under the shared run id and writes one interval of an error rate of 10% (10 of 100 requests).
// LIMIT is the load's threshold; MEET_MS how long it waits for the other instances.
const LOAD_SPEC = `import { test } from 'tollgate';
import { LoadCoordination, instanceFromEnvironment } from 'tollgate/distributed';
test('load', async () => {
  const me = instanceFromEnvironment() ?? { index: 1, total: 1, runId: process.env.TOLLGATE_RUN_ID! };
  const coordination = await LoadCoordination.open({ rootDir: process.cwd() }, { runId: me.runId, testId: 'unit › tests/load.spec.ts › load', load: 'read' });
  try {
    await coordination.rendezvous({ instance: me.index, instances: me.total, thresholds: { errors: [process.env.LIMIT!] }, timeoutMs: Number(process.env.MEET_MS ?? 30000), pollMs: 50, leadMs: 50 });
    const start = Date.now();
    await coordination.writeInterval([{ instance: me.index, seq: 0, start, end: start + 1000, metric: 'errors', tags: {}, kind: 'rate', samples: 100, total: 10 }]);
    await coordination.finish(me.index);
  } finally {
    await coordination.close();
  }
});
`;

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
}

let db: TestDatabase;
let dir: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<Cli> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', CI: '1', TOLLGATE_ARCHIVE: db.url, LIMIT: 'rate<0.5', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

before(async () => {
  db = await createTestDatabase();
  dir = writeProject({
    'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({ workers: 1, suites: [{ name: 'unit', kind: 'unit', files: 'tests/*.spec.ts' }] });
`,
    'tests/a.spec.ts': `import { test, expect } from 'tollgate';\ntest('adds', () => { expect(1 + 1).toBe(2); });\n`,
    'tests/load.spec.ts': LOAD_SPEC,
  });
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  fs.mkdirSync(path.join(dir, 'keys'));
  fs.writeFileSync(path.join(dir, 'keys', 'tollgate.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'keys', 'tollgate.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
});

after(async () => {
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const SIGNING = { TOLLGATE_SIGNING_KEY: 'keys/tollgate.key' };

async function shards(runId: string, subject: string, env: Record<string, string> = {}): Promise<void> {
  const results = await Promise.all([1, 2].map((i) => cli(['run', '--gate', 'merge', '--subject', subject, '--shard', `${i}/2`, '--run-id', runId], env)));
  for (const r of results) assert.equal(r.code, 0, r.stderr);
}

test('a sharded run: the gate counts the merged load thresholds and signs its one verdict, which verdict and verify-attestation answer for', async () => {
  const subject = `sha256:${'a1'.repeat(32)}`;
  const other = `sha256:${'b2'.repeat(32)}`;
  // A second run of another subject (judged below, with a threshold the merged error rate crosses) runs while the first runs and is judged.
  const second = shards('sharded-2', other, { LIMIT: 'rate<0.05' });
  second.catch(() => {}); // awaited below
  await shards('sharded-1', subject);
  const gate = await cli(['gate', '--run-id', 'sharded-1'], SIGNING);
  assert.equal(gate.code, 0, gate.stderr);
  const verdict = JSON.parse(gate.stdout) as Verdict;
  assert.equal(verdict.status, 'PASS');
  assert.equal(verdict.subject, subject, 'the subject comes from the shards\' run');
  const loads = verdict.rules.find((r) => r.rule === 'distributed-thresholds');
  assert.equal(loads?.outcome, 'pass', JSON.stringify(verdict.rules));
  assert.equal(loads?.measured, '1 merged threshold(s) held');
  assert.match(gate.stderr, /signed the verdict: \.tollgate\/runs\/sharded-1\/attestation\.intoto\.json/);

  const [verified, answer] = await Promise.all([
    cli(['verify-attestation', '.tollgate/runs/sharded-1', '--key', 'keys/tollgate.pub', '--subject', subject, '--require-pass']),
    cli(['verdict', '--gate', 'merge', '--subject', subject, '--attestation', 'sharded-1.intoto.json']),
  ]);
  assert.equal(verified.code, 0, verified.stderr);
  assert.match(verified.stdout, /result: {4}PASSED \(gate merge, environment local, run sharded-1\)/);
  assert.match(verified.stdout, /tests: {5}2 passed, 0 warned, 0 failed/);
  assert.equal(answer.code, 0, answer.stdout + answer.stderr);
  assert.equal(JSON.parse(answer.stdout).runId, 'sharded-1');
  // The gate's signed verdict is kept in the archive with its verdict: the same bytes as the file it wrote.
  assert.equal(fs.readFileSync(path.join(dir, 'sharded-1.intoto.json'), 'utf8'), fs.readFileSync(path.join(dir, '.tollgate', 'runs', 'sharded-1', 'attestation.intoto.json'), 'utf8'));

  // The same run with a threshold the merged error rate (10%) crosses: every test passed, the verdict fails.
  await second;
  const failed = await cli(['gate', '--run-id', 'sharded-2', '--output', 'gate-2'], SIGNING);
  assert.equal(failed.code, 1, failed.stderr);
  const failedVerdict = JSON.parse(fs.readFileSync(path.join(dir, 'gate-2', 'verdict.json'), 'utf8')) as Verdict;
  assert.equal(failedVerdict.status, 'FAIL');
  assert.equal(failedVerdict.counts.failed, 0);
  const rule = failedVerdict.rules.find((r) => r.rule === 'distributed-thresholds')!;
  assert.equal(rule.outcome, 'fail');
  assert.match(rule.message, /load "read" \(unit › tests\/load\.spec\.ts › load\), merged over 1 instances: errors rate = 0\.1/);
  assert.ok(fs.existsSync(path.join(dir, 'gate-2', 'attestation.intoto.json')), 'with --output the attestation goes beside verdict.json');
  const notPassed = await cli(['verify-attestation', 'gate-2', '--key', 'keys/tollgate.pub', '--subject', other, '--require-pass']);
  assert.equal(notPassed.code, 1, 'a signed FAILED does not pass --require-pass');
  assert.match(notPassed.stderr, /FAILED/);
  assert.equal((await cli(['verdict', '--gate', 'merge', '--subject', other])).code, 1);
});

test('load instances without --shard: the gate gives their run one verdict; an instance that never came is ERROR, exit 1', async () => {
  const subject = 'chart:aether-2.4.1';
  const both = await Promise.all([1, 2].map((i) => cli(['run', '--gate', 'merge', '--subject', subject, '--instance', `${i}/2`, '--run-id', 'loads-1'])));
  for (const r of both) assert.equal(r.code, 0, r.stderr);
  const gate = await cli(['gate', '--run-id', 'loads-1']);
  assert.equal(gate.code, 0, gate.stderr);
  const verdict = JSON.parse(gate.stdout) as Verdict;
  assert.equal(verdict.status, 'PASS');
  assert.equal(verdict.runId, 'loads-1');
  assert.equal(verdict.counts.planned, 2, 'a test every instance ran counts once');
  assert.equal(verdict.rules.find((r) => r.rule === 'instances')?.measured, '2/2 instances finished');
  assert.equal(verdict.rules.find((r) => r.rule === 'distributed-thresholds')?.outcome, 'pass');
  assert.match(gate.stderr, /load instance 2\/2: run loads-1\.instance-2 complete/);
  const answer = await cli(['verdict', '--gate', 'merge', '--subject', subject]);
  assert.equal(answer.code, 0, answer.stdout);
  assert.equal(JSON.parse(answer.stdout).runId, 'loads-1', 'the gate\'s verdict, recorded on every instance\'s run, answers');

  // Only instance 1 of 2 starts: its load waits for the other, gives up, and the gate says which one is missing.
  const alone = await cli(['run', '--gate', 'merge', '--subject', subject, '--instance', '1/2', '--run-id', 'loads-2'], { MEET_MS: '1500' });
  assert.equal(alone.code, 1, alone.stderr);
  const missing = await cli(['gate', '--run-id', 'loads-2']);
  assert.equal(missing.code, 1, missing.stderr);
  const missingVerdict = JSON.parse(missing.stdout) as Verdict;
  assert.equal(missingVerdict.status, 'ERROR');
  assert.match(missingVerdict.rules.find((r) => r.rule === 'instances')!.message, /instance 2\/2 never reported; missing instance indices: 2/);
  assert.equal((await cli(['verdict', '--gate', 'merge', '--subject', subject])).code, 1, 'the newest run of the subject is ERROR');
});

test('an instance\'s own PASS never answers `tollgate verdict`: the run has no gated verdict until the gate, then the gate\'s FAIL answers', async () => {
  const subject = 'chart:aether-2.4.2';
  // Each instance's own test passes (the test does not hold the threshold itself); the merged 10% error rate crosses rate<0.05.
  const both = await Promise.all([1, 2].map((i) => cli(['run', '--gate', 'merge', '--subject', subject, '--instance', `${i}/2`, '--run-id', 'loads-3'], { LIMIT: 'rate<0.05' })));
  for (const r of both) assert.equal(r.code, 0, r.stderr);
  for (const run of ['loads-3', 'loads-3.instance-2']) {
    const own = JSON.parse(fs.readFileSync(path.join(dir, '.tollgate', 'runs', run, 'verdict.json'), 'utf8')) as Verdict;
    assert.equal(own.status, 'PASS', `instance run ${run} passed on its own`);
  }

  const [early, fromDirectories] = await Promise.all([
    cli(['verdict', '--gate', 'merge', '--subject', subject]),
    cli(['verdict', '--gate', 'merge', '--subject', subject, '--runs', '.tollgate/runs']),
  ]);
  assert.equal(early.code, 1, `before the gate no instance's own PASS answers: ${early.stdout}`);
  const answer = JSON.parse(early.stdout);
  assert.equal(answer.passed, false);
  assert.equal(answer.status, 'UNKNOWN');
  assert.equal(answer.runId, 'loads-3');
  assert.match(answer.message, /ran as load instances \(1\/2, 2\/2 ended\) and has no gated verdict yet: not passed; judge them together with `tollgate gate --run-id loads-3`/);
  assert.match(early.stderr, /no gated verdict yet/);
  assert.equal(fromDirectories.code, 1, `an instance's own verdict.json does not answer either: ${fromDirectories.stdout}`);
  assert.match(JSON.parse(fromDirectories.stdout).message, /run loads-3 .* has no gated verdict yet/);

  const gate = await cli(['gate', '--run-id', 'loads-3']);
  assert.equal(gate.code, 1, gate.stderr);
  assert.equal((JSON.parse(gate.stdout) as Verdict).status, 'FAIL');
  const late = await cli(['verdict', '--gate', 'merge', '--subject', subject]);
  assert.equal(late.code, 1, late.stdout);
  assert.equal(JSON.parse(late.stdout).status, 'FAIL', 'the gate\'s verdict answers, not the instances\' own PASS');
  assert.equal(JSON.parse(late.stdout).runId, 'loads-3');
  assert.equal(JSON.parse(late.stdout).reasons[0]?.rule, 'distributed-thresholds');
  // Run directories answer once the gate's verdict is among them.
  assert.equal((await cli(['gate', '--run-id', 'loads-3', '--output', '.tollgate/runs/loads-3-gate'])).code, 1);
  const lateDirectories = await cli(['verdict', '--gate', 'merge', '--subject', subject, '--runs', '.tollgate/runs']);
  assert.equal(lateDirectories.code, 1, lateDirectories.stdout);
  assert.equal(JSON.parse(lateDirectories.stdout).status, 'FAIL');
});
