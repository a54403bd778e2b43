import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { VerdictAnswer } from '../framework/gate/verdict-query.ts';
import { runCli, writeProject } from './helpers/run-inline.ts';

const SPEC = `import { test, expect } from 'tollgate';
test('works', () => { expect(process.env.BROKEN ? 'no' : 'yes').toBe('yes'); });
`;
const GOOD = 'a'.repeat(40);
const BAD = 'b'.repeat(40);

/** One project that ran the merge gate twice, as CI would: a version that passed and one that did not. */
const dir = writeProject({ 'a.spec.ts': SPEC, 'tollgate.config.ts': `export default { suites: [{ name: 'unit', kind: 'unit', files: '*.spec.ts' }] };\n` });
const runs = Promise.all([
  runCli(dir, ['run', '--gate', 'merge', '--subject', GOOD, '--output', '.tollgate/runs/good']),
  runCli(dir, ['run', '--gate', 'merge', '--subject', BAD, '--output', '.tollgate/runs/bad'], { env: { BROKEN: '1' } }),
]);

const ask = async (...args: string[]) => {
  const result = await runCli(dir, ['verdict', ...args]);
  return { ...result, answer: result.stdout ? (JSON.parse(result.stdout) as VerdictAnswer) : null };
};

test('tollgate verdict --subject: exit 0 for the version that passed, 1 for the one that failed and for one never run', async () => {
  const [good, bad] = await runs;
  assert.equal(good.exitCode, 0, good.output);
  assert.equal(bad.exitCode, 1, bad.output);

  const [passed, failed, unknown, otherGate, otherEnv] = await Promise.all([
    ask('--gate', 'merge', '--subject', GOOD),
    ask('--gate', 'merge', '--subject', BAD),
    ask('--gate', 'merge', '--subject', 'c'.repeat(40)),
    ask('--gate', 'deploy', '--subject', GOOD),
    ask('--gate', 'merge', '--subject', GOOD, '--env', 'staging'),
  ]);
  assert.equal(passed.exitCode, 0, passed.output);
  assert.equal(passed.answer!.passed, true);
  assert.equal(passed.answer!.status, 'PASS');
  assert.equal(passed.answer!.runId, good.verdict().runId);
  assert.match(passed.stderr, /passed gate "merge": verdict PASS/);
  assert.match(passed.answer!.source, /the sqlite archive .*\.tollgate\/archive\.db/);

  assert.equal(failed.exitCode, 1, failed.output);
  assert.equal(failed.answer!.passed, false);
  assert.equal(failed.answer!.status, 'FAIL');
  assert.deepEqual(failed.answer!.reasons.map((r) => r.rule), ['no-failures']);

  for (const [name, result] of Object.entries({ unknown, otherGate, otherEnv })) {
    assert.equal(result.exitCode, 1, `${name}: ${result.output}`);
    assert.equal(result.answer!.status, 'UNKNOWN', name);
    assert.match(result.stderr, /is on record: not passed/, name);
  }
});

test('the newest run decides: a version that passed and then failed a rerun has not passed', async () => {
  await runs;
  const rerun = await runCli(dir, ['run', '--gate', 'merge', '--subject', `sha256:${'d'.repeat(64)}`, '--output', '.tollgate/runs/digest-1']);
  assert.equal(rerun.exitCode, 0, rerun.output);
  // Asked by the image reference that carries the same digest.
  const first = await ask('--gate', 'merge', '--subject', `registry.example/app@sha256:${'d'.repeat(64)}`);
  assert.equal(first.exitCode, 0, first.output);
  const again = await runCli(dir, ['run', '--gate', 'merge', '--subject', `sha256:${'d'.repeat(64)}`, '--output', '.tollgate/runs/digest-2'], { env: { BROKEN: '1' } });
  assert.equal(again.exitCode, 1);
  const second = await ask('--gate', 'merge', '--subject', `sha256:${'d'.repeat(64)}`);
  assert.equal(second.exitCode, 1, second.output);
  assert.equal(second.answer!.runId, again.verdict().runId);
});

test('--runs reads run directories (CI artifacts) instead of the archive; a run killed before its verdict counts as ERROR, never as a pass', async () => {
  await runs;
  // What a SIGKILL leaves: run.begin written, no verdict.json.
  const runDir = path.join(dir, 'killed-runs', 'k1');
  fs.mkdirSync(runDir, { recursive: true });
  const begin = { type: 'run.begin', time: new Date().toISOString(), runId: 'k1', gate: 'merge', environment: 'local', subject: 'v9', tests: [{ id: 't' }] };
  fs.writeFileSync(path.join(runDir, 'events.ndjson'), JSON.stringify(begin) + '\n{"type":"test.be');
  const result = await ask('--gate', 'merge', '--subject', 'v9', '--runs', 'killed-runs');
  assert.equal(result.exitCode, 1, result.output);
  assert.equal(result.answer!.status, 'ERROR');
  assert.match(result.answer!.reasons[0]!.message, /ended without a verdict/);
  const fromDirectories = await ask('--gate', 'merge', '--subject', GOOD, '--runs', '.tollgate/runs');
  assert.equal(fromDirectories.exitCode, 0, fromDirectories.output);
  assert.match(fromDirectories.answer!.source, /run directories under .*\.tollgate\/runs/);
});

test('a folder without an archive: not passed, the answer says where it looked, and no archive is created', async () => {
  const empty = writeProject({});
  const result = await runCli(empty, ['verdict', '--gate', 'merge', '--subject', GOOD]);
  assert.equal(result.exitCode, 1, result.output);
  assert.match(JSON.parse(result.stdout).source, /no archive at .*archive\.db/);
  assert.ok(!fs.existsSync(path.join(empty, '.tollgate')));
});

test('verdict: missing options are usage errors', async () => {
  const result = await runCli(dir, ['verdict', '--gate', 'merge']);
  assert.equal(result.exitCode, 2);
  assert.match(result.stderr, /--subject/);
});
