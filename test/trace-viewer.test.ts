/**
 * Issue 16, item 4: a portal test's browser actions are steps of the test,
 * and a trace opens in Playwright's trace viewer served locally by
 * `tollgate show-trace` and `tollgate show-report`, with nothing fetched
 * from outside the machine (black box: the CLI, the system Chromium).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { AttachmentEvent, RunEvent } from 'tollgate';
import { CLI, REPO, runCli, runInline, type InlineResult } from './helpers/run-inline.ts';

const DRIVER = JSON.stringify(path.join(REPO, 'drivers', 'portal', 'index.ts'));
const SECRET_TYPED = 'typed-and-never-shown-42';

/** Starts a `tollgate show-*` command and resolves with its URL once it listens. */
function serve(cwd: string, args: string[]): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [CLI, ...args, '--port', '0'], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve({ url, child, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening:\n${output}`)));
  });
}

describe('portal actions as steps, and the trace viewer', { timeout: 240_000 }, () => {
  let server: http.Server;
  let run: InlineResult;
  let browser: Browser;
  before(async () => {
    server = http.createServer((req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>login</title><input data-testid="password" type="password"><button onclick="document.title=\'in\'">Sign in</button>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    run = await runInline({
      'environments/local.ts': `export default { name: 'local', endpoints: { portal: '${base}/' } };\n`,
      'login.spec.ts': `
import { test } from ${DRIVER};
test('signs in', async ({ page }) => {
  await page.goto('login');
  await page.getByTestId('password').fill(process.env.TYPED_VALUE!);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForFunction(() => document.title === 'never', undefined, { timeout: 500 });
});
`,
    }, ['run', 'login.spec.ts', '--reporter', 'html'], { env: { TYPED_VALUE: SECRET_TYPED } });
    browser = await chromium.launch({ executablePath: process.env.TOLLGATE_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  });
  after(async () => {
    server?.close();
    await browser?.close();
    if (run) fs.rmSync(run.dir, { recursive: true, force: true });
  });

  test("each browser call is a step of category 'pw:api' naming what it acted on; what was typed is not shown", () => {
    assert.equal(run.exitCode, 1, run.output);
    const steps = run.events().filter((e: RunEvent) => e.type === 'step.begin' && e.category === 'pw:api');
    const titles = steps.map((e) => (e.type === 'step.begin' ? e.title : ''));
    assert.ok(titles.some((t) => /goto.*login/.test(t)), titles.join('\n'));
    assert.ok(titles.some((t) => /fill.*password/.test(t)), titles.join('\n'));
    assert.ok(titles.some((t) => /click.*Sign in/.test(t)), titles.join('\n'));
    const failedStep = steps.find((e) => e.type === 'step.begin' && /waitForFunction/.test(e.title));
    assert.ok(failedStep?.type === 'step.begin', titles.join('\n'));
    const end = run.events().find((e) => e.type === 'step.end' && e.stepId === failedStep.stepId);
    assert.ok(end?.type === 'step.end' && end.error, 'the call that timed out is the failed step');
    assert.ok(!fs.readFileSync(path.join(run.runDir, 'events.ndjson'), 'utf8').includes(SECRET_TYPED), 'a typed value never reaches the events');
  });

  test('show-trace serves the trace in the trace viewer, which lists the actions, with no request leaving the server', async () => {
    const trace = run.events().find((e): e is AttachmentEvent => e.type === 'attachment' && e.attachment.name === 'trace');
    assert.ok(trace?.attachment.path, 'the failed test kept a trace');
    const { url, child } = await serve(run.dir, ['show-trace', path.join(run.runDir, trace.attachment.path)]);
    try {
      const page = await browser.newPage();
      const elsewhere: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(url) && !/^(data|blob):/.test(r.url())) elsewhere.push(r.url());
      });
      await page.goto(`${url}/`);
      await page.getByText('Sign in').first().waitFor({ timeout: 30_000 });
      assert.match(await page.locator('body').innerText(), /Navigate to|Fill|Click/);
      assert.deepEqual(elsewhere, []);
      await page.close();
    } finally {
      child.kill('SIGINT');
    }
  });

  test('show-report serves the report; its trace link opens the viewer', async () => {
    const { url, child } = await serve(run.dir, ['show-report', 'run']);
    try {
      const page = await browser.newPage();
      await page.goto(`${url}/`);
      await page.getByText('signs in').first().click();
      const open = page.locator('a.trace-open').first();
      await open.waitFor({ timeout: 10_000 });
      await open.click();
      await page.getByText('Sign in').first().waitFor({ timeout: 30_000 });
      assert.match(page.url(), /\/trace\/index\.html\?trace=/);
      await page.close();
    } finally {
      child.kill('SIGINT');
    }
  });

  test('a report opened as a file shows the steps and says how to open the trace', async () => {
    const page = await browser.newPage();
    await page.goto(`file://${path.join(run.runDir, 'report.html')}`);
    await page.getByText('signs in').first().click();
    const text = await page.locator('body').innerText();
    assert.match(text, /pw:api/);
    assert.match(text, /tollgate show-report/);
    await page.close();
  });

  test('bad input: a missing file, a file that is no trace, a bad port: exit 2 with the fix, no stack trace', async () => {
    const missing = await runCli(run.dir, ['show-trace', 'nope.zip']);
    assert.equal(missing.exitCode, 2);
    assert.match(missing.stderr, /show-trace nope\.zip: no such file/);
    fs.writeFileSync(path.join(run.dir, 'notes.txt'), 'hello');
    const notZip = await runCli(run.dir, ['show-trace', 'notes.txt']);
    assert.equal(notZip.exitCode, 2);
    assert.match(notZip.stderr, /not a Playwright trace/);
    const port = await runCli(run.dir, ['show-report', 'run', '--port', 'eighty']);
    assert.equal(port.exitCode, 2);
    assert.match(port.stderr, /--port eighty: give a port number/);
    const none = await runCli(run.dir, ['show-report', 'no-such-run']);
    assert.equal(none.exitCode, 2);
    for (const r of [missing, notZip, port, none]) assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
