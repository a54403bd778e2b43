import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { RunEvent, Verdict } from 'tollgate';
import { runCli, writeProject } from './helpers/run-inline.ts';

/**
 * Issue 13.5: a run directory from elsewhere is data, not truth. These
 * tests play the attacker: a CI job's artifacts are edited before they
 * are imported (`tollgate archive import`) or reported (`tollgate report`).
 */
const CONFIG = `export default { suites: [{ name: 'unit', kind: 'unit', files: '*.spec.ts' }] };\n`;
const SUBJECT = 'e'.repeat(40);
const SECRET = 'SIGNING-KEY-must-never-leave-this-machine-4c1d';

/** A run elsewhere with one failing test, then edited: its verdict says PASS, its attachments point out of the folder. */
async function forgedRunDirectory(): Promise<{ runDir: string; secretFile: string; verdict: Verdict }> {
  const elsewhere = writeProject({
    'tollgate.config.ts': CONFIG,
    'a.spec.ts': `import { test, expect } from 'tollgate';
test('passes', () => { expect(1).toBe(1); });
test('fails', async ({}, testInfo) => { await testInfo.attach('note', { body: 'a note' }); expect(1).toBe(2); });
`,
  });
  const run = await runCli(elsewhere, ['run', '--gate', 'merge', '--subject', SUBJECT, '--output', 'run'], { env: { TOLLGATE_ARCHIVE: path.join(elsewhere, 'own.db') } });
  assert.equal(run.exitCode, 1, run.output);
  const real = run.verdict();
  assert.equal(real.status, 'FAIL');

  // The secret the forged attachments reach for: a file of the machine that imports.
  const secretFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-secret-')), 'tollgate.key');
  fs.writeFileSync(secretFile, SECRET);
  fs.symlinkSync(secretFile, path.join(run.runDir, 'artifacts', 'link.key'));
  const climb = path.relative(run.runDir, secretFile);
  const forged: Verdict = { ...real, status: 'PASS', exitCode: 0, rules: real.rules.map((r) => ({ ...r, outcome: 'pass' })) };
  const events = run.events().map((e): RunEvent => (e.type === 'verdict' ? { ...e, verdict: forged } : e));
  const test = events.find((e) => e.type === 'test.end')!;
  const at = events.findIndex((e) => e.type === 'verdict');
  const attachment = (name: string, file: string): RunEvent => ({
    type: 'attachment',
    time: test.time,
    testId: (test as { testId: string }).testId,
    attempt: 0,
    attachment: { name, contentType: 'text/plain', path: file },
  });
  events.splice(at, 0, attachment('absolute', secretFile), attachment('climbs', climb), attachment('link', 'artifacts/link.key'));
  fs.writeFileSync(path.join(run.runDir, 'events.ndjson'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  fs.writeFileSync(path.join(run.runDir, 'verdict.json'), JSON.stringify(forged, null, 2));
  return { runDir: run.runDir, secretFile, verdict: real };
}

/** Every file under dir whose bytes hold the text. */
function filesHolding(dir: string, text: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))
    .filter((file) => fs.readFileSync(file).includes(text));
}

test('archive import judges the run again: a verdict edited to PASS over a failed test answers passed: false, with a warning', { timeout: 120_000 }, async () => {
  const { runDir } = await forgedRunDirectory();
  const here = writeProject({ 'tollgate.config.ts': CONFIG });
  const imported = await runCli(here, ['archive', 'import', runDir, '--json']);
  assert.equal(imported.exitCode, 0, imported.output);
  assert.match(imported.stderr, /records the verdict PASS, but judged again from its events it is FAIL/);
  const [result] = (JSON.parse(imported.stdout) as { imported: { verdict: string; recordedVerdict?: string }[] }).imported;
  assert.equal(result!.verdict, 'FAIL');
  assert.equal(result!.recordedVerdict, 'PASS');

  const asked = await runCli(here, ['verdict', '--gate', 'merge', '--subject', SUBJECT]);
  assert.equal(asked.exitCode, 1, asked.output);
  const answer = JSON.parse(asked.stdout) as { passed: boolean; status: string; reasons: { rule: string }[] };
  assert.equal(answer.passed, false);
  assert.equal(answer.status, 'FAIL');
  assert.ok(answer.reasons.some((r) => r.rule === 'no-failures'), asked.stdout);
  assert.ok(answer.reasons.some((r) => r.rule === 'recorded-verdict'), asked.stdout);
});

test('verdict --runs judges the deciding run directory again: a verdict.json edited to PASS over a failed test answers passed: false', { timeout: 120_000 }, async () => {
  const { runDir } = await forgedRunDirectory();
  const here = writeProject({ 'tollgate.config.ts': CONFIG });
  const runs = path.join(here, 'runs');
  fs.mkdirSync(runs);
  fs.cpSync(runDir, path.join(runs, 'forged'), { recursive: true });
  const asked = await runCli(here, ['verdict', '--gate', 'merge', '--subject', SUBJECT, '--runs', runs]);
  assert.equal(asked.exitCode, 1, asked.output);
  const answer = JSON.parse(asked.stdout) as { passed: boolean; status: string; reasons: { rule: string }[] };
  assert.equal(answer.passed, false);
  assert.equal(answer.status, 'FAIL');
  assert.ok(answer.reasons.some((r) => r.rule === 'no-failures'), asked.stdout);
});

test('attachment paths of an imported run that leave its folder are refused: the secret stays out of the archive and the Allure results', { timeout: 120_000 }, async () => {
  const { runDir } = await forgedRunDirectory();
  const here = writeProject({ 'tollgate.config.ts': CONFIG });
  const imported = await runCli(here, ['archive', 'import', runDir]);
  assert.equal(imported.exitCode, 0, imported.output);
  assert.deepEqual(filesHolding(path.join(here, '.tollgate'), SECRET), []);
  for (const name of ['absolute', 'climbs', 'link']) assert.match(imported.stderr, new RegExp(`attachment "${name}" .*leads outside the run directory`), imported.stderr);
  // The attachment the run wrote itself is archived as before.
  assert.equal(filesHolding(path.join(here, '.tollgate', 'artifacts'), 'a note').length, 1, imported.output);

  const allure = path.join(here, 'allure-out');
  const report = await runCli(here, ['report', runDir, '--reporter', `allure=${allure}`]);
  assert.ok(fs.existsSync(allure), report.output);
  assert.deepEqual(filesHolding(allure, SECRET), []);
  const html = await runCli(here, ['report', runDir, '--reporter', `html=${path.join(here, 'report.html')}`]);
  assert.ok(fs.existsSync(path.join(here, 'report.html')), html.output);
  assert.deepEqual(filesHolding(here, SECRET), []);

  // From the archive, too: the reports of the imported run hold no secret.
  const runId = JSON.parse(fs.readFileSync(path.join(runDir, 'verdict.json'), 'utf8')).runId as string;
  const fromArchive = await runCli(here, ['report', '--run-id', runId, '--reporter', 'allure']);
  assert.ok(fs.existsSync(path.join(here, '.tollgate', 'runs', runId, 'allure-results')), fromArchive.output);
  assert.deepEqual(filesHolding(here, SECRET), []);
});

test('run ids are names: run, report, gate and archive import refuse one that climbs or is empty, with exit 2', { timeout: 300_000 }, async () => {
  const dir = writeProject({ 'tollgate.config.ts': CONFIG, 'a.spec.ts': `import { test } from 'tollgate';\ntest('ok', () => {});\n` });
  const outside = path.join(dir, '..', `x-${path.basename(dir)}`);
  const ids = ['../../x', '..', '.', '', `../x-${path.basename(dir)}`, 'a/b', '.hidden', 'x'.repeat(129)];
  await Promise.all([
    // --output names the folder the run id would make, .tollgate/runs/<run id>.
    ...ids.map((runId) => runCli(dir, ['run', '--run-id', runId, '--output', path.join('.tollgate', 'runs', runId)]).then((r) => ['run', runId, r] as const)),
    ...['../../x', '..', ''].flatMap((runId) => [
      runCli(dir, ['report', '--run-id', runId]).then((r) => ['report', runId, r] as const),
      runCli(dir, ['gate', '--run-id', runId]).then((r) => ['gate', runId, r] as const),
    ]),
  ]).then((results) => {
    for (const [command, runId, result] of results) {
      assert.equal(result.exitCode, 2, `${command} --run-id ${JSON.stringify(runId)}: ${result.output}`);
      assert.match(result.stderr, /a run id is a name|--run-id needs the id/, `${command} --run-id ${JSON.stringify(runId)}`);
      assert.doesNotMatch(result.output, /\n\s+at /, 'no stack trace');
    }
  });
  assert.ok(!fs.existsSync(outside), `${outside} was written`);
  assert.ok(!fs.existsSync(path.join(dir, '..', '..', 'x')) || !fs.readdirSync(path.join(dir, '..', '..', 'x')).includes('events.ndjson'));

  // A run directory whose run.begin holds a climbing run id is not imported.
  const good = await runCli(dir, ['run', '--output', 'good']);
  assert.equal(good.exitCode, 0, good.output);
  const events = good.events().map((e) => (e.type === 'run.begin' ? { ...e, runId: '../../evil' } : e.type === 'verdict' ? { ...e, verdict: { ...e.verdict, runId: '../../evil' } } : e));
  fs.writeFileSync(path.join(good.runDir, 'events.ndjson'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const imported = await runCli(dir, ['archive', 'import', good.runDir]);
  assert.equal(imported.exitCode, 2, imported.output);
  assert.match(imported.stderr, /run id "\.\.\/\.\.\/evil" .*a run id is a name/);
});

test('a run id already in the archive is refused before any test runs, exit 2, pointing at --resume', { timeout: 120_000 }, async () => {
  const dir = writeProject({
    'tollgate.config.ts': CONFIG,
    'a.spec.ts': `import fs from 'node:fs';\nimport { test } from 'tollgate';\ntest('ok', () => { fs.appendFileSync('ran.txt', 'ran\\n'); });\n`,
  });
  const first = await runCli(dir, ['run', '--run-id', 'pipeline-7', '--output', '.tollgate/runs/pipeline-7']);
  assert.equal(first.exitCode, 0, first.output);
  assert.equal(fs.readFileSync(path.join(dir, 'ran.txt'), 'utf8'), 'ran\n');
  const eventsBefore = fs.readFileSync(path.join(first.runDir, 'events.ndjson'), 'utf8');

  const again = await runCli(dir, ['run', '--run-id', 'pipeline-7', '--output', '.tollgate/runs/pipeline-7']);
  assert.equal(again.exitCode, 2, again.output);
  assert.match(again.stderr, /--run-id pipeline-7: the archive .* has a run with this id already/);
  assert.match(again.stderr, /tollgate run --resume pipeline-7/);
  assert.doesNotMatch(again.output, /\n\s+at |SQLITE|UNIQUE/);
  assert.equal(fs.readFileSync(path.join(dir, 'ran.txt'), 'utf8'), 'ran\n', 'no test ran the second time');
  assert.equal(fs.readFileSync(path.join(first.runDir, 'events.ndjson'), 'utf8'), eventsBefore, "the first run's events are untouched");
});

test('two runs started at once with one run id: one is refused, the other writes one whole events.ndjson', { timeout: 180_000 }, async () => {
  const dir = writeProject({
    'tollgate.config.ts': CONFIG,
    'a.spec.ts': `import { test } from 'tollgate';\nfor (let i = 0; i < 5; i++) test('slow ' + i, async () => { await new Promise((r) => setTimeout(r, 600)); });\n`,
  });
  const args = ['run', '--run-id', 'same', '--output', '.tollgate/runs/same', '--workers', '1'];
  const [a, b] = await Promise.all([runCli(dir, args), runCli(dir, args)]);
  const codes = [a.exitCode, b.exitCode].sort();
  assert.deepEqual(codes, [0, 2], `${a.output}\n---\n${b.output}`);
  const refused = a.exitCode === 2 ? a : b;
  assert.match(refused.stderr, /has a run with this id already/);
  const events = a.events();
  assert.equal(events.filter((e) => e.type === 'run.begin').length, 1);
  assert.equal(events.filter((e) => e.type === 'test.end').length, 5);
  assert.equal(events.filter((e) => e.type === 'verdict').length, 1);
});
