import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createVerdictServer } from '../framework/cli/serve.ts';
import { RunDirectoryVerdicts } from '../framework/gate/verdict-query.ts';
import { verdictProblems } from '../framework/gate/verdict-schema.ts';
import type { Verdict } from '../framework/model/verdict.ts';
import { CLI, runCli } from './helpers/run-inline.ts';

const TOKEN = 'a-token-for-tests';

/** Run directories holding verdicts of the shape runs write (checked against the schema, so they cannot drift). */
function writeRuns(): string {
  const runs = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-serve-'));
  const verdict = (runId: string, subject: string, status: Verdict['status'], startTime: string, environment = 'staging'): Verdict => ({
    status,
    gate: 'deploy',
    runId,
    subject,
    environment,
    counts: { planned: 2, passed: status === 'PASS' ? 2 : 1, failed: status === 'PASS' ? 0 : 1, flaky: 0, skipped: 0, interrupted: 0, missing: 0 },
    rules: [
      { rule: 'no-failures', outcome: status === 'PASS' ? 'pass' : 'fail', measured: status === 'PASS' ? 0 : 1, limit: '0', message: status === 'PASS' ? 'no test failed' : '1 test(s) failed', ...(status === 'PASS' ? {} : { tests: ['deploy › a'] }) },
    ],
    exitCode: status === 'PASS' ? 0 : 1,
    startTime,
    endTime: startTime,
  });
  const all = [
    verdict('r1', 'v1.0.0', 'PASS', '2026-11-27T10:00:00.000Z'),
    verdict('r2', 'v1.1.0', 'PASS', '2026-11-27T10:05:00.000Z'),
    verdict('r3', 'v1.1.0', 'FAIL', '2026-11-27T10:10:00.000Z'),
    verdict('r4', 'v1.0.0', 'FAIL', '2026-11-27T09:00:00.000Z', 'prod'),
  ];
  for (const v of all) {
    assert.deepEqual(verdictProblems(v), []);
    fs.mkdirSync(path.join(runs, v.runId));
    fs.writeFileSync(path.join(runs, v.runId, 'verdict.json'), JSON.stringify(v));
  }
  return runs;
}

const runsDir = writeRuns();
let base = '';
const logged: string[] = [];
const server = createVerdictServer({ source: new RunDirectoryVerdicts(runsDir), token: TOKEN, log: (line) => logged.push(line) });
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const auth = { authorization: `Bearer ${TOKEN}` };

test('GET /verdict: 200 for a version that passed, 412 for one whose newest run failed or that never ran', async () => {
  const passed = await fetch(`${base}/verdict?gate=deploy&subject=v1.0.0`, { headers: auth });
  assert.equal(passed.status, 200);
  assert.match(passed.headers.get('content-type')!, /application\/json/);
  const body = (await passed.json()) as { passed: boolean; status: string; runId: string };
  assert.deepEqual([body.passed, body.status, body.runId], [true, 'PASS', 'r1']);

  const failed = await fetch(`${base}/verdict?gate=deploy&subject=v1.1.0`, { headers: auth });
  assert.equal(failed.status, 412);
  const failedBody = (await failed.json()) as { passed: boolean; runId: string; reasons: { rule: string }[] };
  assert.deepEqual([failedBody.passed, failedBody.runId, failedBody.reasons[0]!.rule], [false, 'r3', 'no-failures']);

  assert.equal((await fetch(`${base}/verdict?gate=deploy&subject=v9`, { headers: auth })).status, 412);
  assert.equal((await fetch(`${base}/verdict?gate=promote&subject=v1.0.0`, { headers: auth })).status, 412);
  // The environment narrows the question: v1.0.0 failed in prod.
  assert.equal((await fetch(`${base}/verdict?gate=deploy&subject=v1.0.0&env=prod`, { headers: auth })).status, 412);
  assert.equal((await fetch(`${base}/verdict?gate=deploy&subject=v1.0.0&env=staging`, { headers: auth })).status, 200);
});

test('the bearer token is required: none or a wrong one is 401 and says how to send it', async () => {
  const none = await fetch(`${base}/verdict?gate=deploy&subject=v1.0.0`);
  assert.equal(none.status, 401);
  assert.match(none.headers.get('www-authenticate')!, /^Bearer/);
  assert.match(((await none.json()) as { error: string }).error, /Authorization: Bearer/);
  assert.equal((await fetch(`${base}/verdict?gate=deploy&subject=v1.0.0`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status, 401);
  assert.equal((await fetch(`${base}/verdict?gate=deploy&subject=v1.0.0`, { headers: { authorization: TOKEN } })).status, 401);
  assert.equal((await fetch(`${base}/healthz`)).status, 200);
  assert.ok(!logged.some((line) => line.includes(TOKEN)), 'the token is never logged');
});

test("Flagger's webhook (POST with metadata) and Argo Rollouts' web provider (GET/POST with JSON) get 200 or 412", async () => {
  const flagger = (subject: string) =>
    fetch(`${base}/verdict`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'podinfo', namespace: 'test', phase: 'Progressing', checksum: 'x', metadata: { gate: 'deploy', subject } }),
    });
  assert.equal((await flagger('v1.0.0')).status, 200);
  assert.equal((await flagger('v1.1.0')).status, 412);
  assert.ok(logged.some((line) => /^412 test\/podinfo Progressing gate=deploy subject=v1\.1\.0: FAIL$/.test(line)), logged.join('\n'));

  const argo = await fetch(`${base}/verdict`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ gate: 'deploy', subject: 'v1.0.0' }) });
  assert.equal(argo.status, 200);
  // An Argo successCondition reads the JSON: result.passed == true.
  assert.equal(((await argo.json()) as { passed: boolean }).passed, true);
});

test('malformed questions are 400 with what to send; other paths 404; other methods 405', async () => {
  const missing = await fetch(`${base}/verdict?gate=deploy`, { headers: auth });
  assert.equal(missing.status, 400);
  assert.match(((await missing.json()) as { error: string }).error, /missing subject/);
  const notJson = await fetch(`${base}/verdict`, { method: 'POST', headers: auth, body: '{oops' });
  assert.equal(notJson.status, 400);
  assert.equal((await fetch(`${base}/elsewhere`, { headers: auth })).status, 404);
  assert.equal((await fetch(`${base}/verdict?gate=deploy&subject=v1.0.0`, { method: 'DELETE', headers: auth })).status, 405);
});

test('a body over 64 KiB is answered 413 with the limit, announced or streamed, and the server answers on', async () => {
  const announced = await fetch(`${base}/verdict`, { method: 'POST', headers: auth, body: 'x'.repeat(200_000) });
  assert.equal(announced.status, 413);
  assert.match(((await announced.json()) as { error: string }).error, /larger than 65536 bytes/);
  // Without a content-length the limit is found while reading.
  const pieces = Array.from({ length: 10 }, () => new TextEncoder().encode('y'.repeat(16_384)));
  const body = new ReadableStream<Uint8Array>({ pull: (controller) => (pieces.length ? controller.enqueue(pieces.shift()!) : controller.close()) });
  const streamed = await fetch(`${base}/verdict`, { method: 'POST', headers: auth, body, duplex: 'half' } as RequestInit);
  assert.equal(streamed.status, 413);
  assert.ok(logged.some((line) => /^413 POST \/verdict: the request body is larger than 65536 bytes/.test(line)), logged.join('\n'));
  assert.equal((await fetch(`${base}/verdict?gate=deploy&subject=v1.0.0`, { headers: auth })).status, 200);
});

test('request values reach the log escaped: no forged line, no terminal escape', async () => {
  const subject = 'v9\n200 gate=deploy subject=v9: PASS\u001b[2J\u202e';
  await fetch(`${base}/verdict?gate=deploy&subject=${encodeURIComponent(subject)}`, { headers: auth });
  await fetch(`${base}/verdict`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'pod\r\ninfo', namespace: 'x', metadata: { gate: 'deploy', subject: 'v1.0.0' } }) });
  await fetch(`${base}/no%0Awhere%1B[31m`, { headers: auth });
  await fetch(`${base}/verdict?gate=deploy&subject=v1.0.0`, { headers: { authorization: 'Bearer wrong' } });
  for (const line of logged) assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u202e]/, JSON.stringify(line));
  assert.ok(logged.includes('412 gate=deploy subject=v9\\n200 gate=deploy subject=v9: PASS\\u001B[2J\\u202E: UNKNOWN'), logged.join('\n'));
  assert.ok(logged.some((line) => line.startsWith('200 x/pod\\r\\ninfo ')), logged.join('\n'));
});

test('tollgate serve: prints where it answers, checks the token from --token-env, stops on SIGTERM with exit 0', async () => {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--token-env', 'SERVE_TOKEN', '--runs', runsDir], {
    env: { ...process.env, SERVE_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const match = /answering on (http:\/\/127\.0\.0\.1:\d+)\/verdict/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.on('close', () => reject(new Error(`serve exited early: ${stdout}${stderr}`)));
  });
  assert.match(stdout, /bearer token required/);
  assert.equal((await fetch(`${url}/verdict?gate=deploy&subject=v1.0.0`)).status, 401);
  assert.equal((await fetch(`${url}/verdict?gate=deploy&subject=v1.0.0`, { headers: auth })).status, 200);
  assert.equal((await fetch(`${url}/verdict?gate=deploy&subject=v1.1.0`, { headers: auth })).status, 412);
  const code = new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  child.kill('SIGTERM');
  assert.equal(await code, 0, stderr);
  assert.ok(!stderr.includes(TOKEN) && !stdout.includes(TOKEN), 'the token is never printed');
});

test('tollgate serve refuses to start without a usable token where one is needed', async () => {
  const [emptyToken, openHost] = await Promise.all([
    runCli(runsDir, ['serve', '--port', '0', '--token-env', 'NOT_SET_ANYWHERE', '--runs', runsDir], { env: { NOT_SET_ANYWHERE: '' } }),
    runCli(runsDir, ['serve', '--port', '0', '--host', '0.0.0.0', '--runs', runsDir]),
  ]);
  assert.equal(emptyToken.exitCode, 2);
  assert.match(emptyToken.stderr, /the environment variable NOT_SET_ANYWHERE is empty or not set/);
  assert.equal(openHost.exitCode, 2);
  assert.match(openHost.stderr, /--host 0\.0\.0\.0 would answer beyond this machine without a token: add --token-env NAME/);
});

test('tollgate serve beyond loopback refuses a token shorter than 16 characters (exit 2), before it listens', async () => {
  // Should it listen all the same, it is stopped at once: this test never lets traffic reach it.
  const onSpawn = (child: ReturnType<typeof spawn>, output: () => string) => child.stdout!.on('data', () => /answering on/.test(output()) && child.kill('SIGKILL'));
  const [short, fifteen] = await Promise.all([
    runCli(runsDir, ['serve', '--port', '0', '--host', '0.0.0.0', '--token-env', 'SERVE_TOKEN', '--runs', runsDir], { env: { SERVE_TOKEN: 'x' }, onSpawn }),
    runCli(runsDir, ['serve', '--port', '0', '--host', '::', '--token-env', 'SERVE_TOKEN', '--runs', runsDir], { env: { SERVE_TOKEN: 'f'.repeat(15) }, onSpawn }),
  ]);
  assert.equal(short.exitCode, 2, short.output);
  assert.match(short.stderr, /--host 0\.0\.0\.0 answers beyond this machine, and the token in SERVE_TOKEN has 1 character\(s\): it needs at least 16/);
  assert.doesNotMatch(short.stdout, /answering on/, 'it never listened');
  assert.equal(fifteen.exitCode, 2, fifteen.output);
  assert.match(fifteen.stderr, /has 15 character\(s\)/);
  assert.doesNotMatch(fifteen.output, /fffffffffffffff/, 'the token is not printed');
  assert.doesNotMatch(short.stderr + fifteen.stderr, /\n\s+at /, 'no stack trace');
});

test('GET /attestation: the deciding run\'s signed verdict as it was written, 404 for a run that was not signed or a version that never ran', async () => {
  const envelope = JSON.stringify({ payloadType: 'application/vnd.in-toto+json', payload: Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}').toString('base64'), signatures: [{ keyid: 'k', sig: 's' }] }, null, 2) + '\n';
  fs.writeFileSync(path.join(runsDir, 'r1', 'attestation.intoto.json'), envelope);
  const signed = await fetch(`${base}/attestation?gate=deploy&subject=v1.0.0&env=staging`, { headers: auth });
  assert.equal(signed.status, 200);
  assert.equal(await signed.text(), envelope);

  const unsigned = await fetch(`${base}/attestation?gate=deploy&subject=v1.1.0`, { headers: auth });
  assert.equal(unsigned.status, 404);
  assert.match(((await unsigned.json()) as { error: string }).error, /run r3, which decides, has no signed verdict/);
  const never = await fetch(`${base}/attestation?gate=deploy&subject=v9`, { headers: auth });
  assert.equal(never.status, 404);
  assert.equal((await fetch(`${base}/attestation?gate=deploy&subject=v1.0.0`)).status, 401, 'the token is required');
  assert.equal((await fetch(`${base}/attestation?gate=deploy&subject=v1.0.0`, { method: 'POST', headers: auth })).status, 405);
});
