import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { RunEvent } from 'tollgate/reporter';
import { createConsoleReporter } from '../reporters/console/console-reporter.ts';
import { captureContext, sampleRunEvents } from '../reporters/testing/sample-run.ts';
import { CLI, runCli, writeProject } from './helpers/run-inline.ts';

/**
 * Black-box: the console a person reads (issue 16, item 3). A real project
 * run through the CLI: off a terminal (a pipe), with colours forced, and on
 * a pseudo-terminal (`script`), checking the live line names the running
 * test, diffs are coloured only where colours are on, one cause shared by
 * many tests is printed once, attachments are one line of relative paths,
 * and the verdict and outputs are printed whatever
 * reporters are chosen, with what was signed.
 */
const SPEC = `
import { test, expect } from 'tollgate';

for (const port of ['eth0', 'eth1', 'eth2', 'eth3']) {
  test('forwards on ' + port, async () => { throw new Error(cause()); });
}
test('compares objects', async () => { expect({ status: 500 }).toEqual({ status: 400 }); });
test('keeps evidence', async ({}, info) => {
  for (const name of ['a', 'b', 'c']) await info.attach(name + '.txt', { body: 'evidence ' + name, contentType: 'text/plain' });
  throw new Error('with evidence');
});
test('waits for the slow thing', async () => { await new Promise((r) => setTimeout(r, Number(process.env.SLOW_MS ?? 0))); });



function cause() {
  return 'the packet driver needs root (or CAP_NET_ADMIN) to make network namespaces';
}
`;

const CONFIG = `export default { suites: [{ name: 'clarity', kind: 'unit', files: '*.spec.ts' }], workers: 1 };\n`;
const dir = writeProject({ 'clarity.spec.ts': SPEC, 'tollgate.config.ts': CONFIG });
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const ANSI = /\u001b\[/;

describe('the console off a terminal', () => {
  const plain = runCli(dir, ['run', '--output', 'plain']);
  const forced = runCli(dir, ['run', '--output', 'forced'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });

  test('plain without colour; coloured - Expected / + Received lines with FORCE_COLOR', async () => {
    const { stdout, exitCode } = await plain;
    assert.equal(exitCode, 1, stdout);
    assert.ok(!ANSI.test(stdout), 'no escape codes with NO_COLOR off a terminal');
    assert.match(stdout, /\n {5}- Expected {2}- 1\n {5}\+ Received {2}\+ 1\n/);
    const colored = (await forced).stdout;
    assert.match(colored, /\u001b\[32m- Expected {2}- 1\u001b\[39m/, 'expected lines green');
    assert.match(colored, /\u001b\[31m\+ Received {2}\+ 1\u001b\[39m/, 'received lines red');
    assert.match(colored, /\u001b\[31m\+ {3}"status": 500,\u001b\[39m/);
  });

  test('one cause shared by 4 tests is printed once, with their names', async () => {
    const { stdout } = await plain;
    assert.equal(stdout.split('the packet driver needs root').length - 1, 1, stdout);
    assert.match(stdout, /\d\) 4 tests: Error: the packet driver needs root|\d\) 4 tests: the packet driver needs root/);
    assert.match(stdout, /clarity › clarity\.spec\.ts › forwards on eth0 ·\s+forwards on eth1 ·\s+forwards on eth2 ·\s+forwards on eth3\n/);
  });

  test('attachments are one line of paths relative to the working directory', async () => {
    const { stdout } = await plain;
    const line = stdout.split('\n').find((l) => l.includes('attachments:'));
    assert.ok(line, stdout);
    assert.match(line, /^ {5}attachments: plain\/\S+ plain\/\S+ plain\/\S+$/);
    assert.ok(!line.includes(dir), 'no absolute paths');
  });
});

describe('whatever reporters are chosen, the terminal hears the verdict and where the outputs went', () => {
  test('only a file reporter: the counts, the verdict and its file', async () => {
    const run = await runCli(dir, ['run', '--output', 'files', '--reporter', 'junit=out/results.xml']);
    assert.equal(run.exitCode, 1, run.output);
    assert.match(run.stdout, /Verdict: FAIL \(no gate, exit code 1\)/);
    assert.match(run.stdout, /Reports: junit out\/results\.xml/);
    assert.ok(fs.existsSync(path.join(dir, 'out', 'results.xml')));

    const report = await runCli(dir, ['report', 'files', '--reporter', 'html=files/again.html']);
    assert.match(report.stdout, /Verdict: FAIL/);
    assert.match(report.stdout, /Reports: html files\/again\.html/);
  });

  test('a signed run says what it signed and where the attestation is', async () => {
    const keys = await runCli(dir, ['keygen', '--out', 'keys']);
    assert.equal(keys.exitCode, 0, keys.output);
    const run = await runCli(dir, ['run', '--output', 'signed', '--subject', 'abc123', '--grep', 'slow thing'], { env: { TOLLGATE_SIGNING_KEY: 'keys/tollgate.key' } });
    assert.equal(run.exitCode, 0, run.output);
    assert.match(run.stdout, /Signed: the verdict PASS of run \S+ for subject abc123 \(in-toto test-result statement, DSSE envelope\): signed\/attestation\.intoto\.json/);
  });
});

describe('the console on a terminal', () => {
  test('the live line names the running test', async () => {
    // `script` gives the CLI a pseudo-terminal, as a person's shell does.
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run --output tty --grep "slow thing"`;
    const output = await new Promise<string>((resolve) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: dir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', CI: '1', SLOW_MS: '1500', COLUMNS: '120' } });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('close', () => resolve(text));
    });
    assert.match(output, /\r\u001b\[2K0\/1 · 0 passed · 0 failed · 1 running · 0:0\d · waits for the slow thing/, JSON.stringify(output.slice(0, 2000)));
  });

  test('the ETA counts the tests a listed suite will run before it announces them', async () => {
    const { ctx, output: raw } = captureContext({ isTTY: true });
    const output = () => raw().replace(/\u001b\[[0-9;]*m/g, '');
    let clock = 0;
    const reporter = createConsoleReporter(ctx, { now: () => clock, env: {}, redrawMs: 10 });
    const events = sampleRunEvents();
    const begin = events[0] as Extract<RunEvent, { type: 'run.begin' }>;
    reporter.onEvent?.({ ...begin, suites: [{ name: 'robot-api', kind: 'integration', runner: 'robot', tests: 10 }] });
    await new Promise((r) => setImmediate(r));
    assert.match(output(), new RegExp(`0/${begin.tests.length + 10} `), output());
    // A test the suite announces was already counted: the total stays.
    const announced = { ...begin.tests[0]!, id: 'robot-api › api.robot › Lists Sites', title: 'Lists Sites', titlePath: ['Lists Sites'], suite: 'robot-api', runner: 'robot' };
    reporter.onEvent?.({ type: 'test.add', time: begin.time, test: announced });
    reporter.onEvent?.({ type: 'test.begin', time: begin.time, testId: announced.id, attempt: 0, workerIndex: 0 });
    clock = 1000;
    const expected = new RegExp(`0/${begin.tests.length + 10} · 0 passed · 0 failed · 1 running · 0:01 · Lists Sites`);
    for (let i = 0; i < 200 && !expected.test(output()); i++) await new Promise((r) => setTimeout(r, 10));
    reporter.onEvent?.({ type: 'run.end', time: begin.time, status: 'completed', duration: 1000 });
    assert.match(output(), expected, output());
  });
});
