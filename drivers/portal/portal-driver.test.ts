import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AttachmentEvent, RunEvent } from 'tollgate';
import { outcomes, runInline, type InlineResult } from '../../test/helpers/run-inline.ts';
import { chromiumArgs } from './launch-chromium.ts';
import { createNetworkGuard } from './network-guard.ts';
import { resolvePortalOptions } from './portal-options.ts';
import { shouldKeepTrace, shouldRecordTrace } from './failure-artifacts.ts';

const DRIVER = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'index.ts')).href;
const env = (variables: Record<string, string> = {}) => ({ name: 'qa', variables });

describe('portal options', () => {
  test('the shell beats the environment, which beats code, which beats the defaults', () => {
    assert.equal(resolvePortalOptions({}, env(), {}).executablePath, '/usr/bin/chromium');
    assert.equal(resolvePortalOptions({ executablePath: '/code' }, env(), {}).executablePath, '/code');
    assert.equal(resolvePortalOptions({ executablePath: '/code' }, env({ chromium: '/env' }), {}).executablePath, '/env');
    const fromShell = resolvePortalOptions({ executablePath: '/code' }, env({ chromium: '/env' }), { TOLLGATE_CHROMIUM: '/shell' });
    assert.equal(fromShell.executablePath, '/shell');
    assert.equal(fromShell.executablePathFrom, 'the environment variable TOLLGATE_CHROMIUM');
    assert.equal(resolvePortalOptions({}, env(), {}).trace, 'retain-on-failure');
    assert.equal(resolvePortalOptions({}, env({ portalTrace: 'on' }), {}).trace, 'on');
    assert.deepEqual(resolvePortalOptions({}, env(), { TOLLGATE_PORTAL_ALLOW_HOSTS: 'a.example, b.example' }).allowHosts, ['a.example', 'b.example']);
  });

  test('a bad mode names its source and the allowed values', () => {
    assert.throws(() => resolvePortalOptions({}, env({ portalTrace: 'sometimes' }), {}), {
      message: 'the portal driver got "sometimes" from the variable "portalTrace" of environment "qa"; expected one of off, on, retain-on-failure, on-first-retry',
    });
  });

  test('trace modes behave like Playwright\'s', () => {
    assert.equal(shouldRecordTrace('off', 0), false);
    assert.equal(shouldRecordTrace('on-first-retry', 0), false);
    assert.equal(shouldRecordTrace('on-first-retry', 1), true);
    assert.equal(shouldKeepTrace('retain-on-failure', 0, false), false);
    assert.equal(shouldKeepTrace('retain-on-failure', 0, true), true);
    assert.equal(shouldKeepTrace('on', 0, false), true);
  });

  test('closed-network flags, and no sandbox only when asked (as root)', () => {
    const args = chromiumArgs({ sandbox: false, args: ['--lang=en'] }, 'MAP * ~NOTFOUND');
    for (const flag of ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND', '--lang=en']) {
      assert.ok(args.includes(flag), flag);
    }
    assert.ok(!chromiumArgs({ sandbox: true, args: [] }).includes('--no-sandbox'));
  });
});

describe('network guard', () => {
  test('allows the environment\'s hosts and what the options add, nothing else', () => {
    const guard = createNetworkGuard({ api: 'http://127.0.0.1:8080/api', portal: 'http://pod.qa.example/portal' }, ['cdn.example']);
    assert.equal(guard.allows('http://127.0.0.1:8080/x'), true);
    assert.equal(guard.allows('https://pod.qa.example/portal/slices'), true);
    assert.equal(guard.allows('https://cdn.example/app.js'), true);
    assert.equal(guard.allows('https://analytics.example/collect'), false);
    assert.equal(guard.allows('http://10.0.0.1/'), false);
    assert.equal(guard.allows('data:text/plain,hi'), true);
    assert.equal(guard.resolverRules, 'MAP * ~NOTFOUND , EXCLUDE cdn.example , EXCLUDE 127.0.0.1 , EXCLUDE pod.qa.example , EXCLUDE localhost');
    assert.equal(createNetworkGuard({}, ['*']).allows('https://anything.example/'), true);
  });
});

describe('the portal driver in a tollgate run (black box, system Chromium)', { timeout: 240_000 }, () => {
  let server: http.Server;
  let base: string;
  let run: InlineResult;
  let missing: InlineResult;
  before(async () => {
    server = http.createServer((req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>probe</title><h1 data-testid="title">Probe ${req.url}</h1>`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const files = {
      'environments/local.ts': `export default { name: 'local', endpoints: { portal: '${base}/portal' } };\n`,
      'probe.spec.ts': `
import { test, expect } from ${JSON.stringify(DRIVER)};
test('opens a page of the portal', async ({ page }) => {
  await page.goto('slices');
  await expect(page.getByTestId('title')).toHaveText('Probe /portal/slices');
});
test('cannot reach a host outside the environment', async ({ page }) => {
  await expect(page.goto('http://198.51.100.7/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
});
test('fails with a screenshot and a trace', async ({ page }) => {
  await page.goto('slices');
  await expect(page.getByTestId('title')).toHaveText('something else', { timeout: 300 });
});
`,
    };
    [run, missing] = await Promise.all([
      runInline(files, ['run', 'probe.spec.ts']),
      runInline(files, ['run', 'probe.spec.ts', '--grep', 'opens a page'], { env: { TOLLGATE_CHROMIUM: '/nonexistent/chromium' } }),
    ]);
  });
  after(() => {
    server?.close();
    for (const r of [run, missing]) if (r) fs.rmSync(r.dir, { recursive: true, force: true });
  });

  test('passes and fails as the tests say, and records that Chromium ran them', () => {
    const results = outcomes(run.events());
    assert.equal(results['opens a page of the portal']?.outcome, 'passed', run.output);
    assert.equal(results['cannot reach a host outside the environment']?.outcome, 'passed', run.output);
    assert.equal(results['fails with a screenshot and a trace']?.outcome, 'failed');
    assert.equal(run.exitCode, 1);
    const end = run.events().find((e) => e.type === 'test.end' && e.testId.endsWith('opens a page of the portal'));
    assert.ok(end?.type === 'test.end');
    assert.match(end.annotations.find((a) => a.type === 'browser')?.description ?? '', /^Chromium \d+\.[\d.]+ \(\/usr\/bin\/chromium\)$/);
  });

  test('a failing test carries a PNG screenshot and a trace.zip; a passing one keeps no trace', () => {
    const attachments = (title: string) =>
      run.events().filter((e: RunEvent): e is AttachmentEvent => e.type === 'attachment' && e.testId.endsWith(title)).map((e) => e.attachment);
    const failed = attachments('fails with a screenshot and a trace');
    const screenshot = failed.find((a) => a.name === 'screenshot');
    const trace = failed.find((a) => a.name === 'trace');
    assert.equal(screenshot?.contentType, 'image/png');
    assert.equal(trace?.contentType, 'application/zip');
    assert.equal(fs.readFileSync(path.join(run.runDir, screenshot.path!)).subarray(1, 4).toString(), 'PNG');
    const zip = fs.readFileSync(path.join(run.runDir, trace.path!));
    assert.equal(zip.subarray(0, 2).toString(), 'PK');
    assert.ok(zip.includes('trace.trace') && zip.includes('trace.network'), 'a Playwright trace archive');
    assert.deepEqual(attachments('opens a page of the portal'), []);
  });

  test('without Chromium the test fails and says how to install it', () => {
    assert.equal(missing.exitCode, 1, missing.output);
    const result = outcomes(missing.events())['opens a page of the portal'];
    assert.equal(result?.outcome, 'failed');
    assert.match(result.message, /needs Chromium at \/nonexistent\/chromium \(from the environment variable TOLLGATE_CHROMIUM\), but there is no such file/);
    assert.match(result.message, /apt-get install -y chromium/);
  });
});
