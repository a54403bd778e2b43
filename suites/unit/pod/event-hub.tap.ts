// The event hub: numbering, fan-out, unsubscribe, history for late clients.
import t from 'tap';
import { EventHub, type ChangeEvent } from '../../../environments/local/pod/event-hub.ts';
import type { Change } from '../../../environments/local/pod/store.ts';

const change = (id: string, type: Change['type'] = 'created'): Change => ({
  type,
  resource: 'enterprises',
  id,
  data: { id, name: id.toUpperCase() },
});

t.test('events are numbered from 1 and stamped with the time', async (t) => {
  const hub = new EventHub(10, () => new Date('2026-01-02T03:04:05.000Z'));
  t.equal(hub.lastSeq, 0);
  const first = hub.publish(change('a'));
  const second = hub.publish(change('a', 'updated'));
  t.strictSame(first, { ...change('a'), seq: 1, time: '2026-01-02T03:04:05.000Z' });
  t.equal(second.seq, 2);
  t.equal(second.type, 'updated');
  t.equal(hub.lastSeq, 2);
});

t.test('every subscriber gets every later event until it unsubscribes', async (t) => {
  const hub = new EventHub();
  hub.publish(change('before'));
  const a: string[] = [];
  const b: string[] = [];
  const stopA = hub.subscribe((e) => a.push(e.id));
  hub.subscribe((e) => b.push(e.id));
  t.equal(hub.subscriberCount, 2);
  hub.publish(change('one'));
  stopA();
  hub.publish(change('two'));
  t.strictSame(a, ['one']);
  t.strictSame(b, ['one', 'two']);
  t.equal(hub.subscriberCount, 1);
});

t.test('a subscriber that throws does not stop the others', async (t) => {
  const hub = new EventHub();
  const got: number[] = [];
  hub.subscribe(() => {
    throw new Error('broken client');
  });
  hub.subscribe((e) => got.push(e.seq));
  t.doesNotThrow(() => hub.publish(change('x')));
  t.strictSame(got, [1]);
});

t.test('a subscriber may unsubscribe while being called', async (t) => {
  const hub = new EventHub();
  const got: string[] = [];
  const stop = hub.subscribe(() => stop());
  hub.subscribe((e) => got.push(e.id));
  hub.publish(change('x'));
  hub.publish(change('y'));
  t.strictSame(got, ['x', 'y']);
  t.equal(hub.subscriberCount, 1);
});

t.test('since() returns kept events after a seq, the oldest dropped first', async (t) => {
  const hub = new EventHub(3);
  for (const id of ['a', 'b', 'c', 'd', 'e']) hub.publish(change(id));
  const seqs = (events: ChangeEvent[]) => events.map((e) => e.seq);
  t.strictSame(seqs(hub.since(0)), [3, 4, 5]);
  t.strictSame(seqs(hub.since(4)), [5]);
  t.strictSame(hub.since(5), []);
});
