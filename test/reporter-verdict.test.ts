import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, runInline, writeProject } from './helpers/run-inline.ts';

// Issue 13, item 3: a reporter is part of the verdict. A reporter that fails fails the gate,
// an output it cannot write is refused before the run, and no output path hangs the run.

const passing = `import fs from 'node:fs';\nimport { test } from 'tollgate';\ntest('passes', () => { fs.writeFileSync('ran.txt', 'yes'); });\n`;
const noStackTrace = /\n\s+at .*\(.*:\d+:\d+\)/;

test('a custom reporter that throws in onEnd fails the run: verdict.json, the console and the exit code say FAIL and name it', async () => {
  const result = await runInline(
    {
      'a.spec.ts': passing,
      'broken-reporter.ts': `import { defineReporter } from 'tollgate/reporter';\nexport default defineReporter(() => ({ onEnd() { throw new Error('upload to the dashboard refused'); } }));\n`,
    },
    ['run', 'a.spec.ts', '--reporter', 'console', '--reporter', './broken-reporter.ts'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'FAIL');
  assert.equal(verdict.exitCode, 1);
  const rule = verdict.rules.find((r) => r.outcome === 'fail');
  assert.match(rule?.message ?? '', /reporter "\.\/broken-reporter\.ts" failed and was stopped: upload to the dashboard refused/);
  assert.match(result.stdout, /Verdict: FAIL/, 'the console shows the verdict the gate gave, not the one before the reporter failed');
  assert.doesNotMatch(result.stdout, /Verdict: PASS/);
  // The record holds the failure before the verdict that judged it, so `tollgate gate` on the run directory agrees.
  const types = result.events().map((e) => e.type);
  assert.deepEqual(types.slice(-3), ['error', 'verdict', 'run.end']);
});

test('a report file that cannot be written when the run ends fails the run (exit 1, the path named)', async () => {
  const result = await runInline(
    {
      // The folder is fine when the run starts; the test then puts a file where the report's folder must go.
      'a.spec.ts': `import fs from 'node:fs';\nimport { test } from 'tollgate';\ntest('takes the folder', () => { fs.writeFileSync('out/reports', 'not a folder'); });\n`,
      'out/.keep': '',
    },
    ['run', 'a.spec.ts', '--reporter', 'console', '--reporter', 'junit=out/reports/junit.xml'],
  );
  assert.equal(result.exitCode, 1, result.output);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'FAIL');
  assert.match(JSON.stringify(verdict.rules), /reporter \\"junit=out\/reports\/junit\.xml\\" failed.*Cannot write the report to .*out\/reports\/junit\.xml/);
  assert.match(result.stdout, /Verdict: FAIL/);
});

test('a report path that cannot be written is refused before any test runs: exit 2, every such path named, no stack trace', async () => {
  const result = await runInline(
    { 'a.spec.ts': passing, 'a-file': 'a file, not a folder', 'a-folder/.keep': '' },
    ['run', 'a.spec.ts', '--reporter', 'junit=a-file/junit.xml', '--reporter', 'html=a-folder', '--reporter', 'console'],
  );
  assert.equal(result.exitCode, 2, result.output);
  assert.match(result.stderr, /--reporter junit=a-file\/junit\.xml: cannot write its file .*a-file\/junit\.xml: .*a-file is a file/);
  assert.match(result.stderr, /--reporter html=a-folder: cannot write its file .*a-folder: .*a-folder is a folder; give a file path/);
  assert.doesNotMatch(result.output, noStackTrace);
  assert.ok(!fs.existsSync(path.join(result.dir, 'ran.txt')), 'a test ran although the run was refused');
  assert.ok(!fs.existsSync(result.runDir), 'a refused run left a run directory behind');
});

/** Runs the CLI, killing it after a minute (generous for a loaded machine): a run that used to spin for ever there, deaf to SIGTERM. */
async function runWithDeadline(files: Record<string, string>, args: string[]) {
  let killed = false;
  const result = await runInline(files, args, {
    onSpawn(child) {
      const timer = setTimeout(() => ((killed = true), child.kill('SIGKILL')), 60_000);
      child.on('close', () => clearTimeout(timer));
    },
  });
  return { ...result, killed };
}

test('a report path under /proc is refused at once (exit 2), it does not hang the run', { skip: !fs.existsSync('/proc/self') && 'no /proc here' }, async () => {
  const result = await runWithDeadline({ 'a.spec.ts': passing }, ['run', 'a.spec.ts', '--reporter', 'junit=/proc/tollgate/junit.xml', '--reporter', 'allure=/proc/tollgate/allure']);
  assert.ok(!result.killed, 'the run hung and was killed');
  assert.equal(result.exitCode, 2, result.output);
  assert.match(result.stderr, /\/proc\/tollgate\/junit\.xml: \/proc is on proc, a kernel file system/);
  assert.match(result.stderr, /\/proc\/tollgate\/allure: \/proc is on proc/);
  assert.ok(!fs.existsSync(path.join(result.dir, 'ran.txt')), 'a test ran although the run was refused');
});

test('a run directory under /proc is refused at once (exit 2), it does not hang the run', { skip: !fs.existsSync('/proc/self') && 'no /proc here' }, async () => {
  const result = await runWithDeadline({ 'a.spec.ts': passing }, ['run', 'a.spec.ts', '--output', '/proc/tollgate/run']);
  assert.ok(!result.killed, 'the run hung and was killed');
  assert.equal(result.exitCode, 2, result.output);
  assert.match(result.stderr, /the run directory \/proc\/tollgate\/run cannot be made: \/proc is on proc.*--output DIR/);
});

test('tollgate report: a reporter that throws is named and fails the command (exit 1), without a stack trace of tollgate', async () => {
  const run = await runInline(
    { 'a.spec.ts': passing, 'broken-reporter.ts': `import { defineReporter } from 'tollgate/reporter';\nexport default defineReporter(() => ({ onEnd() { throw new Error('upload refused'); } }));\n` },
    ['run', 'a.spec.ts', '--reporter', 'json'],
  );
  assert.equal(run.exitCode, 0, run.output);
  const report = await runCli(run.dir, ['report', run.runDir, '--reporter', './broken-reporter.ts', '--reporter', 'junit=again.xml']);
  assert.equal(report.exitCode, 1, report.output);
  assert.match(report.stderr, /reporter "\.\/broken-reporter\.ts" failed and was stopped: upload refused/);
  assert.doesNotMatch(report.stderr, /event-bus|cli\/report\.ts|Node\.js v/, 'a crash of tollgate itself');
  assert.ok(fs.existsSync(path.join(run.dir, 'again.xml')), 'the other reporters still wrote their files');
});

test("a custom reporter, in its own process, reads the run's outputs and its attestation at its end, as built-in ones do", async () => {
  const dir = writeProject({
    'a.spec.ts': passing,
    'where-reporter.ts': `import { defineReporter } from 'tollgate/reporter';
export default defineReporter((ctx) => ({ onEnd() { console.log('outputs: ' + JSON.stringify(ctx.outputs?.().map((o) => [o.reporter, o.path]))); console.log('attestation: ' + ctx.attestation?.()); } }));
`,
  });
  const keys = await runCli(dir, ['keygen', '--out', 'keys']);
  assert.equal(keys.exitCode, 0, keys.output);
  const result = await runCli(dir, ['run', 'a.spec.ts', '--reporter', './where-reporter.ts', '--reporter', 'junit=out/junit.xml', '--subject', 'abc123'], { env: { TOLLGATE_SIGNING_KEY: 'keys/tollgate.key' } });
  assert.equal(result.exitCode, 0, result.output);
  assert.match(result.stdout, /outputs: \[.*\["junit=out\/junit\.xml","[^"]*out\/junit\.xml"\]/);
  assert.match(result.stdout, /attestation: \S+attestation\.intoto\.json/);
});
