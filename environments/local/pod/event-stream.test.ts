import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { WebSocket } from 'ws';
import { startPod, type RunningPod } from './pod.ts';
import { schemas } from './schemas.ts';
import { SLICE, call, collect } from './test-support.ts';

const validateEvent = new Ajv2020({ strict: true }).compile(schemas.event);

describe('POD change-event stream', () => {
  let pod: RunningPod;
  let api: string;
  let events: string;
  before(async () => {
    pod = await startPod();
    api = `${pod.url}/api/v1`;
    events = `${pod.url.replace('http', 'ws')}/api/v1/events`;
  });
  after(() => pod.close());

  test('sends created, updated and deleted events in order', async () => {
    const stream = await collect(events);
    try {
      await call(api, 'POST', '/slices', { ...SLICE, name: 'Stream' });
      await call(api, 'PATCH', '/slices/stream', { sst: 7 });
      await call(api, 'DELETE', '/slices/stream');
      const deleted = await stream.waitFor((m) => m.type === 'deleted' && m.id === 'stream');
      const mine = stream.messages.filter((m) => m.id === 'stream');
      assert.deepEqual(
        mine.map((m) => m.type),
        ['created', 'updated', 'deleted'],
      );
      for (const message of mine) assert.ok(validateEvent(message), JSON.stringify(validateEvent.errors));
      assert.equal(mine[0].resource, 'slices');
      assert.equal(mine[0].data.name, 'Stream');
      assert.equal(mine[1].data.sst, 7);
      assert.equal(deleted.data.sst, 7, 'a deleted event carries the last state');
      assert.ok(mine[0].seq < mine[1].seq && mine[1].seq < mine[2].seq);
    } finally {
      stream.close();
    }
  });

  test('does not send events for rejected changes', async () => {
    const stream = await collect(events);
    try {
      await call(api, 'POST', '/slices', { ...SLICE, sst: 0 });
      await call(api, 'POST', '/enterprises', { name: 'Marker' });
      const marker = await stream.waitFor((m) => m.id === 'marker');
      assert.deepEqual(stream.messages, [marker]);
    } finally {
      stream.close();
    }
  });

  test('replays kept events after ?since=N', async () => {
    await call(api, 'POST', '/enterprises', { name: 'Late One' });
    const stream = await collect(`${events}?since=0`);
    try {
      const replayed = await stream.waitFor((m) => m.id === 'late-one');
      assert.equal(replayed.type, 'created');
      assert.equal(stream.messages[0].seq, 1, 'replay starts with the oldest kept event');
    } finally {
      stream.close();
    }
  });

  test('refuses other upgrade paths and a bad ?since', async () => {
    for (const [url, expected] of [
      [`${pod.url.replace('http', 'ws')}/api/v1/nope`, 404],
      [`${events}?since=x`, 400],
    ] as const) {
      const ws = new WebSocket(url);
      ws.on('error', () => {});
      const status = await new Promise<number>((resolve) =>
        ws.on('unexpected-response', (req, res) => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        }),
      );
      assert.equal(status, expected, url);
    }
  });

  test('a plain GET of the stream says to use WebSocket', async () => {
    const answer = await call(api, 'GET', '/events');
    assert.equal(answer.status, 400);
    assert.match(answer.body.message, /WebSocket/);
  });
});
