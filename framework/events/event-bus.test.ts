import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunEvent } from '../model/events.ts';
import type { Reporter } from '../model/reporter.ts';
import type { Verdict } from '../model/verdict.ts';
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

test('ending: reporters that write elsewhere end first, then the terminal, then the record; a failure is judged before the next turn', async () => {
  const bus = new EventBus(new Redactor([]));
  const heard: string[] = [];
  const errors: string[] = [];
  bus.listen((event) => void (event.type === 'error' && errors.push(event.error.message)));
  const sink = (name: string, extra: Partial<Reporter> = {}): Reporter => ({
    onEvent: (event) => void (event.type === 'verdict' && heard.push(`${name} heard ${event.verdict.status}`)),
    onEnd: () => void heard.push(`${name} ended`),
    ...extra,
  });
  bus.add('run directory', sink('run directory'), { record: true });
  bus.add('archive', sink('archive'), { record: true });
  bus.add('console', sink('console', { printsToStdout: true }));
  bus.add('junit', sink('junit', { onEnd: () => { throw new Error('ENOSPC'); } }));
  const judge = () => ({ status: errors.length ? 'FAIL' : 'PASS', exitCode: errors.length ? 1 : 0 }) as Verdict;
  const stderr = captureStderr();
  let verdict: Verdict | undefined;
  try {
    verdict = await bus.end({ judge, runEnd: { type: 'run.end', time: '2026-01-01T00:00:00.000Z', status: 'completed', duration: 1 } });
  } finally {
    stderr.restore();
  }
  assert.deepEqual(heard, ['junit heard PASS', 'console heard FAIL', 'console ended', 'archive heard FAIL', 'archive ended', 'run directory heard FAIL', 'run directory ended']);
  assert.equal(verdict?.status, 'FAIL');
  assert.match(errors.join(), /reporter "junit" failed and was stopped: ENOSPC/);
  assert.doesNotMatch(stderr.text(), /verdict is now/, 'nothing on the terminal showed the earlier verdict');
});

test('ending: a record sink failing after the console showed the verdict is corrected on stderr', async () => {
  const bus = new EventBus(new Redactor([]));
  let failed = false;
  bus.listen((event) => void (event.type === 'error' && (failed = true)));
  bus.add('archive', { onEnd: () => { throw new Error('database is locked'); } }, { record: true });
  bus.add('console', { printsToStdout: true });
  const stderr = captureStderr();
  let verdict: Verdict | undefined;
  try {
    verdict = await bus.end({ judge: () => ({ status: failed ? 'FAIL' : 'PASS', exitCode: failed ? 1 : 0 }) as Verdict, runEnd: { type: 'run.end', time: '2026-01-01T00:00:00.000Z', status: 'completed', duration: 1 } });
  } finally {
    stderr.restore();
  }
  assert.equal(verdict?.exitCode, 1);
  assert.match(stderr.text(), /the verdict is now FAIL \(exit code 1\), not PASS/);
});
