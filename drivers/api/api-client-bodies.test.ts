/**
 * What ApiClient sends and records for schema URLs and form bodies (issue
 * 14, item 5), against plain servers that echo what they received.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiClient } from './api-client.ts';
import { recordingRecorder } from './recording.test-support.ts';

const SCHEMA = JSON.stringify({ type: 'object' });
const seen: { server: string; path: string; headers: IncomingHttpHeaders }[] = [];
let api: Server;
let elsewhere: Server;
let apiUrl = '';
let elsewhereUrl = '';

function schemaServer(name: string): Server {
  return createServer((req, res) => {
    seen.push({ server: name, path: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(SCHEMA);
    });
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  api = schemaServer('api');
  elsewhere = schemaServer('elsewhere');
  apiUrl = await listen(api);
  elsewhereUrl = await listen(elsewhere);
});
after(async () => {
  await new Promise<void>((resolve) => api.close(() => resolve()));
  await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
});

test("a schema URL gets the bearer token only on the API's own host", async () => {
  const client = new ApiClient({ baseUrl: `${apiUrl}/api`, token: 'tok-schema-1234', recorder: recordingRecorder().recorder });
  await client.schema(`${apiUrl}/own.schema.json`);
  await client.schema(`${elsewhereUrl}/other.schema.json`);
  assert.equal(seen.find((s) => s.path === '/own.schema.json')?.headers.authorization, 'Bearer tok-schema-1234');
  const other = seen.find((s) => s.path === '/other.schema.json');
  assert.ok(other, 'the other host was asked');
  assert.equal(other.headers.authorization, undefined);
});

test('a multipart request is recorded by its fields and files, secrets redacted', async () => {
  const { recorder, steps, everything } = recordingRecorder();
  const client = new ApiClient({ baseUrl: apiUrl, secrets: ['secret-field-value'], recorder });
  await client.post('/upload', { multipart: { note: 'secret-field-value', file: { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('abc') } } });
  const request = JSON.parse(steps[0]!.attachments[0]!.body);
  assert.match(request.headers['content-type'], /^multipart\/form-data; boundary=/);
  assert.deepEqual(request.body, { note: '[REDACTED]', file: '(file a.txt: 3 bytes of text/plain)' });
  assert.ok(!everything().includes('secret-field-value'), 'a secret leaked');
});

test('a form request is recorded as its urlencoded text', async () => {
  const { recorder, steps } = recordingRecorder();
  const client = new ApiClient({ baseUrl: apiUrl, recorder });
  await client.post('/login', { form: { user: 'ada', n: 1 } });
  const request = JSON.parse(steps[0]!.attachments[0]!.body);
  assert.equal(request.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(request.body, 'user=ada&n=1');
});
