/**
 * External systems as first-class environments (issue 14, item 4): an
 * environment's `start` command starts the system, its `ready` probe waits
 * for it, and a system that never becomes ready stops the run before any
 * test with exit 3, the probe's last answer in the verdict.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { runInline } from './helpers/run-inline.ts';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

// A system that takes a second to come up, as a real one does, and says so in its log.
const SERVER = `import http from 'node:http';
console.log('booting on ' + process.env.PORT);
setTimeout(() => {
  http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url === '/healthz' ? { status: 'ok' } : { hello: 'world' }));
  }).listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
}, 1000);
`;

const TEST = `import { test, expect } from 'tollgate';
test('the system answers', async ({ env }) => {
  const response = await fetch(env.endpoints.api + '/hello');
  expect(await response.json()).toEqual({ hello: 'world' });
});
`;

function project(environment: string): Record<string, string> {
  return {
    'server.mjs': SERVER,
    'tests/hello.spec.ts': TEST,
    'environments/system.ts': environment,
    'tollgate.config.ts': `import { defineConfig } from 'tollgate';
export default defineConfig({ suites: [{ name: 'api', kind: 'smoke', files: 'tests/**/*.spec.ts' }], defaultEnvironment: 'system' });
`,
  };
}

test('a start command starts the system, the probe waits for it, and the system is stopped after the run', { timeout: 120_000 }, async () => {
  const port = await freePort();
  const result = await runInline(project(`import { defineEnvironment } from 'tollgate';
export default defineEnvironment({
  endpoints: { api: 'http://127.0.0.1:${port}' },
  start: { command: 'node server.mjs', env: { PORT: '${port}' } },
  ready: { url: '/healthz', body: '"ok"', timeout: '30s' },
});
`), ['run']);
  assert.equal(result.exitCode, 0, result.output);
  assert.equal(result.verdict().status, 'PASS');
  const log = fs.readFileSync(path.join(result.runDir, 'environment-start.log'), 'utf8');
  assert.match(log, /booting on \d+\nlistening/, 'the start command\'s output is kept in the run directory');
  assert.equal(await portOpen(port), false, 'the system the start command started is stopped after the run');
});

test('a system that never becomes ready stops the run before any test: exit 3, the probe\'s last answer in the verdict, JUnit with an error', { timeout: 120_000 }, async () => {
  const port = await freePort();
  const result = await runInline(project(`import { defineEnvironment } from 'tollgate';
export default defineEnvironment({
  endpoints: { api: 'http://127.0.0.1:${port}' },
  ready: { url: '/healthz', timeout: '2s' },
});
`), ['run', '--reporter', 'console', '--reporter', 'junit=results.xml']);
  assert.equal(result.exitCode, 3, result.output);
  const verdict = result.verdict();
  assert.equal(verdict.status, 'ERROR');
  const reasons = JSON.stringify(verdict);
  assert.match(reasons, new RegExp(`is not ready: GET http://127\\.0\\.0\\.1:${port}/healthz failed: ECONNREFUSED, still after 2 s`));
  assert.equal(result.events().filter((e) => e.type === 'test.begin').length, 0, 'no test ran');
  assert.match(result.output, /not ready: GET .*healthz failed: ECONNREFUSED/);
  const junit = fs.readFileSync(path.join(result.dir, 'results.xml'), 'utf8');
  assert.match(junit, /<testsuites[^>]* errors="[1-9]/, 'the JUnit file is red');
});

test('a start command that exits stops the wait at once, naming its exit', { timeout: 120_000 }, async () => {
  const port = await freePort();
  const started = Date.now();
  const result = await runInline(project(`import { defineEnvironment } from 'tollgate';
export default defineEnvironment({
  endpoints: { api: 'http://127.0.0.1:${port}' },
  start: { command: 'echo no database >&2; exit 7' },
  ready: { tcp: '127.0.0.1:${port}', timeout: '60s' },
});
`), ['run']);
  assert.equal(result.exitCode, 3, result.output);
  assert.match(JSON.stringify(result.verdict()), /TCP 127\.0\.0\.1:\d+: ECONNREFUSED; `echo no database >&2; exit 7` exited with code 7/);
  assert.ok(Date.now() - started < 45_000, 'it did not wait out the 60 s timeout');
  assert.match(fs.readFileSync(path.join(result.runDir, 'environment-start.log'), 'utf8'), /no database/);
});
