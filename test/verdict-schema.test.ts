import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { verdictProblems, verdictSchema, VERDICT_SCHEMA_FILE } from '../framework/gate/verdict-schema.ts';
import { REPO, runCli, runInline, writeProject, type InlineResult } from './helpers/run-inline.ts';

const PASSING = `import { test, expect } from 'tollgate';\ntest('adds', () => { expect(1 + 1).toBe(2); });\n`;
const FAILING = `import { test, expect } from 'tollgate';\ntest('adds', () => { expect(1 + 1).toBe(2); });\ntest('breaks', () => { expect(1 + 1).toBe(3); });\n`;
// Writes a marker once it runs, so the test knows when to interrupt it.
const SLOW = `import fs from 'node:fs';\nimport { test } from 'tollgate';\ntest('waits', async () => { fs.writeFileSync('started', ''); await new Promise((r) => setTimeout(r, 60_000)); });\n`;

test('the verdict schema is a valid JSON Schema 2020-12 that ajv compiles in strict mode', () => {
  assert.equal(verdictSchema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, validateFormats: false });
  assert.doesNotThrow(() => ajv.compile(verdictSchema));
  // The published file is the one the package ships.
  assert.equal(path.relative(REPO, new URL(VERDICT_SCHEMA_FILE).pathname), path.join('schemas', 'verdict.schema.json'));
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { files: string[] };
  assert.ok(pkg.files.includes('schemas'));
});

test('verdict.json of real PASS, FAIL, ERROR and INTERRUPTED runs validates against the schema', async () => {
  const [pass, fail, error, interrupted] = await Promise.all([
    runInline({ 'a.spec.ts': PASSING }, ['run', 'a.spec.ts', '--gate', 'merge', '--subject', 'abc']),
    runInline({ 'a.spec.ts': FAILING }, ['run', 'a.spec.ts']),
    runInline(
      {
        'environments/local.ts': `export default { setup: () => { throw new Error('the POD did not answer'); } };`,
        'a.spec.ts': PASSING,
      },
      ['run', 'a.spec.ts'],
    ),
    interruptedRun(),
  ]);
  const runs = { PASS: pass, FAIL: fail, ERROR: error, INTERRUPTED: interrupted };
  for (const [status, run] of Object.entries(runs)) {
    const verdict = run.verdict();
    assert.equal(verdict.status, status, run.output);
    assert.deepEqual(verdictProblems(verdict), [], `${status}: ${JSON.stringify(verdict, null, 2)}`);
  }
  assert.equal(pass.verdict().subject, 'abc');
  assert.equal(interrupted.exitCode, 4);
});

/** A real run stopped with SIGINT once its one test is running. */
function interruptedRun(): Promise<InlineResult> {
  const dir = writeProject({ 'a.spec.ts': SLOW });
  return runCli(dir, ['run', 'a.spec.ts'], {
    onSpawn: (child) => {
      const timer = setInterval(() => {
        if (fs.existsSync(path.join(dir, 'started'))) {
          child.kill('SIGINT');
          clearInterval(timer);
        }
      }, 50);
      child.on('close', () => clearInterval(timer));
    },
  });
}

test('the schema rejects a verdict that breaks the contract, naming where', () => {
  const good = {
    status: 'PASS',
    gate: 'merge',
    runId: 'r1',
    subject: null,
    environment: 'local',
    counts: { planned: 1, passed: 1, failed: 0, flaky: 0, skipped: 0, interrupted: 0, missing: 0 },
    rules: [{ rule: 'tests-ran', outcome: 'pass', measured: 1, limit: '>= 1', message: '1 test(s) ran' }],
    exitCode: 0,
    startTime: '2026-11-27T10:00:00.000Z',
    endTime: '2026-11-27T10:00:01.000Z',
  };
  assert.deepEqual(verdictProblems(good), []);
  // Fields added later (quarantine, thresholds) must not break old readers: the schema stays open.
  assert.deepEqual(verdictProblems({ ...good, quarantined: ['x'] }), []);
  const cases: [string, unknown, RegExp][] = [
    ['unknown status', { ...good, status: 'OK' }, /\/status: must be equal to one of the allowed values/],
    ['missing counts', { ...good, counts: undefined }, /must have required property 'counts'/],
    ['negative count', { ...good, counts: { ...good.counts, failed: -1 } }, /\/counts\/failed: must be >= 0/],
    ['rule without outcome', { ...good, rules: [{ rule: 'x', measured: 1, limit: null, message: '' }] }, /\/rules\/0: must have required property 'outcome'/],
    ['bad time', { ...good, endTime: 'yesterday' }, /\/endTime: must match format "date-time"/],
    ['unknown exit code', { ...good, exitCode: 9 }, /\/exitCode/],
  ];
  for (const [name, value, expected] of cases) {
    const problems = verdictProblems(JSON.parse(JSON.stringify(value)));
    assert.match(problems.join('\n'), expected, name);
  }
});
