import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import type { RunEvent, Verdict } from 'tollgate';
import { CLI, writeProject } from './helpers/run-inline.ts';
import { killHarness } from './helpers/kill-harness.ts';
import { createTestDatabase, type TestDatabase } from './helpers/postgres.ts';

// Issue 9.1/9.2: four shard processes (the real CLI) against one PostgreSQL archive make one run.
// Twelve files whose tests sleep known amounts: by counts (files in key order f1, f10, f11, f12, f2, ...) the
// shards are 1500-2700 ms apart, by history 2100 ms each. Sizes that a greedy cut can split evenly, so the
// measured spread is the machine's noise (a few %), not the partition's: the 20% limit then has room on a busy CI.
// f1 also holds a skipped test, which must weigh nothing (it never passes, so history never knows it).
const FILE_MS = [1000, 1000, 1000, 1000, 700, 700, 700, 700, 400, 400, 400, 400];

function project(): string {
  const files: Record<string, string> = {
    'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({ workers: 1, reporters: ['json=results.json'], suites: [{ name: 'unit', kind: 'unit', files: 'tests/*.spec.ts' }] });
`,
  };
  FILE_MS.forEach((ms, i) => {
    // Two tests per file, so a file's weight is their sum; SLOW stalls a shard long enough to kill it.
    files[`tests/f${i + 1}.spec.ts`] = `import { test, expect } from 'tollgate';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
test('first ${i + 1}', async () => { if (process.env.SLOW) await sleep(60_000); await sleep(${ms / 2}); expect(${i}).toBe(${i}); });
test('second ${i + 1}', async () => { await sleep(${ms / 2}); });
${i === 0 ? "test.skip('skipped one', () => {});" : ''}
`;
  });
  return writeProject(files);
}

interface Cli {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(dir: string, args: string[], env: Record<string, string>, onSpawn?: (child: ChildProcess) => void): Promise<Cli> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  onSpawn?.(child);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

let db: TestDatabase;
let dir: string;
let env: Record<string, string>;
let client: pg.Client;

before(async () => {
  db = await createTestDatabase();
  dir = project();
  env = { TOLLGATE_ARCHIVE: db.url };
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

after(async () => {
  await client?.end();
  await db?.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function outcomesOf(runId: string): Promise<Record<string, string | null>> {
  const { rows } = await client.query('SELECT test_id, outcome FROM tests WHERE run_id = $1 ORDER BY test_id', [runId]);
  return Object.fromEntries(rows.map((r) => [r.test_id, r.outcome]));
}

const shards = (runId: string, indices: number[], extra: Record<string, string> = {}) =>
  Promise.all(indices.map((i) => cli(dir, ['run', '--gate', 'merge', '--subject', runId, '--shard', `${i}/4`, '--run-id', runId], { ...env, ...extra })));

test('four shards make one run equal to the unsharded one, balanced by history within 20%, merged offline alike', async () => {
  // Without history, the partition falls back to counts: note how far apart the planned weights are.
  const plain = await cli(dir, ['run', '--gate', 'merge', '--run-id', 'whole', '--output', 'whole', '--workers', '2'], env);
  assert.equal(plain.code, 0, plain.stderr);
  const unsharded = await outcomesOf('whole');
  assert.equal(Object.keys(unsharded).length, 25);

  const results = await shards('nightly-1', [1, 2, 3, 4]);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  // The gate reads the archive, the merges only the shards' run directories: they run at once.
  const shardDirs = [1, 2, 3, 4].map((i) => path.join('.tollgate', 'runs', 'nightly-1', `shard-${i}-of-4`));
  const [gate, merged, partial] = await Promise.all([
    cli(dir, ['gate', '--run-id', 'nightly-1'], env),
    cli(dir, ['merge', ...shardDirs, '--output', 'merged'], env),
    cli(dir, ['merge', ...shardDirs.slice(0, 3), '--output', 'partial'], env),
  ]);
  assert.equal(gate.code, 0, gate.stderr);
  const verdict = JSON.parse(gate.stdout) as Verdict;
  assert.equal(verdict.status, 'PASS');
  assert.equal(verdict.rules.find((r) => r.rule === 'shards')?.measured, '4/4 shards finished');
  assert.deepEqual(await outcomesOf('nightly-1'), unsharded);

  // Balance: the pinned partition came from history (durations), and both the planned weights and the
  // measured test time per shard (sum of its tests' durations) differ by at most 20%.
  const plan = (await client.query('SELECT basis, history_runs FROM shard_plans WHERE run_id = $1', ['nightly-1'])).rows[0];
  assert.equal(plan.basis, 'durations');
  const rows = (await client.query(
    `SELECT s.shard_index, s.planned_weight, s.duration, (SELECT SUM(duration) FROM shard_tests t WHERE t.run_id = s.run_id AND t.shard_index = s.shard_index AND t.attempt = s.attempt) AS measured
     FROM shards s WHERE run_id = $1 ORDER BY shard_index`, ['nightly-1'])).rows;
  const spread = (values: number[]) => (Math.max(...values) - Math.min(...values)) / Math.max(...values);
  const planned = rows.map((r) => Number(r.planned_weight));
  const measured = rows.map((r) => Number(r.measured));
  const wall = rows.map((r) => Number(r.duration));
  console.log(`planned ms per shard ${planned.join(', ')} (spread ${(spread(planned) * 100).toFixed(1)}%); measured test ms ${measured.map(Math.round).join(', ')} (spread ${(spread(measured) * 100).toFixed(1)}%); shard wall ms ${wall.map(Math.round).join(', ')} (spread ${(spread(wall) * 100).toFixed(1)}%)`);
  assert.ok(spread(planned) <= 0.2, `planned weights ${planned.join(', ')}`);
  assert.ok(spread(measured) <= 0.2, `measured test time per shard ${measured.join(', ')}`);

  // The shards' own run directories, merged offline, give the same tests and outcomes and one verdict.
  assert.equal(merged.code, 0, merged.stderr);
  const events = fs.readFileSync(path.join(dir, 'merged', 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RunEvent);
  const mergedOutcomes = Object.fromEntries(events.flatMap((e) => (e.type === 'test.end' && e.outcome ? [[e.testId, e.outcome]] : [])).sort());
  assert.deepEqual(mergedOutcomes, unsharded);
  assert.equal(events.filter((e) => e.type === 'verdict').length, 1);
  assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'merged', 'verdict.json'), 'utf8')) as Verdict).status, 'PASS');

  // Three of four directories: the merge is ERROR, naming the missing shard.
  assert.equal(partial.code, 1);
  assert.match(partial.stderr, /shard 4\/4 never reported/);
});

test('a shard never started or killed makes the gate ERROR; run again, it replaces its attempt and the verdict passes', async () => {
  const three = await shards('nightly-2', [1, 2, 3]);
  for (const r of three) assert.equal(r.code, 0, r.stderr);

  const missing = await cli(dir, ['gate', '--run-id', 'nightly-2'], env);
  assert.equal(missing.code, 1, missing.stderr);
  const missingVerdict = JSON.parse(missing.stdout) as Verdict;
  assert.equal(missingVerdict.status, 'ERROR');
  assert.match(missingVerdict.rules.find((r) => r.rule === 'shards')!.message, /shard 4\/4 never reported; missing shard indices: 4/);

  // Shard 4 starts, stalls in a test, and is killed with SIGKILL: no run.end, a dead pid on this host.
  const killed = await cli(dir, ['run', '--gate', 'merge', '--subject', 'nightly-2', '--shard', '4/4', '--run-id', 'nightly-2'], { ...env, SLOW: '1' }, (child) => {
    const poll = setInterval(async () => {
      const { rows } = await client.query(`SELECT COUNT(*)::int AS n FROM attempts a JOIN shard_tests t ON t.run_id = a.run_id AND t.test_id = a.test_id WHERE a.run_id = 'nightly-2' AND t.shard_index = 4`).catch(() => ({ rows: [{ n: 0 }] }));
      if (rows[0].n > 0) {
        clearInterval(poll);
        killHarness(child);
      }
    }, 200);
    child.on('close', () => clearInterval(poll));
  });
  assert.equal(killed.signal, 'SIGKILL');
  const crashed = await cli(dir, ['gate', '--run-id', 'nightly-2'], env);
  assert.equal(crashed.code, 1, crashed.stderr);
  const crashedVerdict = JSON.parse(crashed.stdout) as Verdict;
  assert.equal(crashedVerdict.status, 'ERROR');
  assert.match(crashedVerdict.rules.find((r) => r.rule === 'shards')!.message, /shard 4\/4 crashed \(attempt 1.*missing shard indices: 4/);

  // Shard 4 run again: attempt 2 replaces attempt 1, which stays listed; the verdict passes and is recorded.
  const [again] = await shards('nightly-2', [4]);
  assert.equal(again!.code, 0, again!.stderr);
  const passed = await cli(dir, ['gate', '--run-id', 'nightly-2', '--output', 'gate-2'], env);
  assert.equal(passed.code, 0, passed.stderr);
  const verdict = JSON.parse(fs.readFileSync(path.join(dir, 'gate-2', 'verdict.json'), 'utf8')) as Verdict;
  assert.equal(verdict.status, 'PASS');
  assert.match(verdict.rules.find((r) => r.rule === 'shards')!.message, /shard 4 attempt 2 replaced attempt 1 \(incomplete\)/);
  assert.match(passed.stderr, /shard 4\/4 attempt 1: incomplete/);
  assert.match(passed.stderr, /shard 4\/4 attempt 2: complete/);
  assert.deepEqual(await outcomesOf('nightly-2'), await outcomesOf('whole'));
  const answer = await cli(dir, ['verdict', '--gate', 'merge', '--subject', 'nightly-2'], env);
  assert.equal(answer.code, 0, answer.stdout);
  assert.equal(JSON.parse(answer.stdout).runId, 'nightly-2');
});

test('a shard on another machine is alive while its heartbeat is; killed, the gate sees it crashed within seconds, not at the end of --wait', async () => {
  const beats = { TOLLGATE_HEARTBEAT_MS: '200' };
  const [first] = await Promise.all([cli(dir, ['run', '--gate', 'merge', '--subject', 'nightly-3', '--shard', '1/2', '--run-id', 'nightly-3'], { ...env, ...beats })]);
  assert.equal(first!.code, 0, first!.stderr);

  // Shard 2 stalls in a test. Its row is then made to say another machine runs it: the gate cannot look up its pid, only its heartbeat.
  let child: ChildProcess | undefined;
  const second = cli(dir, ['run', '--gate', 'merge', '--subject', 'nightly-3', '--shard', '2/2', '--run-id', 'nightly-3'], { ...env, ...beats, SLOW: '1' }, (c) => (child = c));
  const row = async () => (await client.query(`SELECT host, alive_until FROM shards WHERE run_id = 'nightly-3' AND shard_index = 2`)).rows[0] as { host: string; alive_until: string | null } | undefined;
  for (let waited = 0; !(await row())?.alive_until; waited += 100) {
    assert.ok(waited < 30_000, 'shard 2 never wrote a heartbeat');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await client.query(`UPDATE shards SET host = 'another-machine' WHERE run_id = 'nightly-3' AND shard_index = 2`);

  // Alive: the gate waits for it, and says it has not finished when the wait runs out.
  const waiting = await cli(dir, ['gate', '--run-id', 'nightly-3', '--wait', '3s'], env);
  assert.equal(waiting.code, 1, waiting.stderr);
  assert.match(waiting.stderr, /waiting for shard\(s\) 2 of run nightly-3/);
  assert.match((JSON.parse(waiting.stdout) as Verdict).rules.find((r) => r.rule === 'shards')!.message, /shard 2\/2 has not finished \(attempt 1 on another-machine\)/);

  killHarness(child!);
  assert.equal((await second).signal, 'SIGKILL');
  const started = Date.now();
  const crashed = await cli(dir, ['gate', '--run-id', 'nightly-3', '--wait', '60s'], env);
  const tookMs = Date.now() - started;
  assert.equal(crashed.code, 1, crashed.stderr);
  const verdict = JSON.parse(crashed.stdout) as Verdict;
  assert.equal(verdict.status, 'ERROR');
  assert.match(verdict.rules.find((r) => r.rule === 'shards')!.message, /shard 2\/2 crashed \(attempt 1 on another-machine stopped without finishing\)/);
  // Its heartbeat lived 6 beats (1.2 s) past the last one; the gate polls every 2 s.
  assert.ok(tookMs < 20_000, `the gate took ${tookMs} ms to see the dead shard`);
});
