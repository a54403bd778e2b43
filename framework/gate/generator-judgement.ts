import type { BaselineResult } from './baseline-compare.ts';
import type { GeneratorVerdictInput } from '../model/generator-verdict.ts';
import type { ThresholdResult } from './threshold-evaluate.ts';

export type { GeneratorVerdictInput };

/**
 * Marks the thresholds the generator's own trouble can explain as
 * inconclusive, and notes the generator's health on each. With a generator
 * that held its schedule nothing changes. Otherwise, of the thresholds that
 * crossed:
 *  - an error rate (a ratio) stays judged: the system gave those answers;
 *  - a latency limit stays judged when even the fastest request, timed from
 *    when the generator actually sent it, took longer than the limit (a
 *    starved generator still catches some answers on time): a system slow
 *    by itself, like the POD's latency fault, still fails. When the fastest
 *    request was within the limit, the crossing may be the generator's (or,
 *    on a machine the system shares, the machine's): inconclusive; and so
 *    it is when the generator was starved (behind on most of its work), as
 *    then even its fastest timings carry its own delay;
 *  - anything else (counts of requests sent, rates per second) is inconclusive.
 *
 * `fastest` gives the least time of a threshold's metric ('http_req_duration{name:get}'), µs.
 */
export function judgeThresholds(results: ThresholdResult[], health: GeneratorVerdictInput, fastest: (key: string) => number | undefined): ThresholdResult[] {
  return results.map((result) => {
    const noted = { ...result, generator: health.summary };
    if (!health.problems.length || result.ok || result.value === null) return noted;
    if (result.unit === 'ratio') return noted;
    const reason = `inconclusive: ${health.problems.join('; ')}`;
    if (result.unit === 'us' && (result.operator === '<' || result.operator === '<=')) {
      const min = fastest(result.key);
      const slowByItself = min !== undefined && (result.operator === '<' ? min >= result.limit : min > result.limit);
      if (slowByItself && !health.starved) return noted;
      return {
        ...noted,
        inconclusive: health.starved
          ? `${reason}; it was behind on most of its work, so even its fastest timing (${min === undefined ? 'none' : ms(min)}) carries its own delay`
          : `${reason}; the fastest request took ${min === undefined ? 'an unknown time' : ms(min)}, within the limit, so the crossing may be the generator's, not the system's`,
      };
    }
    return { ...noted, inconclusive: reason };
  });
}

/**
 * Baseline comparisons of a load whose generator could not hold its
 * schedule are inconclusive, whichever way they went: a regression may be
 * the generator's delay, and a pass compares a lighter load than the one
 * the baseline runs carried. Comparisons without enough history stay as
 * they are (nothing was compared).
 */
export function judgeBaselines(results: BaselineResult[], health: GeneratorVerdictInput): BaselineResult[] {
  if (!health.problems.length) return results;
  return results.map((result) =>
    result.status === 'insufficient-history' ? result : { ...result, inconclusive: `inconclusive: ${health.problems.join('; ')} [load generator: ${health.summary}]` },
  );
}

/** The health of several generators (a distributed load's instances) as one: every problem, named by its instance. */
export function combinedGeneratorHealth(instances: ReadonlyMap<number, GeneratorVerdictInput>): GeneratorVerdictInput {
  const problems: string[] = [];
  const summaries: string[] = [];
  let starved = false;
  for (const [instance, health] of [...instances].sort(([a], [b]) => a - b)) {
    problems.push(...health.problems.map((problem) => `instance ${instance}: ${problem}`));
    summaries.push(`instance ${instance}: ${health.summary}`);
    starved ||= health.starved === true;
  }
  return { problems, ...(starved ? { starved } : {}), summary: summaries.join('; ') };
}

function ms(micros: number): string {
  return `${Math.round(micros / 100) / 10} ms`;
}
