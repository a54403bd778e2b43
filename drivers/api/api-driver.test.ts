import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ResolvedEnvironment } from 'tollgate';
import { REPO, runInline, type InlineResult } from '../../test/helpers/run-inline.ts';
import { apiClientFor } from './api-driver.ts';
import { pointAtCaller } from './driver-frames.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const env = (endpoints: Record<string, string>, secrets: Record<string, string> = {}): ResolvedEnvironment => ({ name: 'qa', endpoints, variables: {}, secrets });

describe('apiClientFor', () => {
  test('binds the client to the api endpoint and the events endpoint', () => {
    const api = apiClientFor(env({ api: 'http://127.0.0.1:9/api/v1/', events: 'ws://127.0.0.1:9/stream' }));
    assert.equal(api.baseUrl, 'http://127.0.0.1:9/api/v1');
    assert.equal(api.url('/slices'), 'http://127.0.0.1:9/api/v1/slices');
  });

  test('takes another endpoint when told to', () => {
    const api = apiClientFor(env({ admin: 'http://127.0.0.1:9/admin' }), { endpoint: 'admin' });
    assert.equal(api.baseUrl, 'http://127.0.0.1:9/admin');
  });

  test('names the missing endpoint, the environment, what it has, and where to add it', () => {
    assert.throws(
      () => apiClientFor(env({ portal: 'http://x/portal' })),
      { message: `the api driver needs the endpoint "api", and environment "qa" has only portal. Add endpoints: { api: 'http://host:port/api' } to environments/qa.ts (or have its setup return it).` },
    );
  });
});

describe('pointAtCaller', () => {
  test('keeps the message and the caller\'s frames, and drops the driver\'s', () => {
    const origin = new Error('call site');
    origin.stack = [
      'Error: call site',
      `    at EventStream.waitFor (${path.join(HERE, 'event-stream.ts')}:97:20)`,
      `    at async (${pathToFileURL(path.join(HERE, 'api-client.ts')).href}:10:1)`,
      '    at Object.fn (/project/suites/smoke/events.spec.ts:22:5)',
    ].join('\n');
    const error = pointAtCaller(new Error('no message matching x\n  saw 2 messages'), origin);
    assert.equal(error.stack, 'Error: no message matching x\n  saw 2 messages\n    at Object.fn (/project/suites/smoke/events.spec.ts:22:5)');
  });
});

describe('the api fixture in a tollgate run (black box)', () => {
  const TOKEN = 'probe-token-5d41402abc4b';
  const DRIVER = pathToFileURL(path.join(HERE, 'index.ts')).href;
  let result: InlineResult;
  after(() => {
    if (result) fs.rmSync(result.dir, { recursive: true, force: true });
  });

  test('records api steps and attachments, keeps the token out of the run, closes streams, points failures at the test', async () => {
    result = await runInline(
      {
        'environments/local.ts': `export { default } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'environments', 'local.ts')).href)};\n`,
        'probe.spec.ts': `
import { test, expectSchema, expectStatus } from ${JSON.stringify(DRIVER)};

test('writes with the token and sees the event', async ({ api }) => {
  const stream = await api.events();
  expectStatus(await api.post('/enterprises', { body: { name: 'Probe Co' } }), 201);
  await stream.waitFor((m) => m.id === 'probe-co', { timeoutMs: 2000, label: 'probe-co created' });
});

test('the stream of the test before was closed at its teardown', async ({ api, env }) => {
  for (let i = 0; i < 50; i++) {
    const metrics = await api.get(env.endpoints.metrics);
    if (/^pod_event_subscribers 0$/m.test(metrics.text)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('an event stream of the previous test is still subscribed');
});

test('a schema mismatch points at the test line', async ({ api }) => {
  const acme = await api.get('/enterprises/acme');
  expectSchema(acme, { type: 'object', properties: { name: { type: 'integer' } } }, { name: 'probe' });
});
`,
      },
      ['run', 'probe.spec.ts', '--workers', '1'],
      { env: { TOLLGATE_POD_TOKEN: TOKEN, TOLLGATE_POD_FAULTS: '' } },
    );
    assert.equal(result.exitCode, 1, result.output);
    const events = result.events();
    const ends = events.filter((e) => e.type === 'test.end');
    assert.deepEqual(ends.map((e) => e.status), ['passed', 'passed', 'failed'], result.output);

    const apiSteps = events.filter((e) => e.type === 'step.begin' && e.category === 'api').map((e) => (e as { title: string }).title);
    assert.ok(apiSteps.includes('POST /enterprises → 201'), apiSteps.join('\n'));
    assert.ok(apiSteps.some((t) => /^open stream ws:\/\/127\.0\.0\.1:\d+\/api\/v1\/events$/.test(t)), apiSteps.join('\n'));
    assert.ok(apiSteps.includes('wait for event: probe-co created'), apiSteps.join('\n'));
    assert.ok(apiSteps.includes('GET /enterprises/acme → 200'), apiSteps.join('\n'));

    const attachments = events.flatMap((e) => (e.type === 'attachment' ? [e.attachment] : []));
    const request = attachments.find((a) => a.name === 'POST /enterprises request');
    assert.ok(request, attachments.map((a) => a.name).join('\n'));
    const sent = JSON.parse(fs.readFileSync(path.join(result.runDir, request.path!), 'utf8'));
    assert.equal(sent.headers.authorization, 'Bearer [REDACTED]');
    assert.ok(attachments.some((a) => a.name === 'POST /enterprises response'));

    const failure = ends[2]!.errors[0]!;
    assert.match(failure.message, /response body does not match schema "probe": \/name must be integer \(got "ACME Corp"\)/);
    assert.equal(failure.location?.file, 'probe.spec.ts');
    const spec = fs.readFileSync(path.join(result.dir, 'probe.spec.ts'), 'utf8').split('\n');
    assert.equal(failure.location?.line, spec.findIndex((line) => line.includes('expectSchema(acme')) + 1);

    const leaks: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (fs.readFileSync(file, 'utf8').includes(TOKEN)) leaks.push(path.relative(result.runDir, file));
      }
    };
    walk(result.runDir);
    assert.deepEqual(leaks, [], 'the token was written into the run directory');
    assert.ok(!result.output.includes(TOKEN), 'the token was printed');
  });
});
