import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { writeProject } from '../../test/helpers/run-inline.ts';
import type { ResolvedSuite } from '../model/config.ts';
import type { RunEvent } from '../model/events.ts';
import { makeTestId, type TestCase } from '../model/test-case.ts';
import { Dispatcher } from './dispatcher.ts';
import { WorkerHost } from './worker-host.ts';

const suite: ResolvedSuite = { name: 'unit', kind: 'unit', runner: 'native', tags: [], timeout: 30_000, retries: 0, files: ['*.spec.ts'], ignore: [] };

function testCase(file: string, title: string): TestCase {
  return {
    id: makeTestId(suite.name, file, [title]),
    title,
    titlePath: [title],
    suite: suite.name,
    kind: suite.kind,
    runner: 'native',
    location: { file, line: 2, column: 1 },
    tags: [],
    timeout: suite.timeout,
    retries: 0,
    annotations: [],
    expectedStatus: 'passed',
  };
}

// CI once caught this: a lane whose worker started slowly found the queue emptied by the other lane,
// failed on a missing job, and the run went on to close its reporters while the other lane still ran.
test('a lane whose worker starts after the queue emptied ends quietly, and the run waits for every lane', async (t) => {
  const rootDir = writeProject({
    'a.spec.ts': `import { test } from 'tollgate';\ntest('a', () => {});`,
    'b.spec.ts': `import { test } from 'tollgate';\ntest('b', () => {});`,
  });
  const start = WorkerHost.prototype.start;
  let starts = 0;
  // The second worker is slow to answer its init: the first runs both files meanwhile.
  WorkerHost.prototype.start = async function (this: WorkerHost, ...args: Parameters<typeof start>) {
    if (starts++ === 1) await new Promise((resolve) => setTimeout(resolve, 3000));
    return start.apply(this, args);
  };
  t.after(() => (WorkerHost.prototype.start = start));

  const events: RunEvent[] = [];
  let settled = false;
  const dispatcher = new Dispatcher({
    workers: 2,
    rootDir,
    runDir: path.join(rootDir, 'run'),
    environment: { name: 'none', endpoints: {}, variables: {}, secrets: {} },
    runFixtures: {},
    emit: (event) => {
      assert.ok(!settled, `an event after the dispatcher ended: ${JSON.stringify(event)}`);
      events.push(event);
    },
    signal: new AbortController().signal,
  });
  await dispatcher.run(['a.spec.ts', 'b.spec.ts'].map((file) => ({ file: path.join(rootDir, file), suite, tests: [testCase(file, file[0]!)] })));
  settled = true;

  const ends = events.filter((event): event is Extract<RunEvent, { type: 'test.end' }> => event.type === 'test.end');
  assert.deepEqual(ends.map((event) => [event.testId, event.status]).sort(), [
    ['unit › a.spec.ts › a', 'passed'],
    ['unit › b.spec.ts › b', 'passed'],
  ]);
  assert.equal(starts, 2, 'the slow worker was started');
  await new Promise((resolve) => setTimeout(resolve, 200));
});

// A worker retired after a timeout stops beside the fresh worker that takes the rest of its file; its grace
// period still belongs to the run, so what the timed-out test throws later is reported before run() ends.
test('a retired worker\'s late error reaches the run before the dispatcher ends, while a fresh worker runs the rest', async () => {
  const rootDir = writeProject({
    'a.spec.ts': [
      `import { test } from 'tollgate';`,
      `test('hangs', async () => { test.setTimeout(300); setTimeout(() => { throw new Error('after the timeout'); }, 700); await new Promise(() => {}); });`,
      `test('next', () => {});`,
    ].join('\n'),
  });
  const events: RunEvent[] = [];
  const dispatcher = new Dispatcher({
    workers: 1,
    rootDir,
    runDir: path.join(rootDir, 'run'),
    environment: { name: 'none', endpoints: {}, variables: {}, secrets: {} },
    runFixtures: {},
    emit: (event) => events.push(event),
    signal: new AbortController().signal,
  });
  const file = path.join(rootDir, 'a.spec.ts');
  await dispatcher.run([{ file, suite, tests: [testCase('a.spec.ts', 'hangs'), testCase('a.spec.ts', 'next')] }]);

  const ends = events.filter((event): event is Extract<RunEvent, { type: 'test.end' }> => event.type === 'test.end');
  assert.deepEqual(ends.map((event) => [event.testId, event.status]), [
    ['unit › a.spec.ts › hangs', 'timedOut'],
    ['unit › a.spec.ts › next', 'passed'],
  ]);
  const late = events.filter((event): event is Extract<RunEvent, { type: 'error' }> => event.type === 'error');
  assert.equal(late.length, 1, JSON.stringify(events));
  assert.equal(late[0]!.source, 'late');
  assert.equal(late[0]!.file, 'a.spec.ts');
  assert.match(late[0]!.error.message, /^test "hangs" had ended when code it started threw .*: after the timeout$/);
});
