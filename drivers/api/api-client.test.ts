import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startPod, type RunningPod } from '../../environments/local/pod/pod.ts';
import { ApiClient } from './api-client.ts';
import { SchemaMismatchError } from './expect-schema.ts';
import { expectStatus } from './expect-status.ts';
import { recordingRecorder } from './recording.test-support.ts';

const TOKEN = 'tok-9f8e7d6c5b4a';
const SLICE = { site: 'acme-fremont', name: 'Client Test', sst: 3, sd: 'abcdef', maxBitrateUl: 10, maxBitrateDl: 20 };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('ApiClient against the reference POD', () => {
  let pod: RunningPod;
  before(async () => {
    pod = await startPod({ token: TOKEN });
  });
  after(() => pod.close());

  test('sends JSON with the bearer token and answers with status, headers, parsed body, text, url and duration', async () => {
    const { recorder } = recordingRecorder();
    const api = new ApiClient({ baseUrl: `${pod.url}/api/v1/`, token: TOKEN, recorder });
    const created = await api.post('/slices', { body: SLICE });
    expectStatus(created, 201);
    assert.equal(created.method, 'POST');
    assert.equal(created.url, `${pod.url}/api/v1/slices`);
    assert.equal(created.headers.location, '/api/v1/slices/client-test');
    assert.match(created.headers['content-type']!, /^application\/json/);
    assert.equal(created.body.id, 'client-test');
    assert.deepEqual(JSON.parse(created.text), created.body);
    assert.ok(created.durationMs > 0 && created.durationMs < 5000, `durationMs ${created.durationMs}`);

    const read = await api.get('slices/client-test');
    assert.deepEqual(read.body, created.body);
    const patched = await api.patch('/slices/client-test', { body: { sst: 4 } });
    assert.equal(patched.body.sst, 4);
    const replaced = await api.put('/slices/client-test', { body: { ...SLICE, sst: 5 } });
    assert.equal(replaced.body.sst, 5);
    const deleted = await api.delete('/slices/client-test');
    assert.equal(deleted.status, 204);
    assert.equal(deleted.body, undefined);
    assert.equal(deleted.text, '');
  });

  test('writes without a token are refused by the POD (the token really is sent)', async () => {
    const api = new ApiClient({ baseUrl: `${pod.url}/api/v1`, recorder: recordingRecorder().recorder });
    const refused = await api.post('/enterprises', { body: { name: 'No Token' } });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error, 'unauthorized');
  });

  test('adds query parameters, leaving out null and undefined and repeating arrays', async () => {
    const api = new ApiClient({ baseUrl: `${pod.url}/api/v1`, recorder: recordingRecorder().recorder });
    assert.equal(api.url('/slices', { site: 'acme-fremont', a: undefined, b: null, c: [1, 2] }), `${pod.url}/api/v1/slices?site=acme-fremont&c=1&c=2`);
    const listed = await api.get('/slices', { query: { site: 'acme-fremont' } });
    assert.ok(listed.body.items.every((slice: { site: string }) => slice.site === 'acme-fremont'));
    const none = await api.get('/slices', { query: { site: 'nowhere' } });
    assert.deepEqual(none.body, { items: [] });
  });

  test('records each exchange as a step titled "METHOD path → status" with the request and response attached', async () => {
    const { recorder, steps } = recordingRecorder();
    const api = new ApiClient({ baseUrl: `${pod.url}/api/v1`, token: TOKEN, recorder });
    await api.post('/enterprises', { body: { name: 'Recorded' } });
    await api.get('/enterprises/nope', { query: { x: 1 } });
    assert.deepEqual(steps.map((s) => s.title), ['POST /enterprises → 201', 'GET /enterprises/nope?x=1 → 404']);
    const [request, response] = steps[0]!.attachments;
    assert.equal(request!.name, 'POST /enterprises request');
    assert.equal(request!.contentType, 'application/json');
    const sent = JSON.parse(request!.body);
    assert.equal(sent.method, 'POST');
    assert.equal(sent.url, `${pod.url}/api/v1/enterprises`);
    assert.deepEqual(sent.body, { name: 'Recorded' });
    assert.equal(sent.headers['content-type'], 'application/json');
    assert.equal(response!.name, 'POST /enterprises response');
    const answered = JSON.parse(response!.body);
    assert.equal(answered.status, 201);
    assert.equal(answered.body.id, 'recorded');
    assert.equal(typeof answered.durationMs, 'number');
    assert.equal(answered.headers.location, '/api/v1/enterprises/recorded');
  });

  test('redacts the Authorization header and never shows the token anywhere it records', async () => {
    const { recorder, steps, everything } = recordingRecorder();
    const api = new ApiClient({ baseUrl: `${pod.url}/api/v1`, token: TOKEN, recorder });
    await api.post('/enterprises', { body: { name: 'Redaction', description: `the token is ${TOKEN}` } });
    const sent = JSON.parse(steps[0]!.attachments[0]!.body);
    assert.equal(sent.headers.authorization, 'Bearer [REDACTED]');
    assert.equal(sent.body.description, 'the token is [REDACTED]');
    const answered = JSON.parse(steps[0]!.attachments[1]!.body);
    assert.equal(answered.body.description, 'the token is [REDACTED]', 'the echoed secret is redacted in the response too');
    assert.ok(!everything().includes(TOKEN), 'the token leaked into a step or attachment');
  });

  test('fetches a published schema once, names it, and checks responses with it by name', async () => {
    const { recorder, steps } = recordingRecorder();
    const api = new ApiClient({ baseUrl: `${pod.url}/api/v1`, recorder });
    const schema = await api.schema('enterprise');
    assert.equal(schema.$id, 'urn:tollgate:pod:enterprise');
    assert.equal(await api.schema('enterprise'), schema, 'the second call is served from the cache');
    assert.deepEqual(steps.map((s) => s.title), ['GET /schemas/enterprise → 200']);
    await api.expectSchema(await api.get('/enterprises/acme'), 'enterprise');
    await assert.rejects(
      api.expectSchema(await api.get('/enterprises/acme'), 'site'),
      (error: unknown) => error instanceof SchemaMismatchError && /response body does not match schema "site": \/enterprise is required but missing/.test(error.message),
    );
    await assert.rejects(api.schema('no-such'), /the API publishes no schema "no-such": GET .*\/schemas\/no-such answered 404: There is no schema "no-such"/);
  });

  test('catches the POD\'s schema fault by pointer and value', async () => {
    const faulty = await startPod({ faults: 'schema' });
    try {
      const api = new ApiClient({ baseUrl: `${faulty.url}/api/v1`, recorder: recordingRecorder().recorder });
      const read = await api.get('/slices/fremont-video');
      await assert.rejects(api.expectSchema(read, 'slice'), {
        message: 'response body does not match schema "slice": /sst must be integer (got "1")\n  in GET /api/v1/slices/fremont-video → 200',
      });
    } finally {
      await faulty.close();
    }
  });
});

describe('ApiClient against a plain HTTP server', () => {
  let server: Server;
  let base: string;
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/slow') {
        const timer = setTimeout(() => res.end('late'), 2000);
        return void res.on('close', () => clearTimeout(timer));
      }
      if (req.url === '/cookie') {
        res.writeHead(200, { 'set-cookie': 'session=abc123; HttpOnly', 'content-type': 'text/plain' });
        return void res.end('hello');
      }
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ data: 'z'.repeat(5000) }));
      }
      if (req.url === '/broken-json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{not json');
      }
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, headers: req.headers, body }));
      });
    });
    base = await listen(server);
  });
  after(async () => {
    // The /slow answer is still pending; it must not hold the file open.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('sends strings as they are and lets request headers override the defaults', async () => {
    const api = new ApiClient({ baseUrl: base, headers: { 'X-Team': 'qa' }, token: 'default-token', recorder: recordingRecorder().recorder });
    const echoed = await api.post('/echo', { body: 'raw text', headers: { Accept: 'text/plain', authorization: 'Bearer other-token' } });
    assert.equal(echoed.body.body, 'raw text');
    assert.equal(echoed.body.headers.accept, 'text/plain');
    assert.equal(echoed.body.headers['x-team'], 'qa');
    assert.equal(echoed.body.headers.authorization, 'Bearer other-token');
    assert.equal(echoed.body.headers['content-type'], undefined, 'no JSON content type for a string body');
  });

  test('redacts cookies, and secrets given as secrets, in what it records', async () => {
    const { recorder, steps, everything } = recordingRecorder();
    const api = new ApiClient({ baseUrl: base, secrets: ['env-secret-value'], recorder });
    await api.get('/cookie', { headers: { cookie: 'session=abc123' } });
    await api.post('/echo', { body: { note: 'env-secret-value' } });
    const [request, response] = steps[0]!.attachments.map((a) => JSON.parse(a.body));
    assert.equal(request.headers.cookie, '[REDACTED]');
    assert.equal(response.headers['set-cookie'], '[REDACTED]');
    assert.equal(response.body, 'hello');
    assert.ok(!everything().includes('abc123'), 'a cookie value leaked');
    assert.ok(!everything().includes('env-secret-value'), 'a secret leaked');
  });

  test('cuts long bodies in attachments, keeping the whole body in the response', async () => {
    const { recorder, steps } = recordingRecorder();
    const api = new ApiClient({ baseUrl: base, attachLimit: 1000, recorder });
    const big = await api.get('/big');
    assert.equal(big.body.data.length, 5000);
    const attached = JSON.parse(steps[0]!.attachments[1]!.body);
    assert.equal(typeof attached.body, 'string');
    assert.match(attached.body, /… \[truncated: 5011 characters in total\]$/);
  });

  test('keeps a body that claims JSON but is not as text', async () => {
    const api = new ApiClient({ baseUrl: base, recorder: recordingRecorder().recorder });
    const broken = await api.get('/broken-json');
    assert.equal(broken.body, '{not json');
  });

  test('fails a request that gets no answer in time with a clear error, recorded as a failed step', async () => {
    const { recorder, steps } = recordingRecorder();
    const api = new ApiClient({ baseUrl: base, recorder });
    const started = Date.now();
    await assert.rejects(api.get('/slow', { timeoutMs: 200 }), new RegExp(`^Error: GET ${base}/slow failed: no complete answer within 200 ms\\. Is the system under test running at ${base}\\?`));
    assert.ok(Date.now() - started < 1500);
    assert.equal(steps[0]!.title, 'GET /slow → failed');
    assert.match(steps[0]!.error!.message, /no complete answer within 200 ms/);
    assert.equal(steps[0]!.attachments[0]!.name, 'GET /slow request');
  });

  test('names the URL when nothing listens there', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const api = new ApiClient({ baseUrl: url, recorder: recordingRecorder().recorder });
    await assert.rejects(api.get('/x'), new RegExp(`GET ${url}/x failed: .*ECONNREFUSED.*Is the system under test running at ${url}\\?`));
  });

  test('refuses a base URL that is not http(s)', () => {
    assert.throws(() => new ApiClient({ baseUrl: 'localhost:8080' }), /needs an http:\/\/ or https:\/\/ baseUrl, got "localhost:8080"/);
  });
});
