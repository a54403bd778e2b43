import { findInstanceRuns, type InstanceRuns } from '../archive/instance-runs.ts';
import type { ShardAttempt, ShardedRunRecord, ShardStore } from '../archive/shard-store.ts';
import type { RunState } from '../model/run-state.ts';
import type { Verdict } from '../model/verdict.ts';
import { evaluateDistributedLoads } from './distributed-threshold-rule.ts';
import { evaluateGate, type GateInput } from './evaluate-gate.ts';
import { gateInstanceRun, pendingInstances } from './gate-instance-run.ts';
import type { Quarantine } from './quarantine.ts';
import type { ShardReport, ShardState } from './shard-rule.ts';

export interface ShardedGateOptions {
  runId: string;
  /** The gate whose policy judges the run; default: the gate the shards ran under. */
  gate?: string;
  policyOf(gate: string | null): GateInput['policy'];
  quarantine?: Quarantine;
  /** Milliseconds to keep polling until every shard has ended; 0 judges what is there now. */
  waitMs: number;
  pollMs?: number;
  /** Progress for people while waiting. */
  onWait?(message: string): void;
  /**
   * Signs the verdict before it is recorded (TOLLGATE_SIGNING_KEY, as
   * `tollgate run` does), from the run's results and the record of the run
   * its shards or instances made (subject, config); may amend it to ERROR.
   */
  sign?(verdict: Verdict, state: RunState, run: ShardedRunRecord): Verdict;
}

export interface ShardedGateResult {
  verdict: Verdict;
  /** Every attempt of every shard, by index then attempt (none for a run of load instances). */
  attempts: ShardAttempt[];
  /** Set for a sharded run. */
  report?: ShardReport;
  /** Set for a run of load instances without shards (`tollgate run --instance i/n --run-id ID`). */
  instances?: InstanceRuns;
}

export class NoShardsError extends Error {
  override name = 'NoShardsError';
}

/**
 * One verdict for a run made of shards (`tollgate gate --run-id ID`):
 *
 * 1. Mark shard attempts whose writer died as crashed: its pid on this
 *    machine, its heartbeat on any (archive/runner-liveness.ts).
 * 2. Until every shard 1..n has ended (or the wait runs out), poll.
 * 3. The latest attempt of each shard counts; earlier ones are listed as replaced.
 * 4. Rebuild the run's results from the archive and judge them with the
 *    gate's policy plus the shards rule; record the verdict on the run.
 */
export async function gateShardedRun(store: ShardStore, options: ShardedGateOptions): Promise<ShardedGateResult> {
  const deadline = Date.now() + options.waitMs;
  let attempts: ShardAttempt[];
  let instances: InstanceRuns | null = null;
  for (;;) {
    await store.sweepDeadShards(options.runId);
    attempts = await store.attempts(options.runId);
    // A run of load instances without --shard has no shard rows: its instances' runs are what reported.
    instances = attempts.length ? null : await findInstanceRuns(store.sql, options.runId);
    const waitingFor = attempts.length ? pendingShards(attempts) : instances ? pendingInstances(instances) : [];
    if (((attempts.length || instances) && !waitingFor.length) || Date.now() >= deadline) break;
    options.onWait?.(
      attempts.length ? `waiting for shard(s) ${waitingFor.join(', ')} of run ${options.runId}`
        : instances ? `waiting for load instance(s) ${waitingFor.join(', ')} of run ${options.runId}`
          : `waiting for the first shard or load instance of run ${options.runId}`,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 2000, Math.max(0, deadline - Date.now()))));
  }
  // Thresholds of distributed loads hold on the merge of every instance's histograms, not on any one test's view.
  const distributedLoads = await evaluateDistributedLoads(store.sql, options.runId);
  if (!attempts.length && instances) return gateInstanceRun(store, instances, distributedLoads, options);
  const run = await store.run(options.runId);
  if (!attempts.length || !run) {
    throw new NoShardsError(
      `no shard or load instance of run "${options.runId}" is in the archive ${store.location}: start them with tollgate run --shard i/n --run-id ${options.runId} ` +
        `(or --instance i/n --run-id ${options.runId}), or check TOLLGATE_ARCHIVE`,
    );
  }

  const report = shardReport(attempts);
  const current = new Map(report.shards.filter((s) => s.attempt !== undefined).map((s) => [s.index, s.attempt!]));
  const state = await store.runState(options.runId, report.total, current);
  const gate = options.gate ?? run.gate;
  const latest = report.shards.map((s) => attempts.find((a) => a.index === s.index && a.attempt === s.attempt)).filter((a): a is ShardAttempt => Boolean(a));
  const interrupted = latest.some((a) => a.status === 'interrupted');
  let verdict = evaluateGate({
    state,
    gate,
    policy: options.policyOf(gate),
    runId: options.runId,
    subject: run.subject,
    environment: run.environment,
    interrupted,
    quarantine: options.quarantine,
    startTime: run.startTime,
    shards: report,
    distributedLoads,
  });
  if (options.sign) verdict = options.sign(verdict, state, run);
  const ended = latest.map((a) => a.endTime).filter((t): t is string => Boolean(t)).sort();
  const complete = report.shards.every((s) => s.status === 'complete' || s.status === 'interrupted') && report.shards.length === report.total;
  const endTime = complete ? ended.at(-1) ?? null : null;
  await store.recordVerdict(options.runId, verdict, {
    status: !complete ? 'incomplete' : interrupted ? 'interrupted' : 'complete',
    endTime,
    duration: endTime ? Date.parse(endTime) - Date.parse(run.startTime) : null,
  });
  return { verdict, attempts, report };
}

/** Shard indices that have not ended yet (none reported, or the latest attempt still running). */
function pendingShards(attempts: ShardAttempt[]): number[] {
  if (!attempts.length) return [];
  const report = shardReport(attempts);
  const pending: number[] = [];
  for (let index = 1; index <= report.total; index++) {
    const shard = report.shards.find((s) => s.index === index);
    if (!shard || shard.status === 'running') pending.push(index);
  }
  return pending;
}

/** The latest attempt of each shard, with the attempts it replaced. */
export function shardReport(attempts: readonly ShardAttempt[]): ShardReport {
  const total = Math.max(1, ...attempts.map((a) => a.total));
  const shards: ShardState[] = [];
  for (let index = 1; index <= total; index++) {
    const mine = attempts.filter((a) => a.index === index).sort((a, b) => a.attempt - b.attempt);
    const last = mine.at(-1);
    if (!last) continue;
    shards.push({
      index,
      status: last.status,
      attempt: last.attempt,
      host: last.host,
      planHash: last.planHash,
      replaced: mine.slice(0, -1).map((a) => ({ attempt: a.attempt, status: a.status })),
    });
  }
  // Shards that disagree on the total cut different partitions: their plan hashes differ, and the rule says so.
  return { total, shards };
}
