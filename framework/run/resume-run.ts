import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EVENTS_FILE, readEvents } from '../archive/run-directory.ts';
import { formatGap, type RunGap } from '../gate/gap-rule.ts';
import type { RunBeginEvent, RunEvent } from '../model/events.ts';
import { buildRunState, type RunState } from '../model/run-state.ts';
import { UsageError } from '../model/usage-error.ts';
import type { Plan } from '../plan/plan.ts';
import { readRunRecord, type RunRecord } from './run-record.ts';
import { isProcessAlive } from '../archive/process-alive.ts';

/** The metric a resumed run emits once per resume: its value is the gap in ms. */
export const RUN_GAP_METRIC = 'run.gap';

/**
 * A run that `tollgate run --resume` continues (issue 6): the same run id
 * and directory, the events the earlier process wrote (replayed to the
 * reporters and the archive, appended to, never rewritten), and the time
 * nothing ran between that process's last event and this one's start.
 */
export interface ResumeInput {
  runId: string;
  runDir: string;
  begin: RunBeginEvent;
  events: RunEvent[];
  /** The results so far, rebuilt from `events`. */
  state: RunState;
  record: RunRecord;
  /** Gaps of earlier resumes, then this one's. */
  gaps: RunGap[];
}

/**
 * RUN is a run directory (a path) or a run id under `outputDir`. Throws a
 * UsageError naming what was looked for when neither exists.
 */
export function findRunToResume(ref: string, cwd: string, outputDir: string | undefined): string {
  const asPath = path.resolve(cwd, ref);
  if (fs.existsSync(path.join(asPath, EVENTS_FILE))) return asPath;
  if (outputDir && !ref.includes('/') && !ref.includes(path.sep)) {
    const byId = path.join(outputDir, ref);
    if (fs.existsSync(path.join(byId, EVENTS_FILE))) return byId;
    const prefixed = fs.existsSync(outputDir) ? fs.readdirSync(outputDir).filter((name) => name.startsWith(ref)) : [];
    if (prefixed.length === 1) return path.join(outputDir, prefixed[0]!);
    if (prefixed.length > 1) throw new UsageError(`--resume ${ref}: ${prefixed.length} runs in ${outputDir} start with it (${prefixed.slice(0, 3).join(', ')}...); give more of the run id`);
  }
  throw new UsageError(`--resume ${ref}: no run directory there (no ${path.join(asPath, EVENTS_FILE)})${outputDir ? ` and no run with that id in ${outputDir}` : ''}; pass a run directory or a run id (tollgate runs lists them)`);
}

/** Reads what the earlier process left and checks that the run can be continued. */
export function loadResume(runDir: string, now = new Date()): ResumeInput {
  const record = readRunRecord(runDir);
  if (!record) throw new UsageError(`--resume: ${runDir} has no run.json (it was written by an older tollgate, or by tollgate report); start a new run instead`);
  const events = readEvents(runDir);
  const begin = events[0];
  if (begin?.type !== 'run.begin') throw new UsageError(`--resume: ${path.join(runDir, EVENTS_FILE)} does not start with run.begin: the run died before it began; start a new run instead`);
  if (begin.shard) {
    // Shards share one run id across machines; a shard run again is its next attempt (README, shards), not a resume.
    throw new UsageError(`--resume: run ${begin.runId} is shard ${begin.shard} of a sharded run; run the shard again with --shard ${begin.shard} --run-id ${begin.runId}, which is its next attempt`);
  }
  const ended = events.find((event) => event.type === 'run.end');
  if (ended) {
    const verdict = [...events].reverse().find((event) => event.type === 'verdict');
    throw new UsageError(`--resume: run ${begin.runId} already ended${verdict?.type === 'verdict' ? ` with verdict ${verdict.verdict.status}` : ''}; only a run whose process died (no run.end in events.ndjson) can be resumed`);
  }
  if (record.host === os.hostname() && record.pid !== undefined && record.pid !== process.pid && isProcessAlive(record.pid)) {
    throw new UsageError(`--resume: run ${begin.runId} is still being written by process ${record.pid}; stop it first (two processes must not write one run)`);
  }
  const last = events[events.length - 1]!;
  const gaps: RunGap[] = events
    .filter((event): event is Extract<RunEvent, { type: 'metric' }> => event.type === 'metric' && event.name === RUN_GAP_METRIC && event.testId === undefined)
    .map((event) => ({ since: event.tags?.since ?? '', resumedAt: event.tags?.resumedAt ?? event.time, ms: event.value }));
  gaps.push({ since: last.time, resumedAt: now.toISOString(), ms: Math.max(0, now.getTime() - Date.parse(last.time)) });
  return { runId: begin.runId, runDir, begin, events, state: buildRunState(events), record, gaps };
}

/**
 * The plan less what already finished: tests with a final outcome keep it
 * and do not run again; a test the earlier process was running runs again
 * (a soak in it continues from its checkpoint). Foreign suites run again
 * unless they ended.
 */
export function resumePlan(plan: Plan, resume: ResumeInput): Plan {
  const finished = (id: string) => {
    const outcome = resume.state.tests.get(id)?.outcome;
    return outcome !== undefined && outcome !== 'interrupted';
  };
  const endedSuites = new Set(resume.events.flatMap((event) => (event.type === 'suite.end' ? [event.suite] : [])));
  return {
    ...plan,
    files: plan.files.map((file) => ({ ...file, tests: file.tests.filter((test) => !finished(test.id)) })).filter((file) => file.tests.length > 0),
    foreignSuites: plan.foreignSuites.filter(({ suite }) => !endedSuites.has(suite.name)),
    // Load errors of the first part are in its events already.
    loadErrors: [],
  };
}

/**
 * What the resumed process says before it goes on: each attempt the
 * earlier process left running ends as interrupted (the test runs again as
 * a new attempt), then the gap, as a log line people read and a metric the
 * archive and reports keep.
 */
export function resumeEvents(resume: ResumeInput): RunEvent[] {
  const time = new Date().toISOString();
  const events: RunEvent[] = [];
  for (const result of resume.state.tests.values()) {
    const attempt = result.attempts[result.attempts.length - 1];
    if (!attempt || attempt.status !== 'running') continue;
    events.push({
      type: 'test.end',
      time,
      testId: result.test.id,
      attempt: attempt.attempt,
      status: 'interrupted',
      duration: Math.max(0, Date.parse(resume.gaps[resume.gaps.length - 1]!.since) - Date.parse(attempt.startTime)),
      errors: [{ message: 'The harness stopped while this attempt ran (killed, crashed or rebooted); tollgate run --resume runs the test again.' }],
      annotations: attempt.annotations,
    });
  }
  const gap = resume.gaps[resume.gaps.length - 1]!;
  events.push({ type: 'log', time, stream: 'stderr', text: `tollgate: run ${resume.runId} resumed after a gap of ${formatGap(gap.ms)} (last event ${gap.since}, resumed ${gap.resumedAt})\n` });
  events.push({ type: 'metric', time, name: RUN_GAP_METRIC, value: gap.ms, unit: 'ms', tags: { since: gap.since, resumedAt: gap.resumedAt } });
  return events;
}

