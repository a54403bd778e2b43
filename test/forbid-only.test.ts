import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { outcomes, runInline } from './helpers/run-inline.ts';

// Issue 13, item 4: forbidOnly, as Playwright has it. A stray .only must not narrow a CI run to one
// test and let the failures of every other file go unseen.

const files = {
  'a.spec.ts': [
    `import fs from 'node:fs';`,
    `import { test } from 'tollgate';`,
    `test('a', () => {});`,
    `test.only('focused', () => { fs.writeFileSync('ran.txt', 'yes'); });`,
    `test.describe.only('focused group', () => {`,
    `  test('in the group', () => {});`,
    `});`,
  ].join('\n'),
  'b.spec.ts': `import { test, expect } from 'tollgate';\ntest('fails', () => { expect(1).toBe(2); });\n`,
};

test('on CI a .only is refused before any test runs: exit 1, every .only named by file:line', async () => {
  const result = await runInline(files, ['run', '.', '--gate', 'merge'], { env: { CI: '1' } });
  assert.equal(result.exitCode, 1, result.output);
  assert.match(result.stderr, /forbidOnly is on \(the CI environment variable is set\)/);
  assert.match(result.stderr, /a\.spec\.ts:4:\d+ test\.only\("focused"\)/);
  assert.match(result.stderr, /a\.spec\.ts:5:\d+ describe\.only\("focused group"\)/);
  assert.match(result.stderr, /--no-forbid-only/);
  assert.doesNotMatch(result.output, /\n\s+at .*\(.*:\d+:\d+\)/, 'no stack trace');
  assert.ok(!fs.existsSync(path.join(result.dir, 'ran.txt')), 'a test ran although .only is forbidden');
  assert.ok(!fs.existsSync(path.join(result.runDir, 'verdict.json')), 'a refused run has no verdict to be read as a pass');
});

test('off CI a .only narrows the run, and the verdict and the console name it', async () => {
  const result = await runInline(files, ['run', '.'], { env: { CI: '' } });
  assert.equal(result.exitCode, 0, result.output);
  assert.deepEqual(Object.keys(outcomes(result.events())).sort(), ['focused', 'in the group']);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'WARN', 'a narrowed run is not a plain PASS');
  const rule = verdict.rules.find((r) => r.rule === 'only');
  assert.equal(rule?.outcome, 'warn');
  assert.match(rule?.message ?? '', /a\.spec\.ts:4:\d+ test\.only\("focused"\)/);
  assert.match(rule?.message ?? '', /a\.spec\.ts:5:\d+ describe\.only\("focused group"\)/);
  assert.match(result.stdout, /only: the run was narrowed to the tests marked by a\.spec\.ts:4/);
});

test('forbidOnly in the config and the flags override CI', async () => {
  const config = `export default { forbidOnly: true, suites: [{ name: 'unit', kind: 'unit', files: '*.spec.ts' }] };`;
  const refused = await runInline({ ...files, 'tollgate.config.ts': config }, ['run'], { env: { CI: '' } });
  assert.equal(refused.exitCode, 1, refused.output);
  assert.match(refused.stderr, /forbidOnly is on \(forbidOnly: true in the config\)/);
  assert.match(refused.stderr, /a\.spec\.ts:4:\d+ test\.only/);

  const allowed = await runInline({ ...files, 'tollgate.config.ts': config }, ['run', '--no-forbid-only'], { env: { CI: '1' } });
  assert.equal(allowed.exitCode, 0, allowed.output);
  assert.equal(allowed.verdict().status, 'WARN');
});
