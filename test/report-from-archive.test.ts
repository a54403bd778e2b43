import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Verdict } from 'tollgate';
import { readReportData } from '../reporters/html/index.ts';
import { runCli, writeProject } from './helpers/run-inline.ts';
import { createTestDatabase, type TestDatabase } from './helpers/postgres.ts';

// `tollgate report --run-id ID` rebuilds a run's events from the archive and feeds the reporters as
// `tollgate report RUN_DIR` does: the JSON reports of both must agree on tests, outcomes, attempts,
// steps, errors, attachments, output, the test cases as declared and the verdict.

const FILES: Record<string, string> = {
  'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({ workers: 1, reporters: ['json=results.json'], suites: [{ name: 'unit', kind: 'unit', files: 'tests/*.spec.ts', retries: 1 }] });
`,
  'tests/a.spec.ts': `import { test, expect } from 'tollgate';
test('passes', { tag: '@api', annotation: { type: 'issue', description: 'POD-7' } }, () => { console.log('GET /slices 200'); expect(1).toBe(1); });
test('fails with a step', async (_f, info) => {
  test.slow();
  console.error('attempt ' + info.retry + ' starts');
  await test.step('create the slice', async () => {
    await info.attach('response.json', { body: JSON.stringify({ slice: 7, retry: info.retry }), contentType: 'application/json' });
    expect({ slice: 7 }).toEqual({ slice: 8 });
  });
});
`,
  'tests/b.spec.ts': `import { test, expect } from 'tollgate';
test('flaky', (_f, info) => { expect(info.retry).toBe(1); });
test.skip('skipped', () => {});
`,
};

const env = (archive?: string) => ({ TOLLGATE_ARCHIVE: archive, TOLLGATE_ARTIFACTS: undefined });

interface Report {
  run: Record<string, unknown> & { runId: string };
  counts: Record<string, number>;
  tests: Array<Record<string, unknown> & { id: string; outcome: string | null; attempts: Array<Record<string, unknown>> }>;
  errors: unknown[];
  suiteErrors: unknown[];
  verdict: Verdict | null;
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Report;

interface Step { title: string; category: string; error?: { message: string }; steps: Step[]; duration: number }
const steps = (list: Step[]): unknown[] => list.map((s) => ({ title: s.title, category: s.category, error: s.error?.message ?? null, steps: steps(s.steps) }));

/** What both reports must agree on; the fields the archive does not keep are left out (README). */
function comparable(report: Report) {
  const tests = report.tests.map((t) => ({
    id: t.id,
    title: t.title,
    titlePath: t.titlePath,
    suite: t.suite,
    kind: t.kind,
    file: (t.location as { file: string }).file,
    line: (t.location as { line: number }).line,
    column: (t.location as { column: number }).column,
    tags: t.tags,
    timeout: t.timeout,
    retries: t.retries,
    staticAnnotations: t.annotations,
    expectedStatus: t.expectedStatus,
    outcome: t.outcome,
    attempts: t.attempts.map((a) => ({
      attempt: a.attempt,
      status: a.status,
      workerIndex: a.workerIndex,
      startTime: a.startTime,
      duration: a.duration,
      errors: a.errors,
      annotations: a.annotations,
      steps: steps(a.steps as Step[]),
      attachments: a.attachments,
      stdout: a.stdout,
      stderr: a.stderr,
    })),
  }));
  tests.sort((x, y) => x.id.localeCompare(y.id));
  const { runId, gate, environment, subject, status, duration, endTime, startTime, host, tollgateVersion, configHash } = report.run;
  return { run: { runId, gate, environment, subject, status, duration, endTime, startTime, host, tollgateVersion, configHash }, counts: report.counts, tests, errors: report.errors, suiteErrors: report.suiteErrors, verdict: report.verdict };
}

/** The test titles in an HTML report's embedded data (its rows are gzip-compressed). */
function htmlTitles(file: string): string[] {
  const html = fs.readFileSync(file, 'utf8');
  assert.match(html, /<html/i);
  return readReportData(html).tests.map((row) => row[0]).sort();
}

test('report --run-id from the embedded SQLite archive equals report RUN_DIR; html works; bad usage exits 2', async () => {
  const dir = writeProject(FILES);
  try {
    const run = await runCli(dir, ['run', '--run-id', 'local-1', '--subject', 'v1', '--reporter', 'json=run.json'], { env: env() });
    assert.equal(run.exitCode, 1, run.output);
    assert.ok(fs.existsSync(path.join(dir, '.tollgate', 'archive.db')), 'the run went to the embedded archive');

    const fromDir = await runCli(dir, ['report', run.runDir, '--reporter', 'json=from-dir.json'], { env: env() });
    const fromArchive = await runCli(dir, ['report', '--run-id', 'local-1', '--reporter', 'json=from-archive.json', '--reporter', 'html=from-archive.html'], { env: env() });
    assert.equal(fromDir.exitCode, 1, fromDir.output);
    assert.equal(fromArchive.exitCode, 1, fromArchive.output);

    const a = readJson(path.join(dir, 'from-dir.json'));
    const b = readJson(path.join(dir, 'from-archive.json'));
    assert.deepEqual(comparable(b), comparable(a));
    // Not vacuous: the run has what the comparison is about.
    const byTitle = Object.fromEntries(b.tests.map((t) => [String(t.title), t] as const));
    assert.deepEqual(Object.fromEntries(Object.entries(byTitle).map(([k, t]) => [k, [t.outcome, t.attempts.map((x) => x.status).join(',')]])), {
      passes: ['passed', 'passed'],
      'fails with a step': ['failed', 'failed,failed'],
      flaky: ['flaky', 'failed,passed'],
      skipped: ['skipped', 'skipped'],
    });
    assert.equal(b.verdict?.status, 'FAIL');
    assert.deepEqual(b.verdict, run.verdict());
    const failed = byTitle['fails with a step']!.attempts[1]!;
    assert.equal((failed.steps as Step[])[0]!.title, 'create the slice');
    // What the tests printed, and the test cases as declared, come back too (migration 009).
    assert.deepEqual(failed.stderr, ['attempt 1 starts\n']);
    assert.deepEqual(byTitle['passes']!.attempts[0]!.stdout, ['GET /slices 200\n']);
    assert.deepEqual(byTitle['passes']!.annotations, [{ type: 'issue', description: 'POD-7' }]);
    assert.equal(byTitle['passes']!.retries, 1);
    assert.match((failed.errors as { message: string }[])[0]!.message, /toEqual/);

    // The attachment's body came back out of the blob store, beside where a run directory keeps it.
    const attachment = (failed.attachments as { name: string; path: string }[])[0]!;
    assert.equal(attachment.name, 'response.json');
    const restored = path.join(dir, '.tollgate', 'runs', 'local-1', attachment.path);
    assert.deepEqual(JSON.parse(fs.readFileSync(restored, 'utf8')), { slice: 7, retry: 1 });
    assert.equal(fs.readFileSync(restored, 'utf8'), fs.readFileSync(path.join(run.runDir, attachment.path), 'utf8'));

    assert.deepEqual(htmlTitles(path.join(dir, 'from-archive.html')), ['fails with a step', 'flaky', 'passes', 'skipped']);

    const unknown = await runCli(dir, ['report', '--run-id', 'nightly-nope', '--reporter', 'json=x.json'], { env: env() });
    assert.equal(unknown.exitCode, 2, unknown.output);
    assert.match(unknown.stderr, /nightly-nope/);
    assert.match(unknown.stderr, /tollgate runs/);
    const both = await runCli(dir, ['report', run.runDir, '--run-id', 'local-1'], { env: env() });
    assert.equal(both.exitCode, 2, both.output);
    assert.match(both.stderr, /not both/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.json')));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db?.drop();
});

test('report --run-id on PostgreSQL: one report of both shards with the gate verdict, equal to the merged run directories', async () => {
  const dir = writeProject(FILES);
  try {
    const runId = 'nightly-2026-11-27';
    const shards = await Promise.all([1, 2].map((i) =>
      runCli(dir, ['run', '--gate', 'merge', '--subject', 'chart:1', '--shard', `${i}/2`, '--run-id', runId, '--output', `.tollgate/runs/${runId}/shard-${i}-of-2`], { env: env(db.url) })));
    for (const s of shards) assert.ok(s.exitCode === 0 || s.exitCode === 1, s.output);
    const shardDirs = fs.readdirSync(path.join(dir, '.tollgate', 'runs', runId)).filter((d) => d.startsWith('shard-')).sort();
    assert.deepEqual(shardDirs, ['shard-1-of-2', 'shard-2-of-2']);

    const gate = await runCli(dir, ['gate', '--run-id', runId], { env: env(db.url) });
    assert.equal(gate.exitCode, 1, gate.output);
    const gateVerdict = JSON.parse(gate.stdout) as Verdict;
    assert.equal(gateVerdict.status, 'FAIL');

    const merged = await runCli(dir, ['merge', ...shardDirs.map((d) => path.join('.tollgate', 'runs', runId, d)), '--output', 'merged'], { env: env(db.url) });
    assert.equal(merged.exitCode, 1, merged.output);
    const fromMerged = await runCli(dir, ['report', 'merged', '--reporter', 'json=from-merged.json'], { env: env(db.url) });
    const fromArchive = await runCli(dir, ['report', '--run-id', runId, '--reporter', 'json=from-archive.json', '--reporter', 'html=nightly.html'], { env: env(db.url) });
    assert.equal(fromMerged.exitCode, 1, fromMerged.output);
    assert.equal(fromArchive.exitCode, 1, fromArchive.output);

    const archived = readJson(path.join(dir, 'from-archive.json'));
    const offline = readJson(path.join(dir, 'from-merged.json'));
    // One report of both shards' tests, judged by the gate.
    assert.deepEqual(archived.tests.map((t) => t.title).sort(), ['fails with a step', 'flaky', 'passes', 'skipped']);
    assert.deepEqual(archived.verdict, gateVerdict);
    assert.ok(archived.verdict!.rules.some((r) => r.rule === 'shards'), 'the verdict is the gate\'s, with its shards rule');
    // The same tests, outcomes, attempts, steps, errors and attachments as the merged run directories.
    const a = comparable(archived);
    const m = comparable(offline);
    assert.deepEqual(a.tests, m.tests);
    assert.deepEqual(a.counts, m.counts);
    assert.deepEqual(a.errors, m.errors);
    assert.equal(a.verdict!.status, m.verdict!.status);
    assert.deepEqual(a.verdict!.counts, m.verdict!.counts);

    assert.deepEqual(htmlTitles(path.join(dir, 'nightly.html')), ['fails with a step', 'flaky', 'passes', 'skipped']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the archive keeps up to 64 KiB of what one test attempt printed, and says where the rest is', async () => {
  const dir = writeProject({
    'a.spec.ts': `import { test } from 'tollgate';\ntest('chatty', () => { for (let i = 0; i < 2000; i++) console.log(String(i).padStart(4, '0') + ' ' + 'x'.repeat(60)); });\n`,
  });
  try {
    const run = await runCli(dir, ['run', 'a.spec.ts', '--run-id', 'chatty-1'], { env: env() });
    assert.equal(run.exitCode, 0, run.output);
    const report = await runCli(dir, ['report', '--run-id', 'chatty-1', '--reporter', 'json=from-archive.json'], { env: env() });
    assert.equal(report.exitCode, 0, report.output);
    const stdout = readJson(path.join(dir, 'from-archive.json')).tests[0]!.attempts[0]!.stdout as string[];
    const kept = stdout.slice(0, -1);
    assert.ok(Buffer.byteLength(kept.join('')) <= 64 * 1024, 'no more than 64 KiB is archived');
    assert.ok(kept.length > 900, `the first lines are kept (${kept.length})`);
    assert.ok(kept.every((line, i) => line.startsWith(String(i).padStart(4, '0'))), 'in order, from the first');
    assert.match(stdout.at(-1)!, /the archive keeps up to 64 KiB of this output; events\.ndjson in the run directory has all of it/);
    assert.equal(run.events().filter((e) => e.type === 'log' && e.testId).length, 2000, 'the run directory has all of it');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
