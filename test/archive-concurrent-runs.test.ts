import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { REPO, runCli, writeProject } from './helpers/run-inline.ts';

/**
 * Issue 13.11: runs share one SQLite archive safely. Pipelines on one
 * machine start runs at once against one archive file; each waits for its
 * write lock instead of failing with "database is locked", and only a lock
 * held past a long wait is an error, which names the process holding it.
 */
const CONFIG = `export default { suites: [{ name: 'unit', kind: 'unit', files: 'tests/**/*.test.ts' }], workers: 2 };\n`;

/** Another process that holds the archive's write lock for ms (a slow writer, a checkpoint on a loaded machine). */
async function holdWriteLock(file: string, ms: number): Promise<ChildProcess> {
  const script = `
    const Database = require(${JSON.stringify(path.join(REPO, 'node_modules', 'better-sqlite3'))});
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("UPDATE runs SET status = status WHERE id = 'nothing'").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
  });
  return child;
}

test('three runs at once on one SQLite archive whose lock another process holds for 8 s after they start: all complete, no lock error', { timeout: 400_000 }, async () => {
  const tests = Array.from({ length: 60 }, (_, i) => `test('t${i}', async () => { await new Promise((r) => setTimeout(r, ${i % 5})); expect(${i}).toBe(${i}); });`).join('\n');
  const dir = writeProject({
    'tollgate.config.ts': CONFIG,
    'tests/many.test.ts': `import { test, expect } from 'tollgate';\n${tests}\n`,
    'tests/more.test.ts': `import { test, expect } from 'tollgate';\n${tests}\n`,
  });
  const archive = path.join(dir, 'shared.db');
  const env = { TOLLGATE_ARCHIVE: archive };
  const created = await runCli(dir, ['archive', 'info'], { env });
  assert.equal(created.exitCode, 0, created.output);
  const names = ['a', 'b', 'c'];
  const holder = await holdWriteLock(archive, 600_000);
  let runs;
  try {
    const started = Promise.all(names.map((name) => runCli(dir, ['run', '--output', `runs/${name}`, '--reporter', 'json'], { env })));
    // Each run creates its run directory and then opens the archive: from there on it waits for the lock.
    const deadline = Date.now() + 200_000;
    while (!names.every((name) => fs.existsSync(path.join(dir, 'runs', name, 'events.ndjson'))) && Date.now() < deadline) await sleep(200);
    // Past better-sqlite3's own 5 s busy timeout, with room for a run that opens the archive a little after its run directory.
    await sleep(8_000);
    holder.kill();
    runs = await started;
  } finally {
    holder.kill();
  }
  for (const run of runs) {
    assert.doesNotMatch(run.output, /database is locked|SQLITE_BUSY|is locked/, run.output);
    assert.equal(run.exitCode, 0, run.output);
    assert.equal(run.verdict().status, 'PASS', run.output);
  }
  const listed = await runCli(dir, ['runs', '--json'], { env });
  assert.equal(listed.exitCode, 0, listed.output);
  const archived = JSON.parse(listed.stdout) as { id: string; status: string }[];
  assert.deepEqual(archived.map((r) => r.status), ['complete', 'complete', 'complete'], listed.stdout);
  assert.deepEqual(new Set(archived.map((r) => r.id)), new Set(runs.map((r) => r.verdict().runId)));
});

test('a lock held past the wait is an error that names the process holding it (exit 2, no stack trace)', { timeout: 120_000 }, async () => {
  const dir = writeProject({ 'tollgate.config.ts': CONFIG });
  const archive = path.join(dir, 'shared.db');
  const created = await runCli(dir, ['archive', 'info'], { env: { TOLLGATE_ARCHIVE: archive } });
  assert.equal(created.exitCode, 0, created.output);
  const holder = await holdWriteLock(archive, 90_000);
  try {
    const result = await runCli(dir, ['runs'], { env: { TOLLGATE_ARCHIVE: archive, TOLLGATE_ARCHIVE_LOCK_TIMEOUT: '2s' } });
    assert.equal(result.exitCode, 2, result.output);
    assert.match(result.stderr, new RegExp(`the archive .*shared\\.db is locked: held by pid ${holder.pid}\\b`), result.stderr);
    assert.match(result.stderr, /TOLLGATE_ARCHIVE_LOCK_TIMEOUT/);
    assert.doesNotMatch(result.output, /\n\s+at /, 'no stack trace');
  } finally {
    holder.kill();
  }
});
