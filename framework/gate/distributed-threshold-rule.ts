import type { AbortFlag } from '../archive/load-coordination.ts';
import type { OpenArchiveOptions } from '../archive/open-archive.ts';
import type { SqlConnection } from '../archive/sql-connection.ts';
import type { RuleResult } from '../model/verdict.ts';
import { evaluateThreshold, type ThresholdResult } from './threshold-evaluate.ts';
import { parseThresholds, type ThresholdsConfig } from './threshold-parse.ts';

/** One distributed load of a run, judged on the merge of all its instances. */
export interface MergedLoadVerdict {
  testId: string;
  load: string;
  instances: number;
  /** Intervals found per instance (an instance with none never reported). */
  intervals: Record<number, number>;
  thresholds: ThresholdResult[];
  /** Set when an abortOnFail threshold stopped every instance. */
  abort?: AbortFlag;
}

/**
 * Evaluates every distributed load of a run (issue 9, item 4) from the
 * archive alone: the thresholds each load was started with, held against
 * the merge of every instance's per-interval histograms. This is what
 * `tollgate gate --run-id ID` should count for those loads, rather than
 * any one instance's view.
 */
export async function evaluateDistributedLoads(conn: SqlConnection, runId: string): Promise<MergedLoadVerdict[]> {
  // Imported here: every run's gate loads this file for its rule, few runs have distributed loads, and HDR histograms are heavy to load.
  const { distributedLoads, LoadCoordination } = await import('../archive/load-coordination.ts');
  const { MergedLoadMetrics } = await import('./merged-load-metrics.ts');
  const verdicts: MergedLoadVerdict[] = [];
  for (const load of await distributedLoads(conn, runId)) {
    const merged = new MergedLoadMetrics();
    merged.add(await new LoadCoordination(conn, load.key).intervalsAfter(new Map(), load.instances));
    const parsed = parseThresholds(load.thresholds as ThresholdsConfig | undefined);
    const names = merged.names();
    verdicts.push({
      testId: load.key.testId,
      load: load.key.load,
      instances: load.instances,
      intervals: Object.fromEntries(Array.from({ length: load.instances }, (_, i) => [i + 1, merged.intervals.get(i + 1) ?? 0])),
      thresholds: parsed.map((threshold) => {
        const result = evaluateThreshold(threshold, merged.lookup);
        if (result.value !== null || names.includes(threshold.metric)) return result;
        return { ...result, message: `${threshold.key}: the load's instances recorded no metric "${threshold.metric}"` };
      }),
      ...(load.abort ? { abort: load.abort } : {}),
    });
  }
  return verdicts;
}

/** The same, opening the project's archive (TOLLGATE_ARCHIVE or the embedded file) for the call. */
export async function mergedLoadThresholds(options: OpenArchiveOptions & { runId: string }): Promise<MergedLoadVerdict[]> {
  const { openLoadConnection } = await import('../archive/load-coordination.ts');
  const conn = await openLoadConnection(options);
  try {
    return await evaluateDistributedLoads(conn, options.runId);
  } finally {
    await conn.close();
  }
}

/**
 * The gate's rule for distributed loads: fails when a merged threshold is
 * crossed or an instance never reported; null when the run had none. It
 * replaces, for these loads, the per-test `thresholds` rule's view (each
 * instance's annotations hold the same merged results when all went well).
 */
export function distributedThresholdRule(loads: readonly MergedLoadVerdict[]): RuleResult | null {
  if (!loads.length) return null;
  const problems: string[] = [];
  const tests = new Set<string>();
  let held = 0;
  let first: ThresholdResult | undefined;
  for (const load of loads) {
    const silent = Object.entries(load.intervals).filter(([, n]) => n === 0).map(([i]) => i);
    if (silent.length) {
      problems.push(`load "${load.load}" (${load.testId}): instance(s) ${silent.join(', ')} of ${load.instances} reported no interval`);
      tests.add(load.testId);
    }
    for (const result of load.thresholds) {
      held++;
      if (result.ok) continue;
      first ??= result;
      problems.push(`load "${load.load}" (${load.testId}), merged over ${load.instances} instances: ${result.message}`);
      tests.add(load.testId);
    }
    if (load.abort) problems.push(`load "${load.load}" (${load.testId}) was aborted by instance ${load.abort.by}: ${load.abort.reason}`);
  }
  return {
    rule: 'distributed-thresholds',
    outcome: problems.length ? 'fail' : 'pass',
    measured: first ? `${first.key} ${first.aggregation} = ${first.value ?? 'no samples'}` : problems.length ? problems.length : `${held} merged threshold(s) held`,
    limit: first ? `${first.key} ${first.expression}` : 'every merged threshold holds and every instance reports',
    message: problems.length ? problems.join('; ') : `all ${held} threshold(s) of ${loads.length} distributed load(s) held on the merged histograms`,
    ...(tests.size ? { tests: [...tests] } : {}),
  };
}
