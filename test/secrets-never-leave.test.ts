/**
 * Secrets never leave (issue 13, item 6). A native test and a Robot suite
 * write the environment's secret through every channel they have: console
 * output whole and in pieces across writes, error messages, step titles,
 * annotations, attachments (text and binary, by body and by path), the
 * environment's own output, HTTP headers through the api driver, Robot's
 * Log, Log To Console, assignments, failure messages and a user library
 * that prints. Then every output of the run is searched
 * for it, also base64-encoded and inside the HTML report's compressed data:
 * the console, the run directory, the archive, and the JUnit, JSON, TAP,
 * HTML, Allure and Robot XML reports. None may hold it, and the redaction
 * marker must show, so the test cannot pass by writing nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readReportData } from '../reporters/html/read-report-data.ts';
import { runInline } from './helpers/run-inline.ts';

const SECRET = 'Tg-s3cr3t-7f9a2c';
const HEAD = SECRET.slice(0, 7);

const ENVIRONMENT = `
  import http from 'node:http';
  // A small API that echoes the request's headers, so the token comes back in the response too.
  export default {
    secrets: { apiToken: 'SECRETS_TEST_TOKEN' },
    async setup() {
      console.log('setting up with ' + process.env.SECRETS_TEST_TOKEN);
      const server = http.createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        res.setHeader('x-echo-token', String(req.headers['x-token'] ?? ''));
        res.end(JSON.stringify({ path: req.url, headers: req.headers }));
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { endpoints: { api: 'http://127.0.0.1:' + server.address().port + '/api' }, state: server };
    },
    async teardown({ state }) { await new Promise((resolve) => state.close(resolve)); },
  };
`;

const NATIVE = `
  import fs from 'node:fs';
  import os from 'node:os';
  import path from 'node:path';
  import { test as base, expect } from 'tollgate';
  import { apiDriver } from 'tollgate/drivers/api';
  const test = base.extend(apiDriver);

  test('native writes the secret everywhere', async ({ env, api }, info) => {
    const secret = env.secrets.apiToken;
    console.log('whole: ' + secret);
    process.stdout.write(secret.slice(0, 7));
    process.stdout.write(secret.slice(7) + '\\n');
    process.stderr.write('err ' + secret.slice(0, 3));
    process.stderr.write(secret.slice(3) + '\\n');
    console.error('error: ' + secret);
    info.annotations.push({ type: 'token', description: secret });
    await test.step('log in as ' + secret, async () => {
      await info.attach('creds.txt', { body: 'token=' + secret, contentType: 'text/plain' });
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secret-')), 'creds.json');
    fs.writeFileSync(file, JSON.stringify({ token: secret }));
    await info.attach('creds-file', { path: file });
    await info.attach('capture.bin', { body: Buffer.concat([Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 0]), Buffer.from('Authorization: Bearer ' + secret)]) });
    const answer = await api.get('/echo', { headers: { 'x-token': secret } });
    expect(answer.status).toBe(200);
    expect(answer.body.headers.authorization).toBe('Bearer ' + secret);
    throw new Error('failed with ' + secret);
  });

  test('passes, writing the secret in pieces', async ({ env }) => {
    process.stdout.write('pieces: ' + env.secrets.apiToken.slice(0, 7));
    process.stdout.write(env.secrets.apiToken.slice(7) + '\\n');
  });
`;

const ROBOT = `*** Settings ***
Library    API
Library    String
Library    ./leaky-library.ts

*** Test Cases ***
Robot writes the secret everywhere
    \${token}=    Set Variable    %{SECRETS_TEST_TOKEN}
    Log    token is \${token}
    Log    \${token}    console=True
    Log To Console    console \${token}
    \${head}=    Get Substring    \${token}    0    7
    \${tail}=    Get Substring    \${token}    7
    Log To Console    \${head}    no_newline=True
    Log To Console    \${tail}
    \${resp}=    GET    /echo    headers=\${{ {'x-token': $token} }}
    Log    \${resp}[json]
    \${printed}=    Print The Secret
    Should Be Equal    \${token}    something else

Robot passes with the secret in pieces
    \${token}=    Set Variable    %{SECRETS_TEST_TOKEN}
    Log Many    \${token}    \${token}[:7]    \${token}[7:]
`;

const LIBRARY = `
  // A user's keyword library that prints what it should not.
  export function printTheSecret(): string {
    console.log('library: ' + process.env.SECRETS_TEST_TOKEN);
    return process.env.SECRETS_TEST_TOKEN!;
  }
`;

const CONFIG = `export default { suites: [
  { name: 'native', kind: 'integration', files: 'tests/*.spec.ts' },
  { name: 'robots', kind: 'integration', runner: 'robot', files: 'robot/*.robot' },
] };`;

/** The secret as it would show base64-encoded at any of the three byte alignments (a data: URL, an embedded blob). */
function base64Forms(secret: string): string[] {
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.from('\0'.repeat(pad) + secret).toString('base64');
    // Drop the characters that also depend on the padding before or the bytes after.
    const start = Math.ceil((pad * 4) / 3);
    const end = Math.floor(((pad + secret.length) * 4) / 3);
    return encoded.slice(start, end);
  });
}

/** Every file under dir, symlinks (node_modules) left out. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

test('a secret written through every channel of a native test and a Robot suite is in no output of the run', { timeout: 180_000 }, async () => {
  const result = await runInline(
    {
      'tollgate.config.ts': CONFIG,
      'environments/secrets.ts': ENVIRONMENT,
      'tests/leak.spec.ts': NATIVE,
      'robot/leak.robot': ROBOT,
      'robot/leaky-library.ts': LIBRARY,
    },
    [
      'run', '--env', 'secrets',
      '--reporter', 'console',
      '--reporter', 'junit=reports/junit.xml',
      '--reporter', 'json=reports/report.json',
      '--reporter', 'tap=reports/run.tap',
      '--reporter', 'html=reports/report.html',
      '--reporter', 'allure=reports/allure',
      '--reporter', 'robot-xml=reports/output.xml',
    ],
    { env: { SECRETS_TEST_TOKEN: SECRET } },
  );
  assert.equal(result.exitCode, 1, result.output);
  const ended = result.events().filter((e) => e.type === 'test.end' && e.outcome);
  assert.equal(ended.length, 4, `every test ran: ${result.output}`);

  const files = filesUnder(result.dir);
  for (const expected of ['reports/junit.xml', 'reports/report.json', 'reports/run.tap', 'reports/report.html', 'reports/output.xml', 'run/events.ndjson', 'run/robot/robots/output.xml', 'run/robot/robots/result.json']) {
    assert.ok(files.includes(path.join(result.dir, expected)), `${expected} was written`);
  }
  assert.ok(files.some((f) => f.startsWith(path.join(result.dir, 'reports', 'allure'))), 'Allure results were written');
  assert.ok(files.some((f) => f.startsWith(path.join(result.dir, '.tollgate')) && /\.(db|sqlite)/.test(f)), `the archive was written: ${files.join(', ')}`);

  const outputs: { where: string; text: string }[] = [{ where: 'the console', text: result.output }];
  for (const file of files) {
    const text = fs.readFileSync(file).toString('latin1');
    outputs.push({ where: path.relative(result.dir, file), text });
    if (file.endsWith('.html')) outputs.push({ where: `${path.relative(result.dir, file)} (its data)`, text: JSON.stringify(readReportData(fs.readFileSync(file, 'utf8'))) });
  }
  const forms = [SECRET, ...base64Forms(SECRET)];
  const leaks = outputs.filter(({ text }) => forms.some((form) => text.includes(form))).map(({ where }) => where);
  assert.deepEqual(leaks, [], `the secret leaked into ${leaks.join(', ')}`);

  // Not vacuous: the channels were written, redacted.
  const everything = (name: string) => outputs.find(({ where }) => where === name)?.text ?? '';
  assert.match(result.output, /console \[REDACTED\]/, 'Log To Console reached the console, redacted');
  assert.match(result.output, /library: \[REDACTED\]/, "the library's console.log reached the console, redacted");
  assert.match(result.output, /setting up with \[REDACTED\]/, "the environment's output reached the console, redacted");
  assert.match(everything('reports/junit.xml'), /pieces: \[REDACTED\]/, 'the two-piece write is redacted where JUnit joins it');
  assert.match(everything('reports/junit.xml'), /failed with \[REDACTED\]/);
  assert.match(everything('run/robot/robots/output.xml'), /token is \[REDACTED\]/);
  assert.match(everything('run/robot/robots/output.xml'), /\[REDACTED\] != something else/);
  assert.match(everything('reports/output.xml'), /token is \[REDACTED\]/);
  assert.match(everything('run/events.ndjson'), /log in as \[REDACTED\]/);
  assert.ok(!everything('run/events.ndjson').includes(HEAD + '"'), 'no log event ends with the first piece of the secret');
});
