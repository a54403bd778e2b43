import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RunEvent } from 'tollgate';
import { LeaseStore, type LeaseHistoryEntry } from '../framework/archive/lease-store.ts';
import { validateConfig } from '../framework/config/validate-config.ts';
import { createTestDatabase, type TestDatabase } from './helpers/postgres.ts';
import { killHarness } from './helpers/kill-harness.ts';
import { runCli, writeProject, type InlineResult } from './helpers/run-inline.ts';

/**
 * Testbed leases (issue 9.5), black-box: real CLI processes that need the
 * same leased testbed, sharing one archive (PostgreSQL, as runners on many
 * machines do, and SQLite, as parallel jobs on one machine do).
 */

const RESOURCE = 'switch:br0/ports-1-4';

/** The suite declares the lease in the config, or (declaredBy 'test') the test does with `{ lease }`. */
function project(options: { ttl: string; holdMs: number; envLeases?: string[]; declaredBy?: 'suite' | 'test' }): string {
  const byTest = options.declaredBy === 'test';
  return writeProject({
    'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({
  workers: 1,
  leaseTtl: '${options.ttl}',
  suites: [{ name: 'bed', kind: 'integration', files: 'bed.spec.ts'${byTest ? '' : `, leases: ['${RESOURCE}']`} }],
});
`,
    'bed.spec.ts': `import { test } from 'tollgate';
test('uses the testbed', ${byTest ? `{ lease: '${RESOURCE}' }, ` : ''}async () => { await new Promise((resolve) => setTimeout(resolve, Number(process.env.HOLD_MS ?? ${options.holdMs}))); });
test.skip('skipped, needs another bed', { lease: 'switch:br1' }, () => {});
`,
    // Setup leaves a mark: a run that never got its lease must not have touched the environment.
    'environments/local.ts': `import fs from 'node:fs';
import { defineEnvironment } from 'tollgate';
export default defineEnvironment({
  leases: ${JSON.stringify(options.envLeases ?? [])},
  setup(ctx) { fs.writeFileSync(ctx.runDir + '/setup-ran', ''); },
});
`,
  });
}

/** [begin, end] of the attempt of the test that uses the testbed, from the run's own events. */
function testSpan(result: InlineResult): [number, number] {
  const events: RunEvent[] = result.events();
  const uses = (e: RunEvent) => 'testId' in e && e.testId?.endsWith('uses the testbed');
  const begin = events.find((e) => e.type === 'test.begin' && uses(e));
  const end = events.find((e) => e.type === 'test.end' && uses(e));
  assert.ok(begin && end, `the test ran in ${result.runDir}:\n${result.output}`);
  return [Date.parse(begin.time), Date.parse(end.time)];
}

function assertNoOverlap(a: [number, number], b: [number, number], what: string): void {
  assert.ok(a[1] <= b[0] || b[1] <= a[0], `${what} overlap: [${a.map((t) => new Date(t).toISOString())}] and [${b.map((t) => new Date(t).toISOString())}]`);
}

function leaseSpan(entry: LeaseHistoryEntry | undefined): [number, number] {
  assert.ok(entry?.acquiredAt && entry.endedAt, `a lease held and ended: ${JSON.stringify(entry)}`);
  return [Date.parse(entry.acquiredAt), Date.parse(entry.endedAt)];
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withStore<T>(options: { rootDir: string; url?: string }, work: (store: LeaseStore) => Promise<T>): Promise<T> {
  const store = await LeaseStore.open(options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function twoRunsDoNotOverlap(dir: string, env: Record<string, string>, url: string | undefined, diagnostic: (text: string) => void): Promise<void> {
  const [a, b] = await Promise.all([
    runCli(dir, ['run', '--run-id', 'run-a', '--output', 'run-a'], { env }),
    runCli(dir, ['run', '--run-id', 'run-b', '--output', 'run-b'], { env }),
  ]);
  assert.equal(a.exitCode, 0, a.output);
  assert.equal(b.exitCode, 0, b.output);
  assertNoOverlap(testSpan(a), testSpan(b), 'the two runs\' tests');

  const history = await withStore({ rootDir: dir, url }, (store) => store.history({ resource: RESOURCE }));
  const ofA = history.find((h) => h.runId === 'run-a');
  const ofB = history.find((h) => h.runId === 'run-b');
  assert.equal(ofA?.state, 'released');
  assert.equal(ofB?.state, 'released');
  assertNoOverlap(leaseSpan(ofA), leaseSpan(ofB), 'the two runs\' leases');
  const [first, second] = [testSpan(a), testSpan(b)].sort((x, y) => x[0] - y[0]);
  // Not vacuous: each span is the testbed test's own, which holds the bed for HOLD_MS.
  for (const span of [first!, second!]) assert.ok(span[1] - span[0] >= 1500, `the testbed test ran ${span[1] - span[0]} ms`);
  diagnostic(`tests ran ${new Date(first![0]).toISOString()}..${new Date(first![1]).toISOString()} and ${new Date(second![0]).toISOString()}..${new Date(second![1]).toISOString()} (gap ${second![0] - first![1]} ms)`);
  // The second asked while the first held the testbed (unless a slow start kept them apart): it waited and said for whom.
  const [firstLease, secondLease] = [ofA, ofB].sort((x, y) => Date.parse(x!.acquiredAt!) - Date.parse(y!.acquiredAt!));
  if (Date.parse(secondLease!.requestedAt) < Date.parse(firstLease!.endedAt!)) {
    const waiter = secondLease === ofA ? a : b;
    assert.ok(secondLease!.waitedMs! > 0);
    assert.match(waiter.stderr, new RegExp(`waiting for testbed lease "${RESOURCE}": held by run ${firstLease!.runId} \\(host .+, pid \\d+\\) since \\d{4}-`));
    assert.ok(waiter.events().some((e) => e.type === 'log' && /acquired after waiting/.test(e.text)), 'the wait is in the run\'s events');
  }
  assert.ok(a.events().some((e) => e.type === 'log' && e.text.includes(`testbed lease "${RESOURCE}" released`)), 'the release is in the run\'s events');
  await withStore({ rootDir: dir, url }, async (store) => assert.deepEqual(await store.list(), [], 'nothing is left held'));
}

describe('testbed leases on PostgreSQL', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  test('two runs started together that need the same testbed take turns', async (t) => {
    const dir = project({ ttl: '10s', holdMs: 2000 });
    await twoRunsDoNotOverlap(dir, { TOLLGATE_ARCHIVE: db.url }, db.url, (text) => t.diagnostic(text));
  });

  test('the lease of a runner killed with SIGKILL expires after its TTL and the next run takes it over', async (t) => {
    const dir = project({ ttl: '2s', holdMs: 10 });
    const env = { TOLLGATE_ARCHIVE: db.url };
    let doomedChild: ChildProcess | undefined;
    const dead = runCli(dir, ['run', '--run-id', 'doomed', '--output', 'doomed'], { env: { ...env, HOLD_MS: '30000' }, onSpawn: (child) => (doomedChild = child) });
    await withStore({ rootDir: dir, url: db.url }, (store) => until(async () => (await store.list()).some((l) => l.runId === 'doomed'), 'the first run holds the testbed'));
    // The next run waits for it; once it does, the holder dies without a word (its workers go with it: they exit when their parent's channel closes).
    let killedAt = 0;
    const next = runCli(dir, ['run', '--run-id', 'next', '--output', 'next', '--lease-timeout', '30s'], {
      env,
      onSpawn: (_child, output) => {
        void until(async () => /waiting for testbed lease/.test(output()), 'the next run waits').then(() => {
          killedAt = Date.now();
          killHarness(doomedChild!);
        });
      },
    });
    const killed = await dead;
    assert.equal(killed.signal, 'SIGKILL', killed.output);
    const taker = await next;
    assert.equal(taker.exitCode, 0, taker.output);
    const history = await withStore({ rootDir: dir, url: db.url }, (store) => store.history({ resource: RESOURCE }));
    const doomed = history.find((h) => h.runId === 'doomed')!;
    const taken = history.find((h) => h.runId === 'next')!;
    assert.equal(doomed.state, 'expired', JSON.stringify(history));
    assert.equal(taken.tookOverFrom, 'doomed');
    assert.ok(Date.parse(taken.acquiredAt!) >= Date.parse(doomed.endedAt!), 'taken only after the dead holder\'s lease expired');
    // It had to wait out the TTL after the kill (less what had passed since the last renewal), and not much longer.
    const afterKill = Date.parse(taken.acquiredAt!) - killedAt;
    t.diagnostic(`taken over ${afterKill} ms after the SIGKILL (TTL 2 s)`);
    assert.ok(afterKill > 0 && afterKill < 10_000, `taken ${afterKill} ms after the kill: within the 2 s TTL and a few polls, long before the 30 s wait timeout`);
    assert.match(taker.stderr, /waiting for testbed lease "switch:br0\/ports-1-4": held by run doomed/);
    assert.ok(taker.events().some((e) => e.type === 'log' && /took it over from run doomed .*expired/.test(e.text)), 'the take-over is in the run\'s events');
  });
});

// Each test has a project, and so a SQLite archive, of its own: they run at once.
describe('testbed leases on SQLite (one machine)', { concurrency: true }, () => {
  test('two runs whose test declares the same testbed take turns', async (t) => {
    const dir = project({ ttl: '10s', holdMs: 2000, declaredBy: 'test' });
    await twoRunsDoNotOverlap(dir, {}, undefined, (text) => t.diagnostic(text));
  });

  test('a lease that stays taken past --lease-timeout fails the run with exit 3, naming the resource and its holder, before the environment is set up', async () => {
    const dir = project({ ttl: '10s', holdMs: 10, envLeases: ['pod:staging'] });
    await withStore({ rootDir: dir }, (store) => store.tryAcquire('pod:staging', 'someone-else', { runId: 'nightly-42', host: 'ci-7', pid: 4242, shard: '2/4' }, 120_000));
    const result = await runCli(dir, ['run', '--run-id', 'late', '--lease-timeout', '1s']);
    assert.equal(result.exitCode, 3, result.output);
    const verdict = result.verdict();
    assert.equal(verdict.status, 'ERROR');
    const rule = verdict.rules.find((r) => r.rule === 'environment');
    assert.match(rule?.message ?? '', /testbed lease "pod:staging" not acquired within 1\.0 s: held by run nightly-42 \(host ci-7, pid 4242, shard 2\/4\) since \d{4}-.*--lease-timeout/);
    assert.match(result.output, /nightly-42/);
    assert.equal(fs.existsSync(path.join(result.runDir, 'setup-ran')), false, 'the environment was not set up without its lease');
    const history = await withStore({ rootDir: dir }, (store) => store.history({ runId: 'late' }));
    // Resources are taken in sorted order: pod:staging first, so the suite's switch was never taken.
    assert.deepEqual(history.map((h) => [h.resource, h.state]), [['pod:staging', 'timeout']]);

    const [listed, json] = await Promise.all([runCli(dir, ['leases']), runCli(dir, ['leases', '--history', '--json', '--run', 'late'])]);
    assert.equal(listed.exitCode, 0, listed.output);
    assert.match(listed.stdout, /^RESOURCE\s+RUN\s+HOST\s+PID\s+SHARD\s+SINCE\s+EXPIRES\npod:staging\s+nightly-42\s+ci-7\s+4242\s+2\/4\s+\d{4}-\S+\s+in \d+ s\n$/);
    assert.deepEqual((JSON.parse(json.stdout) as { resource: string; state: string }[]).map((h) => [h.resource, h.state]), [['pod:staging', 'timeout']]);
  });
});

test('a test that declares a lease with a bad name is a load error naming its file and line, and the other tests run', async () => {
  const dir = writeProject({
    'bad.spec.ts': `import { test } from 'tollgate';\ntest('needs a bed', { lease: 'switch br0' }, () => {});\n`,
    'good.spec.ts': `import { test } from 'tollgate';\ntest('fine', () => {});\n`,
  });
  const result = await runCli(dir, ['run', '.']);
  assert.equal(result.exitCode, 1, result.output);
  assert.match(result.output, /bad\.spec\.ts:2/);
  assert.match(result.output, /"needs a bed": lease "switch br0" is not a resource name; use letters, digits/);
  assert.doesNotMatch(result.output, /node:internal|\(file:\/\//, 'no stack trace');
  assert.ok(result.events().some((e) => e.type === 'test.end' && e.testId.endsWith('fine') && e.status === 'passed'));
});

test('the config names leases with no spaces, and the lease TTL and timeout as lengths', () => {
  const suites = [{ name: 'bed', kind: 'integration', files: 'x.spec.ts', leases: ['switch br0'] }];
  const problems = validateConfig({ suites, leaseTtl: 'soon' });
  assert.ok(problems.some((p) => p.path.includes('leases')), JSON.stringify(problems));
  assert.ok(problems.some((p) => p.path.includes('leaseTtl')), JSON.stringify(problems));
  assert.deepEqual(validateConfig({ suites: [{ ...suites[0], leases: [RESOURCE, 'pod:staging'] }], leaseTtl: '30s', leaseTimeout: 600_000 }), []);
});
