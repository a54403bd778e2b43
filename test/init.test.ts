/**
 * `tollgate init` (issue 14, item 3): a new project against the user's own
 * system, and a verdict right after. The system here is a small HTTP server
 * on loopback with a health path and a home page.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, writeProject } from './helpers/run-inline.ts';

let server: http.Server;
let url: string;
before(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/healthz') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Shop</title><h1>Welcome</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
after(() => server.close());

test('init writes a project for the system, and a run right after gives a PASS verdict from its API and portal tests', { timeout: 240_000 }, async () => {
  const dir = writeProject({ '.gitignore': 'node_modules\n' });
  const init = await runCli(dir, ['init', '--url', url, '--health', '/healthz', '--yes']);
  assert.equal(init.exitCode, 0, init.output);
  for (const file of ['tollgate.config.ts', 'environments/local.ts', 'tests/api/health.spec.ts', 'tests/portal/home.spec.ts', 'tsconfig.json', '.github/workflows/tollgate.yml']) {
    assert.ok(fs.existsSync(path.join(dir, file)), `init wrote ${file}`);
    assert.match(init.stdout, new RegExp(`wrote ${file.replace(/\./g, '\\.')}`));
  }
  const gitignore = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  for (const line of ['node_modules', '.tollgate/', 'keys/', '*.key']) assert.ok(gitignore.split('\n').includes(line), `.gitignore has ${line}:\n${gitignore}`);
  assert.match(fs.readFileSync(path.join(dir, 'environments/local.ts'), 'utf8'), new RegExp(`SYSTEM_URL \\?\\? '${url.replace(/\./g, '\\.')}'[\\s\\S]*ready: \\{ url: \`\\$\\{url\\}/healthz\``));

  const run = await runCli(dir, ['run', '--gate', 'merge']);
  assert.equal(run.exitCode, 0, run.output);
  const verdict = run.verdict();
  assert.equal(verdict.status, 'PASS');
  assert.equal(verdict.counts.passed, 2, 'the API test and the portal test passed');

  const again = await runCli(dir, ['init', '--url', 'http://127.0.0.1:1', '--yes']);
  assert.equal(again.exitCode, 0, again.output);
  assert.match(again.stdout, /kept  tollgate\.config\.ts \(already there\)/);
  assert.match(fs.readFileSync(path.join(dir, 'environments/local.ts'), 'utf8'), new RegExp(url.replace(/\./g, '\\.')), 'a second init changes no file');
  assert.equal(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), gitignore, 'nor adds to .gitignore twice');
});

test('init refuses a URL that is not http(s) and a health path without a slash: exit 2, naming the flag', async () => {
  const dir = writeProject({});
  const bad = await runCli(dir, ['init', '--url', 'ftp://x', '--yes']);
  assert.equal(bad.exitCode, 2, bad.output);
  assert.match(bad.stderr, /--url "ftp:\/\/x" is not an http\(s\) URL/);
  const badPath = await runCli(dir, ['init', '--health', 'healthz', '--yes']);
  assert.equal(badPath.exitCode, 2, badPath.output);
  assert.match(badPath.stderr, /--health "healthz" must be a path that starts with '\/'/);
  assert.equal(fs.existsSync(path.join(dir, 'tollgate.config.ts')), false, 'nothing was written');
});
