import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { outcomes, runCli, runInline, writeProject } from './helpers/run-inline.ts';

/** Bad input found on the way (issue 13, item 12): each is exit 2 with a message naming it, and no stack trace. */

const SPEC = `import { test } from 'tollgate';\ntest('ok', () => {});\n`;
const CONFIG = `export default { suites: [{ name: 'unit', kind: 'unit', files: '**/*.spec.ts' }] };\n`;
const STACK = /\n\s+at .*:\d+:\d+/;

test('an archive URL of an unknown scheme is refused (exit 2) with the forms tollgate takes, and makes no file', async () => {
  const env = { TOLLGATE_ARCHIVE: 'mysql://ci:s3cret@db.example/tollgate' };
  const dir = writeProject({ 'tollgate.config.ts': CONFIG, 'a.spec.ts': SPEC });
  const run = await runCli(dir, ['run'], { env });
  assert.equal(run.exitCode, 2, run.output);
  assert.match(run.stderr, /TOLLGATE_ARCHIVE mysql:\/\/ci:\*\*\*@db\.example\/tollgate is not an archive tollgate can open: use postgres:\/\/user:pass@host\/db .* or a file path \(or sqlite:PATH\)/);
  assert.doesNotMatch(run.output, /s3cret/, 'the password is not printed');
  assert.doesNotMatch(run.output, STACK);
  assert.doesNotMatch(run.stdout, /✓/, 'no test ran');
  const verdict = await runCli(dir, ['verdict', '--gate', 'merge', '--subject', 'v1'], { env });
  assert.equal(verdict.exitCode, 2, verdict.output);
  assert.match(verdict.stderr, /is not an archive tollgate can open/);
  const runs = await runCli(dir, ['runs'], { env });
  assert.equal(runs.exitCode, 2, runs.output);
  assert.ok(!fs.existsSync(path.join(dir, 'mysql:')), 'no SQLite file named after the URL');
});

test('titles and messages holding characters XML 1.0 cannot hold still give well-formed robot-xml, JUnit and Robot output.xml', async () => {
  const result = await runInline(
    {
      // U+FFFE, U+FFFF, C0 controls and a lone surrogate: legal in a JavaScript string, not in XML.
      'a.spec.ts': `import { test } from 'tollgate';\ntest('odd \\uFFFE \\uFFFF \\u0001 \\u000B \\uD800 title', () => { throw new Error('bad \\uFFFE\\u0000\\uDC00 message'); });\n`,
      // Robot reads \uXXXX in its data as that character.
      'robot/odd.robot': `*** Test Cases ***\nOdd \uFFFE name\n    Log    lone \\uD800 and \\u0001\n    Fail    nope \\uFFFF\n`,
      'tollgate.config.ts': `export default { suites: [
        { name: 'native', kind: 'unit', files: '*.spec.ts' },
        { name: 'robots', kind: 'integration', runner: 'robot', files: 'robot/*.robot' },
      ] };`,
    },
    ['run', '--reporter', 'robot-xml=out/output.xml', '--reporter', 'junit=out/junit.xml'],
  );
  assert.equal(result.exitCode, 1, result.output);
  assert.equal(outcomes(result.events())['Odd \uFFFE name']?.message, 'nope \uFFFF', 'the Robot test ran');
  const files = [path.join(result.dir, 'out', 'output.xml'), path.join(result.dir, 'out', 'junit.xml'), path.join(result.runDir, 'robot', 'robots', 'output.xml')];
  for (const file of files) {
    const check = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
    if (check.error) assert.fail(`xmllint could not run (${check.error.message}); install it: apt-get install -y libxml2-utils`);
    assert.equal(check.status, 0, `${path.relative(result.dir, file)} is not well-formed XML:\n${check.stderr}`);
  }
  const robotXml = fs.readFileSync(files[0]!, 'utf8');
  assert.ok(robotXml.includes('odd \\uFFFE \\uFFFF \\u0001 \\u000B \\uD800 title'), 'the characters are shown, not lost');
  assert.ok(robotXml.includes('Odd \\uFFFE name'));
  assert.ok(fs.readFileSync(files[2]!, 'utf8').includes('lone \\uD800 and \\u0001'), 'in messages too');
});

test('a config whose default export is a promise that rejects: exit 2 naming the file, line and reason, no stack trace', async () => {
  const result = await runInline(
    { 'tollgate.config.ts': `const secrets = async () => { throw new Error('vault unreachable'); };\nexport default secrets();\n`, 'a.spec.ts': SPEC },
    ['run'],
  );
  assert.equal(result.exitCode, 2, result.output);
  assert.match(result.stderr, /tollgate\.config\.ts:1:\d+: exports a promise that rejected with Error: vault unreachable/);
  assert.doesNotMatch(result.output, STACK);
  // A promise that resolves to a config is awaited.
  const resolved = await runInline({ 'tollgate.config.ts': `export default Promise.resolve(${CONFIG.replace('export default ', '').trim().replace(/;$/, '')});\n`, 'a.spec.ts': SPEC }, ['run']);
  assert.equal(resolved.exitCode, 0, resolved.output);
});

test('an --output that is a file: exit 2 naming it, no stack trace, nothing run', async () => {
  const dir = writeProject({ 'tollgate.config.ts': CONFIG, 'a.spec.ts': SPEC, 'taken.txt': 'not a folder\n' });
  for (const output of ['taken.txt', 'taken.txt/run']) {
    const result = await runCli(dir, ['run', '--output', output]);
    assert.equal(result.exitCode, 2, result.output);
    assert.match(result.stderr, new RegExp(`the run directory \\S*${output.replace('.', '\\.')} cannot be made: \\S*taken\\.txt is a file(; give a folder|, so nothing can be made under it)\\. Pick another with --output DIR`));
    assert.doesNotMatch(result.output, STACK);
    assert.doesNotMatch(result.stdout, /✓/);
  }
  assert.equal(fs.readFileSync(path.join(dir, 'taken.txt'), 'utf8'), 'not a folder\n', 'the file is left alone');
});

test('tollgate run a/missing/path with a config: exit 2 naming the path, not "no tests ran"', async () => {
  const dir = writeProject({ 'tollgate.config.ts': CONFIG, 'a.spec.ts': SPEC, 'tests/b.spec.ts': SPEC });
  const result = await runCli(dir, ['run', 'a/missing/path']);
  assert.equal(result.exitCode, 2, result.output);
  assert.match(result.stderr, /path a\/missing\/path does not exist/);
  assert.doesNotMatch(result.output, STACK);
  const two = await runCli(dir, ['run', 'tests', 'nope.spec.ts', 'gone/']);
  assert.equal(two.exitCode, 2, two.output);
  assert.match(two.stderr, /paths nope\.spec\.ts, gone do not exist/);
  const fine = await runCli(dir, ['run', 'tests']);
  assert.equal(fine.exitCode, 0, fine.output);
});
