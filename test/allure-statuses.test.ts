import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import type { TestResult as AllureResult } from 'allure-js-commons';
import { runCli, writeProject } from './helpers/run-inline.ts';

/**
 * Black-box: Allure's statuses say whose fault a red test is (issue 16,
 * item 5). A soak whose error rate crossed its limit is the system's
 * defect: "failed", with what it measured and the limit. An environment
 * that could not be set up is the harness's: "broken". (A crossed load
 * threshold is checked in metric-summary.test.ts.)
 */
const SOAK = `
import { createServer } from 'node:http';
import { test } from 'tollgate/drivers/soak';

test('holds steady', async ({ soak }) => {
  // Every other request fails: an error rate of 50% against a limit of 1%.
  let n = 0;
  const s = createServer((req, res) => { res.statusCode = n++ % 2 ? 500 : 200; res.end('x'); });
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  try {
    await soak({ name: 'reads', defaultDuration: '2s', window: '1s', load: { rate: 20, url: 'http://127.0.0.1:' + s.address().port }, criteria: { errorRate: 0.01 } });
  } finally { await new Promise((r) => s.close(r)); }
});
`;

const dir = writeProject({
  'tollgate.config.ts': `export default { suites: [{ name: 'soak', kind: 'soak', files: '*.spec.ts' }], environments: { lab: './lab.ts', broken: './broken.ts' }, defaultEnvironment: 'lab' };\n`,
  'lab.ts': `import { defineEnvironment } from 'tollgate';\nexport default defineEnvironment({ name: 'lab' });\n`,
  'broken.ts': `import { defineEnvironment } from 'tollgate';\nexport default defineEnvironment({ name: 'broken', setup: () => { throw new Error('no database at db.lab:5432'); } });\n`,
  'soak.spec.ts': SOAK,
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function allureResults(runDir: string): AllureResult[] {
  const resultsDir = path.join(runDir, 'allure-results');
  return fs.readdirSync(resultsDir).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(fs.readFileSync(path.join(resultsDir, f), 'utf8')) as AllureResult);
}

test('a crossed soak criterion is failed with its measured value and limit; an environment error is broken', async () => {
  const soak = await runCli(dir, ['run', '--gate', 'promote', '--reporter', 'allure', '--output', 'soak']);
  assert.equal(soak.exitCode, 1, soak.output);
  assert.equal(soak.verdict().rules.find((r) => r.rule === 'soak')?.outcome, 'fail', soak.output);
  const held = allureResults(soak.runDir).find((r) => r.name === 'holds steady')!;
  assert.equal(held.status, 'failed');
  assert.match(held.statusDetails.message ?? '', /^soak criterion error\.rate crossed: measured 0\.\d+ \(\d+ of \d+; trend .*\/h\), limit < 0\.01$/m);

  const broken = await runCli(dir, ['run', '--env', 'broken', '--reporter', 'allure', '--output', 'broken']);
  assert.equal(broken.exitCode, 3, broken.output);
  const results = allureResults(broken.runDir);
  const notRun = results.find((r) => r.name === 'holds steady')!;
  assert.equal(notRun.status, 'broken');
  assert.match(notRun.statusDetails.message ?? '', /the environment could not be set up: .*no database at db\.lab:5432/);
  assert.ok(results.some((r) => r.name === 'environment error' && r.status === 'broken'), JSON.stringify(results.map((r) => [r.name, r.status])));
});
