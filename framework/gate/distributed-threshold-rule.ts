import type { AbortFlag } from '../archive/load-coordination.ts';
import type { OpenArchiveOptions } from '../archive/open-archive.ts';
import type { SqlConnection } from '../archive/sql-connection.ts';
import type { RuleResult } from '../model/verdict.ts';
import { combinedGeneratorHealth, judgeThresholds } from './generator-judgement.ts';
import { evaluateThreshold, type ThresholdResult } from './threshold-evaluate.ts';
import { parseMetricKey, parseThresholds, type ThresholdsConfig } from './threshold-parse.ts';

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
    const generators = combinedGeneratorHealth(load.generators);
    verdicts.push({
      testId: load.key.testId,
      load: load.key.load,
      instances: load.instances,
      intervals: Object.fromEntries(Array.from({ length: load.instances }, (_, i) => [i + 1, merged.intervals.get(i + 1) ?? 0])),
      // As each instance judges them (drivers/traffic): what a starved instance's generator can explain is inconclusive.
      thresholds: judgeThresholds(
        parsed.map((threshold) => {
          const result = evaluateThreshold(threshold, merged.lookup);
          if (result.value !== null || names.includes(threshold.metric)) return result;
          return { ...result, message: `${threshold.key}: the load's instances recorded no metric "${threshold.metric}"` };
        }),
        generators,
        (key) => {
          // An HTTP request's fastest time counts from its actual send (http_req_service): the generators' send lag left out.
          const { metric, tags } = parseMetricKey(key);
          return merged.lookup(metric === 'http_req_duration' ? 'http_req_service' : metric, tags)?.min;
        },
      ),
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
 * crossed or an instance never reported; ERROR (naming the generators) when
 * a crossing is inconclusive because an instance's load generator fell
 * behind, and nothing crossed by itself; null when the run had none. It
 * replaces, for these loads, the per-test `thresholds` rule's view (each
 * instance's annotations hold the same merged results when all went well).
 */
export function distributedThresholdRule(loads: readonly MergedLoadVerdict[]): RuleResult | null {
  if (!loads.length) return null;
  const problems: string[] = [];
  const inconclusive: string[] = [];
  const tests = new Set<string>();
  let held = 0;
  let first: ThresholdResult | undefined;
  let failed: ThresholdResult | undefined;
  for (const load of loads) {
    const silent = Object.entries(load.intervals).filter(([, n]) => n === 0).map(([i]) => i);
    if (silent.length) {
      problems.push(`load "${load.load}" (${load.testId}): instance(s) ${silent.join(', ')} of ${load.instances} reported no interval`);
      tests.add(load.testId);
    }
    for (const result of load.thresholds) {
      held++;
      if (result.ok && !result.inconclusive) continue;
      if (result.inconclusive) {
        inconclusive.push(`load "${load.load}" (${load.testId}), merged over ${load.instances} instances: ${result.message}; ${result.inconclusive} [load generators: ${result.generator}]`);
      } else {
        // A crossing the system made by itself fails the gate even beside inconclusive ones (threshold-rule.ts).
        failed ??= result;
        problems.push(`load "${load.load}" (${load.testId}), merged over ${load.instances} instances: ${result.message}`);
      }
      first ??= result;
      tests.add(load.testId);
    }
    if (load.abort) problems.push(`load "${load.load}" (${load.testId}) was aborted by instance ${load.abort.by}: ${load.abort.reason}`);
  }
  const shown = failed ?? first;
  return {
    rule: 'distributed-thresholds',
    outcome: problems.length ? 'fail' : inconclusive.length ? 'error' : 'pass',
    measured: shown ? `${shown.key} ${shown.aggregation} = ${shown.value ?? 'no samples'}` : problems.length ? problems.length : `${held} merged threshold(s) held`,
    limit: shown ? `${shown.key} ${shown.expression}` : 'every merged threshold holds and every instance reports',
    message: problems.length || inconclusive.length
      ? [...problems, ...(inconclusive.length ? [`${inconclusive.length} of ${held} merged threshold(s) inconclusive: ${inconclusive.join('; ')}`] : [])].join('; ')
      : `all ${held} threshold(s) of ${loads.length} distributed load(s) held on the merged histograms`,
    ...(tests.size ? { tests: [...tests] } : {}),
  };
}
