import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LogEvent, RunEvent } from '../model/events.ts';
import { LogRedaction } from './log-redaction.ts';
import { REDACTED, Redactor } from './redactor.ts';

const time = '2026-01-01T00:00:00.000Z';
const log = (text: string, testId?: string, stream: 'stdout' | 'stderr' = 'stdout'): LogEvent => ({ type: 'log', time, stream, text, ...(testId ? { testId, attempt: 0 } : {}) });
const testEnd = (testId: string): RunEvent => ({ type: 'test.end', time, testId, attempt: 0, status: 'passed', duration: 1, errors: [], annotations: [] });

function texts(events: RunEvent[]): string[] {
  return events.map((e) => (e.type === 'log' ? `${e.testId ?? '-'}/${e.stream}: ${e.text}` : e.type));
}

test('each test and stream is joined on its own; held output is released before its test ends and before the verdict', () => {
  const logs = new LogRedaction(new Redactor(['hunter2']));
  const out: RunEvent[] = [];
  for (const event of [
    log('a: hun', 'a'),
    log('b: hun', 'b'),
    log('err hun', 'a', 'stderr'),
    log('ter2\n', 'a'),
    log('gry\n', 'b'),
    log('outside: hunt'),
    testEnd('a'),
    log('ter2', 'b', 'stderr'),
    log('hun', 'b'),
    testEnd('b'),
    { type: 'verdict', time } as unknown as RunEvent,
  ]) out.push(...logs.pass(event));
  assert.deepEqual(texts(out), [
    'a/stdout: a: ',
    'b/stdout: b: ',
    'a/stderr: err ',
    `a/stdout: ${REDACTED}\n`,
    'b/stdout: hungry\n',
    '-/stdout: outside: ',
    'a/stderr: hun', // its test ended: what it held goes before test.end, as it was (no secret)
    'test.end',
    'b/stderr: ter2', // another test's stream: the 'err hun' of a is never joined to it
    'b/stdout: hun',
    'test.end',
    '-/stdout: hunt',
    'verdict',
  ]);
});

test('without secrets every event passes unchanged', () => {
  const logs = new LogRedaction(new Redactor([]));
  const event = log('hun', 'a');
  assert.deepEqual(logs.pass(event), [event]);
});
