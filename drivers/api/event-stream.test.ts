import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { startPod, type RunningPod } from '../../environments/local/pod/pod.ts';
import { ApiClient } from './api-client.ts';
import { openStream } from './event-stream.ts';
import { recordingRecorder } from './recording.test-support.ts';

describe('event stream client against a scripted WebSocket server', () => {
  let wss: WebSocketServer;
  let url: string;
  const clients: WebSocket[] = [];
  before(async () => {
    wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/events`;
    wss.on('connection', (ws, req) => {
      clients.push(ws);
      // Sent at once, before the test can start waiting: waitFor must still see them.
      ws.send(JSON.stringify({ n: 1, auth: req.headers.authorization ?? null }));
      ws.send('not json');
      if (req.url?.includes('close-now')) ws.close(4000, 'bye');
    });
  });
  after(() => new Promise<void>((resolve) => wss.close(() => resolve())));

  const sendAll = (message: unknown) => {
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  test('finds a message received before waitFor was called, parsing JSON and keeping text', async () => {
    const { recorder, steps } = recordingRecorder();
    const stream = await openStream(url, { recorder });
    try {
      const first = await stream.waitFor((m) => m.n === 1, { label: 'the greeting' });
      assert.deepEqual(first, { n: 1, auth: null });
      assert.equal(await stream.waitFor((m) => m === 'not json', 500), 'not json');
      assert.equal(steps[0]!.title, `open stream ${url}`);
      assert.equal(steps[1]!.title, 'wait for event: the greeting');
      assert.deepEqual(JSON.parse(steps[1]!.attachments[0]!.body), { n: 1, auth: null });
    } finally {
      await stream.close();
    }
  });

  test('waits for a message still to come, and resolves with the first match only', async () => {
    const stream = await openStream(url, { recorder: recordingRecorder().recorder });
    try {
      const waiting = stream.waitFor((m) => m.kind === 'later', 2000);
      setTimeout(() => {
        sendAll({ kind: 'other' });
        sendAll({ kind: 'later', i: 1 });
        sendAll({ kind: 'later', i: 2 });
      }, 50);
      assert.deepEqual(await waiting, { kind: 'later', i: 1 });
      await stream.waitFor((m) => m.i === 2, 1000);
      assert.ok(stream.messages.length >= 5);
    } finally {
      await stream.close();
    }
  });

  test('times out with how many messages it saw and the last few, as a failed step', async () => {
    const { recorder, steps } = recordingRecorder();
    const stream = await openStream(url, { recorder });
    try {
      for (let i = 0; i < 7; i++) sendAll({ seq: i });
      await stream.waitFor((m) => m.seq === 6, 1000);
      const started = Date.now();
      await assert.rejects(stream.waitFor((m) => m.seq === 99, { timeoutMs: 150, label: 'seq 99' }), (error: Error) => {
        assert.match(error.message, new RegExp(`^no message matching seq 99 within 150 ms on ${url}; saw 9 messages, the last 5:\\n`));
        const listed = error.message.split('\n').slice(1);
        assert.deepEqual(listed, [2, 3, 4, 5, 6].map((i) => `  {"seq":${i}}`));
        return true;
      });
      assert.ok(Date.now() - started >= 140);
      const failed = steps.at(-1)!;
      assert.equal(failed.title, 'wait for event: seq 99');
      assert.match(failed.error!.message, /within 150 ms/);
    } finally {
      await stream.close();
    }
  });

  test('says when the server closes the stream before a message matched, without waiting for the timeout', async () => {
    const stream = await openStream(`${url}?close-now`, { recorder: recordingRecorder().recorder });
    const started = Date.now();
    await assert.rejects(stream.waitFor((m) => m === 'never', 5000), /closed \(code 4000, "bye"\) before a message matched .*; saw 2 messages:/);
    assert.ok(Date.now() - started < 2000);
    assert.equal(stream.closed, true);
  });

  test('passes on an error thrown by the predicate', async () => {
    const stream = await openStream(url, { recorder: recordingRecorder().recorder });
    try {
      await assert.rejects(stream.waitFor(() => { throw new Error('predicate broke'); }, 500), /predicate broke/);
    } finally {
      await stream.close();
    }
  });

  test('sends handshake headers and keeps secrets out of what it records', async () => {
    const { recorder, everything } = recordingRecorder();
    const stream = await openStream(`${url}?key=hush-hush-123`, { recorder, headers: { authorization: 'Bearer hush-hush-123' }, secrets: ['hush-hush-123'] });
    try {
      const hello = await stream.waitFor((m) => m.n === 1, 1000);
      assert.equal(hello.auth, 'Bearer hush-hush-123', 'the header reached the server');
      assert.match(stream.url, /\?key=\[REDACTED\]$/);
      await assert.rejects(stream.waitFor((m) => m === 'x', { timeoutMs: 50, label: 'x' }));
      assert.ok(!everything().includes('hush-hush-123'), everything());
    } finally {
      await stream.close();
    }
  });
});

describe('event stream client: failures to connect', () => {
  test('names the URL and the status when the server does not upgrade', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no stream here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/nope`;
    try {
      const { recorder, steps } = recordingRecorder();
      await assert.rejects(openStream(url, { recorder }), { message: `could not open the WebSocket ${url}: the server answered 404 instead of upgrading: no stream here` });
      assert.ok(steps[0]!.error, 'the open step failed');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('names the URL when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await assert.rejects(openStream(url, { recorder: recordingRecorder().recorder }), new RegExp(`could not open the WebSocket ${url}: .*ECONNREFUSED`));
  });
});

describe('ApiClient.events against the reference POD', () => {
  let pod: RunningPod;
  before(async () => {
    pod = await startPod();
  });
  after(() => pod.close());

  test('streams created, updated and deleted events, replays with since, and closes its streams', async () => {
    const api = new ApiClient({ baseUrl: `${pod.url}/api/v1`, recorder: recordingRecorder().recorder });
    const live = await api.events();
    await api.post('/enterprises', { body: { name: 'Streamed' } });
    await api.patch('/enterprises/streamed', { body: { description: 'changed' } });
    await api.delete('/enterprises/streamed');
    const deleted = await live.waitFor((m) => m.type === 'deleted' && m.id === 'streamed', 2000);
    assert.equal(deleted.data.description, 'changed');
    const mine = live.messages.filter((m: any) => m.id === 'streamed').map((m: any) => m.type);
    assert.deepEqual(mine, ['created', 'updated', 'deleted']);

    const replay = await api.events({ since: 0 });
    const created = await replay.waitFor((m) => m.type === 'created' && m.id === 'streamed', 1000);
    assert.equal(created.seq, 1);

    await api.close();
    assert.equal(live.closed, true);
    assert.equal(replay.closed, true);
  });
});
