import fs from 'node:fs';
import path from 'node:path';
import { evaluateGate, type GateInput } from './evaluate-gate.ts';
import type { ShardReport, ShardState } from './shard-rule.ts';
import type { RunBeginEvent, RunEvent } from '../model/events.ts';
import { runIdProblem } from '../model/run-id.ts';
import { buildRunState } from '../model/run-state.ts';
import type { Verdict } from '../model/verdict.ts';
import { EVENTS_FILE, readEvents, RunDirectoryError, VERDICT_FILE, writeVerdict } from '../archive/run-directory.ts';

export interface MergeOptions {
  /** The gate whose policy judges the merged run; default: the one the shards ran under. */
  gate?: string;
  policyOf(gate: string | null): GateInput['policy'];
  quarantine?: GateInput['quarantine'];
}

export interface MergeResult {
  verdict: Verdict;
  runId: string;
  report: ShardReport;
  /** The run directory each shard index was taken from (its latest attempt). */
  taken: Map<number, string>;
  events: number;
}

interface ShardDir {
  dir: string;
  begin: RunBeginEvent;
  events: RunEvent[];
  index: number;
  total: number;
  attempt: number;
}

/**
 * `tollgate merge DIR... --output DIR`: the run directories of a run's
 * shards become one run directory, as Playwright's merge-reports does:
 *
 * 1. Read each shard's events; all must be shards of one run id.
 * 2. Per shard index, the latest attempt counts (shardAttempt, then start).
 * 3. One run.begin with every shard's planned tests, then each shard's
 *    events in shard order, then one verdict judged over all of them with
 *    the shards rule (a missing or unfinished shard is ERROR), and run.end.
 * 4. The shards' artifacts are copied beside the merged events.ndjson.
 */
export function mergeRunDirectories(dirs: readonly string[], output: string, options: MergeOptions): MergeResult {
  const out = path.resolve(output);
  const shards = dirs.map((dir) => readShardDir(path.resolve(dir)));
  if (!shards.length) throw new RunDirectoryError('tollgate merge needs at least one shard run directory');
  for (const shard of shards) if (shard.dir === out) throw new RunDirectoryError(`--output ${output} is one of the shard directories; merge into a folder of its own`);
  const runIds = new Set(shards.map((s) => s.begin.runId));
  if (runIds.size > 1) throw new RunDirectoryError(`the directories hold different runs (${[...runIds].join(', ')}); merge the shards of one --run-id at a time`);
  const totals = new Set(shards.map((s) => s.total));
  if (totals.size > 1) throw new RunDirectoryError(`the shards disagree on how many there are (${[...totals].map((t) => `/${t}`).join(', ')}); merge the shards of one run`);
  const total = shards[0]!.total;

  const byIndex = new Map<number, ShardDir[]>();
  for (const shard of shards) byIndex.set(shard.index, [...(byIndex.get(shard.index) ?? []), shard]);
  const chosen: ShardDir[] = [];
  const states: ShardState[] = [];
  for (const [index, attempts] of [...byIndex].sort((a, b) => a[0] - b[0])) {
    attempts.sort((a, b) => a.attempt - b.attempt || (a.begin.time < b.begin.time ? -1 : a.begin.time > b.begin.time ? 1 : 0));
    const last = attempts.at(-1)!;
    chosen.push(last);
    const end = last.events.find((e) => e.type === 'run.end');
    states.push({
      index,
      attempt: last.attempt,
      host: last.begin.host,
      status: !end ? 'incomplete' : end.status === 'interrupted' ? 'interrupted' : 'complete',
      replaced: attempts.slice(0, -1).map((a) => ({ attempt: a.attempt, status: a.events.some((e) => e.type === 'run.end') ? 'ended' : 'incomplete' })),
    });
  }
  const report: ShardReport = { total, shards: states };

  const first = chosen.reduce((a, b) => (a.begin.time <= b.begin.time ? a : b));
  const tests = new Map(chosen.flatMap((s) => s.begin.tests.map((t) => [t.id, t] as const)));
  const begin: RunBeginEvent = {
    ...first.begin,
    tests: [...tests.values()],
    suites: chosen.flatMap((s) => s.begin.suites),
    workers: chosen.reduce((n, s) => n + s.begin.workers, 0),
    shard: null,
  };
  delete begin.shardAttempt;
  const merged: RunEvent[] = [begin];
  for (const shard of chosen) for (const event of shard.events) if (event.type !== 'run.begin' && event.type !== 'verdict' && event.type !== 'run.end') merged.push(event);

  const state = buildRunState(merged);
  const ends = chosen.map((s) => s.events.find((e) => e.type === 'run.end')).filter((e) => e !== undefined);
  const interrupted = ends.some((e) => e.status === 'interrupted');
  const gate = options.gate ?? begin.gate;
  const verdict = evaluateGate({
    state,
    gate,
    policy: options.policyOf(gate),
    runId: begin.runId,
    subject: begin.subject,
    environment: begin.environment,
    interrupted,
    quarantine: options.quarantine,
    startTime: begin.time,
    shards: report,
  });
  const endTime = ends.map((e) => e.time).sort().at(-1) ?? verdict.endTime;
  merged.push({ type: 'verdict', time: verdict.endTime, verdict });
  merged.push({ type: 'run.end', time: endTime, status: interrupted ? 'interrupted' : 'completed', duration: Date.parse(endTime) - Date.parse(begin.time) });

  fs.mkdirSync(out, { recursive: true });
  for (const shard of chosen) {
    for (const entry of fs.readdirSync(shard.dir)) {
      if (entry === EVENTS_FILE || entry === VERDICT_FILE) continue;
      fs.cpSync(path.join(shard.dir, entry), path.join(out, entry), { recursive: true, force: false, errorOnExist: false });
    }
  }
  fs.writeFileSync(path.join(out, EVENTS_FILE), merged.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeVerdict(out, verdict);
  return { verdict, runId: begin.runId, report, taken: new Map(chosen.map((s) => [s.index, s.dir])), events: merged.length };
}

function readShardDir(dir: string): ShardDir {
  const events = readEvents(dir);
  const begin = events.find((e) => e.type === 'run.begin');
  if (begin?.type !== 'run.begin') throw new RunDirectoryError(`${dir}/${EVENTS_FILE} has no run.begin event: it is not the start of a tollgate run`);
  const problem = runIdProblem(begin.runId);
  if (problem) throw new RunDirectoryError(`${dir}/${EVENTS_FILE}: its run id ${JSON.stringify(begin.runId)} ${problem}; a run id is a name (letters, digits, ".", "_", "-", not starting with a dot)`);
  const match = /^(\d+)\/(\d+)$/.exec(begin.shard ?? '');
  if (!match) throw new RunDirectoryError(`${dir} is not a shard's run directory (its run was not started with --shard i/n)`);
  return { dir, begin, events, index: Number(match[1]), total: Number(match[2]), attempt: begin.shardAttempt ?? 1 };
}
