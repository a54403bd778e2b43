import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../model/events.ts';
import { EventBus } from './event-bus.ts';
import { Redactor } from './redactor.ts';

const log = (text: string): RunEvent => ({ type: 'log', time: '2026-01-01T00:00:00.000Z', stream: 'stdout', text });

function captureStderr(): { text(): string; restore(): void } {
  const write = process.stderr.write;
  let text = '';
  process.stderr.write = ((chunk: string) => ((text += chunk), true)) as typeof process.stderr.write;
  return { text: () => text, restore: () => (process.stderr.write = write) };
}

test('every sink gets every event, redacted; a sink that throws is stopped and the others hear why', () => {
  const bus = new EventBus(new Redactor(['s3cret']));
  const good: RunEvent[] = [];
  bus.add('good', { onEvent: (event) => void good.push(event) });
  bus.add('bad', { onEvent: () => { throw new Error('disk full'); } });
  const stderr = captureStderr();
  try {
    bus.emit(log('token s3cret'));
    bus.emit(log('second'));
  } finally {
    stderr.restore();
  }
  assert.deepEqual(good.map((event) => event.type), ['log', 'error', 'log']);
  assert.ok(!JSON.stringify(good).includes('s3cret'), 'a secret reached a sink');
  assert.match(JSON.stringify(good[1]), /reporter \\"bad\\" failed and was stopped: disk full/);
  assert.match(stderr.text(), /reporter "bad" failed and was stopped: disk full/);
});

test('after end, an event reaches no sink and is named on stderr; a sink failing in its end is heard by the sinks still open', async () => {
  const bus = new EventBus(new Redactor([]));
  const first: RunEvent[] = [];
  const last: RunEvent[] = [];
  let closed = false;
  bus.add('first', { onEvent: (event) => { if (closed) throw new Error('EBADF'); first.push(event); }, onEnd: () => void (closed = true) });
  bus.add('failing end', { onEnd: () => { throw new Error('connection lost'); } });
  bus.add('last', { onEvent: (event) => void last.push(event) });
  const stderr = captureStderr();
  try {
    bus.emit(log('during'));
    await bus.end();
    bus.emit(log('after'));
  } finally {
    stderr.restore();
  }
  assert.deepEqual(first.map((event) => event.type), ['log'], 'a sink that ended got an event');
  assert.deepEqual(last.map((event) => event.type), ['log', 'error']);
  assert.match(JSON.stringify(last[1]), /failing end.*connection lost/);
  assert.match(stderr.text(), /a "log" event arrived after the run ended and was not recorded/);
  assert.doesNotMatch(stderr.text(), /EBADF/);
});
