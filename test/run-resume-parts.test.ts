import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import type { RunEvent } from 'tollgate';
import { openArchiveSink } from '../framework/archive/archive-sink.ts';
import { openArchive } from '../framework/archive/open-archive.ts';
import { readEvents, RunDirectoryWriter } from '../framework/archive/run-directory.ts';
import type { Plan } from '../framework/plan/plan.ts';
import { loadResume, resumeEvents, resumePlan, RUN_GAP_METRIC } from '../framework/run/resume-run.ts';
import { writeRunRecord } from '../framework/run/run-record.ts';
import { fakeRunEvents, testCase } from './helpers/archive-events.ts';
import { createTestDatabase } from './helpers/postgres.ts';

/**
 * The parts of `tollgate run --resume` without processes (issue 6): what a
 * resume reads from a killed run's directory, the plan it keeps, the events
 * it begins with, a second resume's gaps, what it refuses, and the archive
 * ending with one run on SQLite and PostgreSQL. test/run-resume.test.ts
 * does the whole thing with SIGKILL.
 */
const dirs: string[] = [];
after(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const START = '2026-11-27T10:00:00.000Z';
const RUN_ID = '2026-11-27T10-00-00-000Z-abcd';

/** A killed run's directory: "done" passed, "soak" was running; the last line cut short by the kill. */
function killedRun(options: { shard?: string } = {}): { dir: string; events: RunEvent[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-resume-'));
  dirs.push(dir);
  const events = fakeRunEvents({ runId: RUN_ID, start: START, gate: 'promote', tests: { done: 'passed', soak: undefined }, killed: true });
  if (options.shard) (events[0] as Extract<RunEvent, { type: 'run.begin' }>).shard = options.shard;
  fs.writeFileSync(path.join(dir, 'events.ndjson'), events.map((e) => JSON.stringify(e)).join('\n') + '\n{"type":"metric","ti');
  writeRunRecord(dir, { version: 1, runId: RUN_ID, cwd: dir, configFile: null, paths: [], options: { gate: 'promote', duration: '72h' }, host: os.hostname(), pid: 999_999_999 });
  return { dir, events };
}

const plan = (): Plan => ({
  files: [{ file: '/p/a.spec.ts', suite: {} as Plan['files'][0]['suite'], tests: [testCase('done'), testCase('soak')] }],
  foreignSuites: [],
  excluded: [],
  excludedSuites: [],
  loadErrors: [],
});

test('a resume reads the killed run: its gap, the plan less what finished, the events it begins with', () => {
  const { dir, events } = killedRun();
  const now = new Date(Date.parse(START) + 65_000);
  const resume = loadResume(dir, now);
  assert.equal(resume.runId, RUN_ID);
  assert.equal(resume.events.length, events.length, 'the line cut by the kill is dropped');
  assert.equal(resume.gaps.length, 1);
  assert.equal(resume.gaps[0]!.since, events.at(-1)!.time);
  assert.equal(resume.gaps[0]!.ms, now.getTime() - Date.parse(events.at(-1)!.time));

  assert.deepEqual(resumePlan(plan(), resume).files.map((f) => f.tests.map((t) => t.title)), [['soak']], 'the passed test does not run again');

  const begun = resumeEvents(resume);
  assert.deepEqual(begun.map((e) => e.type), ['test.end', 'log', 'metric']);
  const interrupted = begun[0] as Extract<RunEvent, { type: 'test.end' }>;
  assert.equal(interrupted.testId, testCase('soak').id);
  assert.equal(interrupted.status, 'interrupted');
  assert.equal(interrupted.outcome, undefined, 'the test runs again: no outcome yet');
  assert.match((begun[1] as Extract<RunEvent, { type: 'log' }>).text, /^tollgate: run 2026-11-27T10-00-00-000Z-abcd resumed after a gap of 1m 5s/);
  assert.equal((begun[2] as Extract<RunEvent, { type: 'metric' }>).name, RUN_GAP_METRIC);

  // The writer appends after the cut line, and a second kill and resume adds its gap to the first.
  const writer = new RunDirectoryWriter(dir, { append: true });
  for (const event of begun) writer.onEvent(event);
  writer.onEnd();
  assert.equal(readEvents(dir).length, events.length + begun.length, 'appended, not rewritten');
  const second = loadResume(dir, new Date(Date.parse(begun.at(-1)!.time) + 30_000));
  assert.deepEqual(second.gaps.map((g) => Math.round(g.ms / 1000)), [65, 30]);
});

test('a resume refuses a run that ended, one whose process is alive, and one shard of a sharded run', () => {
  const ended = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-resume-'));
  dirs.push(ended);
  fs.writeFileSync(path.join(ended, 'events.ndjson'), fakeRunEvents({ runId: RUN_ID, start: START, tests: { a: 'passed' } }).map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeRunRecord(ended, { version: 1, runId: RUN_ID, cwd: ended, configFile: null, paths: [], options: {}, host: os.hostname(), pid: 999_999_999 });
  assert.throws(() => loadResume(ended), /run 2026-11-27T10-00-00-000Z-abcd already ended with verdict PASS; only a run whose process died/);

  const { dir } = killedRun();
  writeRunRecord(dir, { version: 1, runId: RUN_ID, cwd: dir, configFile: null, paths: [], options: {}, host: os.hostname(), pid: process.ppid });
  assert.throws(() => loadResume(dir), new RegExp(`still being written by process ${process.ppid}; stop it first`));

  assert.throws(() => loadResume(killedRun({ shard: '2/4' }).dir), /is shard 2\/4 of a sharded run; run the shard again with --shard 2\/4 --run-id/);

  const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-resume-'));
  dirs.push(bare);
  assert.throws(() => loadResume(bare), /has no run\.json/);
});

for (const backend of ['SQLite', 'PostgreSQL'] as const) {
  test(`${backend}: a resumed run ends as one complete run in the archive`, async () => {
    const { dir, events } = killedRun();
    const db = backend === 'PostgreSQL' ? await createTestDatabase() : undefined;
    const url = db?.url ?? path.join(dir, 'archive.db');
    try {
      // The first process archived part of the run, then died.
      const first = await openArchiveSink({ rootDir: dir, runDir: dir, url });
      for (const event of events) first.onEvent!(event);
      await first.onEnd!();

      const resume = loadResume(dir);
      const sink = await openArchiveSink({ rootDir: dir, runDir: dir, url, replaceRun: RUN_ID });
      const soakId = testCase('soak').id;
      const rest: RunEvent[] = [
        ...resume.events,
        ...resumeEvents(resume),
        { type: 'test.begin', time: new Date().toISOString(), testId: soakId, attempt: 0, workerIndex: 0 },
        { type: 'metric', time: new Date().toISOString(), name: 'soak.gap', value: 4000, unit: 'ms', testId: soakId, attempt: 0 },
        { type: 'test.end', time: new Date().toISOString(), testId: soakId, attempt: 0, status: 'passed', duration: 5, errors: [], annotations: [], outcome: 'passed' },
        ...fakeRunEvents({ runId: RUN_ID, start: START, tests: { done: 'passed', soak: 'passed' } }).slice(-2),
      ];
      for (const event of rest) sink.onEvent!(event);
      await sink.onEnd!();

      const archive = await openArchive({ rootDir: dir, url });
      try {
        const runs = await archive.runs();
        assert.deepEqual(runs.map((r) => [r.id, r.status, r.verdict?.status]), [[RUN_ID, 'complete', 'PASS']]);
        assert.equal(runs[0]!.counts.passed, 2, 'the test of the first part and the one run again');
        assert.equal(runs[0]!.counts.missing, 0);
      } finally {
        await archive.close();
      }
    } finally {
      await db?.drop();
    }
  });
}
