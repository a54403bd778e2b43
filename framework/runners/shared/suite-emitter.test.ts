import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResolvedSuite } from '../../model/config.ts';
import type { RunEvent } from '../../model/events.ts';
import { eventsOfType } from './runner-test-context.ts';
import { SuiteEmitter } from './suite-emitter.ts';

const suite: ResolvedSuite = { name: 's', kind: 'smoke', runner: 'command', tags: ['t'], timeout: 5000, retries: 2, files: [], ignore: [] };

function emitter(retries = 0) {
  const events: RunEvent[] = [];
  let clock = 10_000;
  const e = new SuiteEmitter({ suite, runner: 'command', emit: (ev) => events.push(ev), retries, now: () => (clock += 1000) });
  return { e, events };
}

describe('SuiteEmitter', () => {
  it('emits test.add once, then begin, steps, logs and end with an outcome on the last attempt', () => {
    const { e, events } = emitter();
    e.report({
      titlePath: ['g', 't'],
      file: 'x.js',
      attempts: [
        { status: 'failed', duration: 200, errors: [{ message: 'first' }] },
        { status: 'passed', duration: 100, errors: [], steps: [{ title: 'check', category: 'expect', duration: 0 }], logs: [{ stream: 'stdout', text: 'hi' }] },
      ],
    });
    assert.deepEqual(events.map((ev) => ev.type), ['test.add', 'test.begin', 'test.end', 'test.begin', 'step.begin', 'step.end', 'log', 'test.end']);
    const [add] = eventsOfType(events, 'test.add');
    assert.deepEqual(add.test, {
      id: 's › x.js › g › t', title: 't', titlePath: ['g', 't'], suite: 's', kind: 'smoke', runner: 'command',
      location: { file: 'x.js', line: 0, column: 0 }, tags: ['t'], timeout: 5000, retries: 2, annotations: [], expectedStatus: 'passed',
    });
    const ends = eventsOfType(events, 'test.end');
    assert.deepEqual(ends.map((ev) => [ev.attempt, ev.status, ev.outcome]), [[0, 'failed', undefined], [1, 'passed', 'flaky']]);
    const [begin] = eventsOfType(events, 'test.begin');
    assert.equal(Date.parse(ends[0].time) - Date.parse(begin.time), 200, 'begin time is end time minus duration');
    assert.deepEqual(e.stats, { tests: 1, passed: 0, failed: 0, flaky: 1, skipped: 0, interrupted: 0 });
  });

  it('keeps a failed test pending while retries remain, and drops a test already final in a rerun', () => {
    const { e, events } = emitter(1);
    e.report({ titlePath: ['a'], file: 'f.js', attempts: [{ status: 'failed', duration: 1, errors: [] }] });
    e.report({ titlePath: ['b'], file: 'f.js', attempts: [{ status: 'passed', duration: 1, errors: [] }] });
    assert.deepEqual(e.pending(), [{ testId: 's › f.js › a', file: 'f.js' }]);
    e.startPass();
    e.report({ titlePath: ['a'], file: 'f.js', attempts: [{ status: 'failed', duration: 1, errors: [] }] });
    assert.equal(e.report({ titlePath: ['b'], file: 'f.js', attempts: [{ status: 'passed', duration: 1, errors: [] }] }), undefined);
    assert.deepEqual(e.pending(), []);
    const ends = eventsOfType(events, 'test.end').map((ev) => [ev.testId, ev.attempt, ev.outcome]);
    assert.deepEqual(ends, [['s › f.js › a', 0, undefined], ['s › f.js › b', 0, 'passed'], ['s › f.js › a', 1, 'failed']]);
  });

  it('closes pending tests with a last attempt that says why', () => {
    const { e, events } = emitter(3);
    e.report({ titlePath: ['a'], file: 'f.js', attempts: [{ status: 'failed', duration: 1, errors: [] }] });
    e.closePending({ message: 'interrupted' }, 'interrupted');
    const last = eventsOfType(events, 'test.end').at(-1);
    assert.deepEqual([last?.attempt, last?.status, last?.outcome, last?.errors], [1, 'interrupted', 'interrupted', [{ message: 'interrupted' }]]);
  });
});
