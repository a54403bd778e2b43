/**
 * The API driver against a system that is not the reference POD (issue 14,
 * item 5): schemas from a file, an object and a URL; form and multipart
 * bodies; Robot's data=, json= and files= as RequestsLibrary sends them.
 * The system is a small HTTP server in this process that keeps what it
 * received, so each check reads the server's view of the request.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { outcomes, runCli, runInline, writeProject, type InlineResult } from './helpers/run-inline.ts';

interface Received {
  method: string;
  path: string;
  contentType: string | undefined;
  body: Buffer;
}

const received: Received[] = [];
let server: Server;
let base = '';
let run: InlineResult;
let done: ReturnType<typeof outcomes>;

const USER_SCHEMA = {
  type: 'object',
  required: ['id', 'name'],
  properties: { id: { type: 'integer' }, name: { type: 'string' } },
};
const STRICT_USER_SCHEMA = { ...USER_SCHEMA, properties: { ...USER_SCHEMA.properties, name: { type: 'integer' } } };

function answer(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, body: Buffer): void {
  const url = new URL(req.url ?? '/', base);
  received.push({ method: req.method ?? '', path: url.pathname, contentType: req.headers['content-type'], body });
  const json = (status: number, value: unknown, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(JSON.stringify(value));
  };
  if (url.pathname === '/api/user') return json(200, { id: 1, name: 'Ada' });
  if (url.pathname === '/api/schemas/user') return json(200, USER_SCHEMA);
  // As a raw file host serves it: text/plain.
  if (url.pathname === '/remote/user.schema.json') return json(200, USER_SCHEMA, 'text/plain; charset=utf-8');
  if (url.pathname.startsWith('/api/echo/')) return json(200, { ok: true });
  json(404, { message: `no ${url.pathname}` });
}

/** What the server received at a path (the last request there). */
function at(pathname: string): Received {
  const found = received.filter((r) => r.path === pathname).at(-1);
  assert.ok(found, `the server received nothing at ${pathname}; it received ${received.map((r) => `${r.method} ${r.path}`).join(', ')}\n${run.output}`);
  return found;
}

/** A multipart body as a server's parser reads it. */
async function parts(got: Received): Promise<FormData> {
  assert.match(got.contentType ?? '', /^multipart\/form-data; boundary=/);
  return new Response(new Uint8Array(got.body), { headers: { 'content-type': got.contentType! } }).formData();
}

const NATIVE = `
import { test, expect, expectSchema } from 'tollgate/drivers/api';

test('schema from a file', async ({ api }) => {
  const user = await api.get('/user');
  await api.expectSchema(user, 'schemas/user.json');
  await api.expectSchema(user, './schemas/user.json');
});

test('a mismatch names the schema file', async ({ api }) => {
  await api.expectSchema(await api.get('/user'), 'schemas/strict-user.json');
});

test('schema from an object', async ({ api }) => {
  const user = await api.get('/user');
  const schema = await api.schema({ type: 'object', required: ['id'], properties: { id: { type: 'integer' } } });
  expectSchema(user, schema);
  await api.expectSchema(user, schema);
  await expect(api.expectSchema(user, { type: 'object', required: ['email'] })).rejects.toThrow('/email is required but missing');
});

test('schema object that is not a JSON Schema', async ({ api }) => {
  await api.schema({ type: 'objekt' });
});

test('schema from a URL, fetched once', async ({ api, env }) => {
  const url = new URL('/remote/user.schema.json', env.endpoints.api).href;
  const user = await api.get('/user');
  await api.expectSchema(user, url);
  await api.expectSchema(user, url);
});

test('a bare name is still the schema the API publishes', async ({ api }) => {
  await api.expectSchema(await api.get('/user'), 'user');
});

test('missing schema file', async ({ api }) => {
  await api.schema('schemas/nope.json');
});

test('schema file that is not JSON', async ({ api }) => {
  await api.schema('schemas/broken.json');
});

test('schema file that is not a JSON Schema', async ({ api }) => {
  await api.schema('schemas/invalid.json');
});

test('form post', async ({ api }) => {
  const sent = await api.post('/echo/form', { form: { name: 'Ada Lovelace', tags: ['a', 'b'], admin: true } });
  expect(sent.status).toBe(200);
  await api.post('/echo/form-params', { form: new URLSearchParams({ q: 'x&y' }) });
});

test('multipart post', async ({ api }) => {
  const sent = await api.post('/echo/multipart', {
    multipart: { note: 'hello', count: 3, file: { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('file body') } },
  });
  expect(sent.status).toBe(200);
});
`;

const ROBOT = `*** Settings ***
Library    API

*** Test Cases ***
Form from a dictionary
    &{form}=    Create Dictionary    name=Ada Lovelace    role=admin
    \${resp}=    POST    /echo/robot-form    data=&{form}    expected_status=200

JSON body
    &{body}=    Create Dictionary    name=Ada    id=\${1}
    POST    /echo/robot-json    json=&{body}
    POST    /echo/robot-json-string    json=just text

String data as it is
    POST    /echo/robot-text    data=plain text here

Files with fields
    &{form}=    Create Dictionary    note=hello
    \${upload}=    Get File For Streaming Upload    data/upload.txt
    &{files}=    Create Dictionary    first=\${upload}    second=\${{ ('b.csv', 'x,y', 'text/csv') }}
    POST    /echo/robot-files    data=&{form}    files=&{files}

Schema from a file
    \${resp}=    GET    /user
    Response Should Match Schema    \${resp}    schemas/user.json

Schema from a bad file
    \${resp}=    GET    /user
    Response Should Match Schema    \${resp}    schemas/broken.json
`;

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => answer(req, res, Buffer.concat(chunks)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  run = await runInline(
    {
      'environments/local.ts': `export default { endpoints: { api: '${base}/api' } };`,
      'schemas/user.json': JSON.stringify(USER_SCHEMA, null, 2),
      'schemas/strict-user.json': JSON.stringify(STRICT_USER_SCHEMA, null, 2),
      'schemas/broken.json': '{ "type": "object", ',
      'schemas/invalid.json': JSON.stringify({ type: 'objekt' }),
      'data/upload.txt': 'uploaded text\n',
      'tests/any-system.test.ts': NATIVE,
      'robot/forms.robot': ROBOT,
      'tollgate.config.ts': `export default { suites: [
        { name: 'api', kind: 'integration', files: 'tests/*.test.ts' },
        { name: 'robot', kind: 'integration', runner: 'robot', files: 'robot/*.robot' },
      ] };`,
    },
    ['run', '--workers', '1'],
  );
  done = outcomes(run.events());
}, { timeout: 240_000 });

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function passed(title: string): void {
  assert.equal(done[title]?.outcome === 'expected' || done[title]?.status === 'passed', true, `${title}: ${JSON.stringify(done[title])}\n${run.output}`);
}

function failedWith(title: string, message: RegExp): void {
  assert.equal(done[title]?.status, 'failed', `${title}: ${JSON.stringify(done[title])}\n${run.output}`);
  assert.match(done[title]!.message, message);
}

test('native: a schema file (relative to the project root) checks a response, and a mismatch names the file', () => {
  passed('schema from a file');
  failedWith('a mismatch names the schema file', /response body does not match schema "schemas\/strict-user\.json": \/name must be integer \(got "Ada"\)/);
  assert.equal(received.some((r) => r.path.includes('schemas/schemas')), false, 'a schema file is never requested from the system');
});

test('native: a schema object checks a response, and a broken one says so', () => {
  passed('schema from an object');
  failedWith('schema object that is not a JSON Schema', /^the schema object is not a valid JSON Schema \(2020-12\): .*type/);
});

test('native: a schema URL is fetched once (text/plain is read as JSON) and checks a response', () => {
  passed('schema from a URL, fetched once');
  assert.equal(received.filter((r) => r.path === '/remote/user.schema.json').length, 1);
});

// Compatibility: this one passes on the code before issue 14 too, and guards that it keeps doing so.
test('native: a bare name keeps fetching <api>/schemas/<name>', () => {
  passed('a bare name is still the schema the API publishes');
  at('/api/schemas/user');
});

test('native: a bad schema file fails with an error naming the file and what is wrong', () => {
  const schemas = path.join(run.dir, 'schemas');
  const quoted = (file: string) => path.join(schemas, file).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  failedWith('missing schema file', new RegExp(`schema file ${quoted('nope.json')} does not exist \\("schemas/nope.json" is read relative to the project root`));
  failedWith('schema file that is not JSON', new RegExp(`schema file ${quoted('broken.json')} is not valid JSON: `));
  failedWith('schema file that is not a JSON Schema', new RegExp(`schema file ${quoted('invalid.json')} is not a valid JSON Schema \\(2020-12\\): .*type`));
});

test('native: form: sends application/x-www-form-urlencoded from a record or URLSearchParams', () => {
  passed('form post');
  const form = at('/api/echo/form');
  assert.equal(form.contentType, 'application/x-www-form-urlencoded');
  assert.equal(form.body.toString(), 'name=Ada+Lovelace&tags=a&tags=b&admin=true');
  assert.equal(at('/api/echo/form-params').body.toString(), 'q=x%26y');
});

test('native: multipart: sends multipart/form-data with fields and a file', async () => {
  passed('multipart post');
  const got = await parts(at('/api/echo/multipart'));
  assert.equal(got.get('note'), 'hello');
  assert.equal(got.get('count'), '3');
  const file = got.get('file') as File;
  assert.equal(file.name, 'a.txt');
  assert.equal(file.type, 'text/plain');
  assert.equal(await file.text(), 'file body');
});

test('robot: POST data=&{dict} sends the dictionary form-encoded', () => {
  passed('Form from a dictionary');
  const got = at('/api/echo/robot-form');
  assert.equal(got.contentType, 'application/x-www-form-urlencoded');
  assert.equal(got.body.toString(), 'name=Ada+Lovelace&role=admin');
});

test('robot: json= sends JSON (a string too, as requests does); data=string goes as it is', () => {
  passed('JSON body');
  const json = at('/api/echo/robot-json');
  assert.equal(json.contentType, 'application/json');
  assert.deepEqual(JSON.parse(json.body.toString()), { name: 'Ada', id: 1 });
  assert.equal(at('/api/echo/robot-json-string').body.toString(), '"just text"');
  passed('String data as it is');
  assert.equal(at('/api/echo/robot-text').body.toString(), 'plain text here');
});

test('robot: files= sends multipart with data= fields, a file by path and a (name, content, type) file', async () => {
  passed('Files with fields');
  const got = await parts(at('/api/echo/robot-files'));
  assert.equal(got.get('note'), 'hello');
  const first = got.get('first') as File;
  assert.equal(first.name, 'upload.txt');
  assert.equal(await first.text(), 'uploaded text\n');
  const second = got.get('second') as File;
  assert.equal(second.name, 'b.csv');
  assert.equal(second.type, 'text/csv');
  assert.equal(await second.text(), 'x,y');
});

test('robot: Response Should Match Schema takes a schema file, and a broken one fails naming it', () => {
  passed('Schema from a file');
  failedWith('Schema from a bad file', new RegExp(`schema file ${path.join(run.dir, 'schemas', 'broken.json').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON`));
  assert.equal(run.exitCode, 1, run.output);
});

test('relative schema and upload paths are read from the config file\'s folder, wherever the CLI runs', { timeout: 240_000 }, async () => {
  const dir = writeProject({
    'sub/environments/local.ts': `export default { endpoints: { api: '${base}/api' } };`,
    'sub/schemas/user.json': JSON.stringify(USER_SCHEMA),
    'sub/data/upload.txt': 'from sub\n',
    'sub/tests/a.test.ts': `import { test } from 'tollgate/drivers/api';\ntest('native file schema', async ({ api }) => { await api.expectSchema(await api.get('/user'), 'schemas/user.json'); });`,
    'sub/robot/a.robot': [
      '*** Settings ***',
      'Library    API',
      '*** Test Cases ***',
      'Robot file schema and upload',
      '    ${resp}=    GET    /user',
      '    Response Should Match Schema    ${resp}    schemas/user.json',
      '    &{files}=    Create Dictionary    up=data/upload.txt',
      '    POST    /echo/robot-sub-upload    files=&{files}',
    ].join('\n'),
    'sub/tollgate.config.ts': `export default { suites: [
      { name: 'api', kind: 'integration', files: 'tests/*.test.ts' },
      { name: 'robot', kind: 'integration', runner: 'robot', files: 'robot/*.robot' },
    ] };`,
  });
  const result = await runCli(dir, ['run', '--config', path.join('sub', 'tollgate.config.ts'), '--output', path.join(dir, 'out')]);
  const sub = outcomes(result.events());
  assert.equal(sub['native file schema']?.status, 'passed', result.output);
  assert.equal(sub['Robot file schema and upload']?.status, 'passed', result.output);
  assert.equal(await ((await parts(at('/api/echo/robot-sub-upload'))).get('up') as File).text(), 'from sub\n');
  assert.equal(result.exitCode, 0, result.output);
});
