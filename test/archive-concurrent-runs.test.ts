import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, writeProject } from './helpers/run-inline.ts';

/**
 * Issue 13.11: runs share one SQLite archive safely. Pipelines on one
 * machine start runs at once against the project's .tollgate/archive.db;
 * each waits for the archive's write lock instead of failing with
 * "database is locked".
 */
test('three runs at once on one SQLite archive, with many tests each, all complete with no lock error', { timeout: 300_000 }, async () => {
  const tests = Array.from({ length: 60 }, (_, i) => `test('t${i}', async () => { await new Promise((r) => setTimeout(r, ${i % 5})); expect(${i}).toBe(${i}); });`).join('\n');
  const dir = writeProject({
    'tollgate.config.ts': `import { defineConfig } from 'tollgate';\nexport default defineConfig({ suites: [{ name: 'unit', kind: 'unit', files: 'tests/**/*.test.ts' }], workers: 2 });\n`,
    'tests/many.test.ts': `import { test, expect } from 'tollgate';\n${tests}\n`,
    'tests/more.test.ts': `import { test, expect } from 'tollgate';\n${tests}\n`,
  });
  const env = { TOLLGATE_ARCHIVE: path.join(dir, 'shared.db') };
  const runs = await Promise.all(['a', 'b', 'c'].map((name) => runCli(dir, ['run', '--output', `runs/${name}`, '--run-id', `concurrent-${name}`, '--reporter', 'json'], { env })));
  for (const run of runs) {
    assert.doesNotMatch(run.output, /database is locked|SQLITE_BUSY/, run.output);
    assert.equal(run.exitCode, 0, run.output);
    assert.equal(run.verdict().status, 'PASS', run.output);
  }
  const runsList = await runCli(dir, ['runs', '--json'], { env });
  assert.equal(runsList.exitCode, 0, runsList.output);
  for (const name of ['a', 'b', 'c']) assert.match(runsList.stdout, new RegExp(`concurrent-${name}`));
});
