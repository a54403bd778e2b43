import { recordInstanceVerdict, type InstanceRuns } from '../archive/instance-runs.ts';
import type { ShardStore } from '../archive/shard-store.ts';
import { createRunState, type RunState, type TestResult } from '../model/run-state.ts';
import type { MergedLoadVerdict } from './distributed-threshold-rule.ts';
import { evaluateGate } from './evaluate-gate.ts';
import type { ShardedGateOptions, ShardedGateResult } from './gate-sharded-run.ts';
import type { InstanceReport } from './instance-rule.ts';

/** Instance indices that have not ended yet (no run recorded, or it is still running). */
export function pendingInstances(found: InstanceRuns): number[] {
  const pending: number[] = [];
  for (let index = 1; index <= found.total; index++) {
    const run = found.runs.find((r) => r.index === index);
    if (!run || run.status === 'running') pending.push(index);
  }
  return pending;
}

/**
 * One verdict for a run made of load instances without shards
 * (`tollgate run --instance i/n --run-id ID` on n machines):
 *
 * - every instance 1..n must have recorded a run that ended (the
 *   `instances` rule: missing, crashed or unfinished is ERROR);
 * - the instances' tests are judged together: a test id every instance ran
 *   counts once, with its worst outcome (failed on any instance fails it);
 * - the run's distributed loads are judged on their merged histograms;
 * - the verdict is recorded on every instance's run.
 */
export async function gateInstanceRun(
  store: ShardStore,
  found: InstanceRuns,
  distributedLoads: readonly MergedLoadVerdict[],
  options: ShardedGateOptions,
): Promise<ShardedGateResult> {
  const states = await Promise.all(found.runs.map((run) => store.runState(run.runId, 1, new Map([[1, 1]]))));
  const state = mergeInstanceStates(states);
  const first = found.runs[0];
  const gate = options.gate ?? first?.gate ?? null;
  const report: InstanceReport = {
    total: found.total,
    instances: found.runs.map((run) => ({ index: run.index, runId: run.runId, status: run.status, host: run.host })),
  };
  const interrupted = found.runs.some((run) => run.status === 'interrupted');
  let verdict = evaluateGate({
    state,
    gate,
    policy: options.policyOf(gate),
    runId: found.runId,
    subject: found.runs.find((run) => run.subject)?.subject ?? null,
    environment: first?.environment ?? 'unknown',
    interrupted,
    quarantine: options.quarantine,
    startTime: found.runs.map((run) => run.startTime).sort()[0] ?? new Date().toISOString(),
    instances: report,
    distributedLoads,
  });
  if (options.sign && first) verdict = options.sign(verdict, state, { ...first, subject: verdict.subject });
  await recordInstanceVerdict(store.sql, found.runs, verdict);
  return { verdict, attempts: [], instances: found };
}

/** Worst first: a test that failed on one instance failed. */
const RANK: Record<string, number> = { failed: 6, interrupted: 5, missing: 4, flaky: 3, passed: 2, skipped: 1 };

/** The instances' results as one run: each test id once, with the worst outcome any instance gave it. */
export function mergeInstanceStates(states: readonly RunState[]): RunState {
  const merged = createRunState();
  for (const state of states) {
    for (const [id, result] of state.tests) {
      const held = merged.tests.get(id);
      if (!held || rank(result) > rank(held)) merged.tests.set(id, result);
    }
    merged.errors.push(...state.errors);
    for (const [suite, error] of state.suiteErrors) if (!merged.suiteErrors.has(suite)) merged.suiteErrors.set(suite, error);
  }
  return merged;
}

function rank(result: TestResult): number {
  return RANK[result.outcome ?? 'missing'] ?? 0;
}
