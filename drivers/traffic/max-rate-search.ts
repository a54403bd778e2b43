import { parseDuration, type ThresholdsConfig } from 'tollgate/performance';
import type { GeneratorHealth } from './generator-health.ts';
import { LoadCheckError, LoadChecks, crossed, recordResults } from './load-checks.ts';
import type { HttpLoadOptions, TrafficClient } from './traffic-client.ts';

export interface MaxRateOptions extends Omit<HttpLoadOptions, 'scenario' | 'thresholds' | 'baseline' | 'throwOnFail' | 'name'> {
  name?: string;
  /** The p99 latency a rate must keep: '50ms', '800us', or milliseconds. */
  p99: string | number;
  /** The largest error rate a rate may have. Default 0.01. */
  maxErrorRate?: number;
  /** The first rate tried (per second). */
  start: number;
  /** The highest rate tried. */
  max: number;
  /** Each step multiplies the rate by this until a step fails. Default 2. */
  factor?: number;
  /** Bisection steps between the last good and the first bad rate. Default 2. */
  refine?: number;
  /** Each step's duration. Default '2s'. */
  step?: string | number;
  /** Thresholds on the result: `{ max_rate: ['value>=200'] }`. */
  thresholds?: ThresholdsConfig;
}

export interface MaxRateStep {
  rate: number;
  achieved: number;
  p99: number;
  errorRate: number;
  dropped: number;
  ok: boolean;
}

/**
 * The highest arrival rate at which p99 stays under a limit (issue 5,
 * item 5): constant-arrival-rate steps growing geometrically until one
 * misses the limit, then a bisection between the last good and the first
 * bad rate. A step that drops arrivals, falls short of its rate or errors
 * too often misses too. Bounded: at most log(max/start)/log(factor) + 1 +
 * refine steps.
 */
export async function findMaxRate(client: TrafficClient, options: MaxRateOptions): Promise<{ rate: number; steps: MaxRateStep[] }> {
  const { p99, maxErrorRate = 0.01, start, max, factor = 2, refine = 2, step = '2s', name = 'max-rate', thresholds, ...http } = options;
  if (!(start > 0) || !(max >= start) || !(factor > 1)) throw new Error(`traffic.findMaxRate: expected 0 < start <= max and factor > 1, got start ${start}, max ${max}, factor ${factor}`);
  const limitUs = parseDuration(p99, 'p99') * 1000;
  const checks = new LoadChecks(thresholds, undefined, `traffic.findMaxRate "${name}"`);
  const steps: MaxRateStep[] = [];
  const health = new Map<number, GeneratorHealth>();
  const attempt = async (rate: number): Promise<boolean> => {
    const result = await client.http({
      ...http,
      name: `${name}@${Math.round(rate)}`,
      scenario: { executor: 'constant-arrival-rate', rate, duration: step },
      throwOnFail: false,
    });
    const ok = result.latency.p99 <= limitUs && result.errorRate <= maxErrorRate && result.dropped === 0 && result.rate >= rate * 0.9;
    steps.push({ rate, achieved: Math.round(result.rate * 10) / 10, p99: result.latency.p99, errorRate: result.errorRate, dropped: result.dropped, ok });
    health.set(rate, result.generator);
    return ok;
  };
  let good = 0;
  let bad: number | undefined;
  for (let rate = start; ; rate = Math.min(max, rate * factor)) {
    if (await attempt(rate)) good = rate;
    else {
      bad = rate;
      break;
    }
    if (rate >= max) break;
  }
  for (let i = 0; bad !== undefined && good > 0 && i < refine; i++) {
    const middle = Math.round((good + bad) / 2);
    if (middle <= good || middle >= bad) break;
    if (await attempt(middle)) good = middle;
    else bad = middle;
  }
  client.context.sink?.({ type: 'metric', time: new Date().toISOString(), name: 'max_rate', value: good, unit: 'req/s', tags: { load: name }, ...(client.context.testId ? { testId: client.context.testId, attempt: client.context.attempt ?? 0 } : {}) });
  // The step that bounded the search decides: if its generator could not hold the rate, a low max_rate is the machine's, not the system's.
  const bounding = bad !== undefined ? health.get(bad) : undefined;
  const results = checks.final((metric) => (metric === 'max_rate' ? { kind: 'gauge', unit: 'req/s', count: steps.length, value: good, min: good, max: good } : undefined)).map((result) => ({
    ...result,
    ...(bounding ? { generator: `at ${bad}/s: ${bounding.summary}` } : {}),
    ...(bounding?.problems.length && !result.ok && result.value !== null ? { inconclusive: `inconclusive: at ${bad}/s ${bounding.problems.join('; ')}` } : {}),
  }));
  recordResults(client.context, results, [], name);
  await client.context.attach?.(`load ${name}.json`, JSON.stringify({ name, rate: good, p99Limit: p99, steps }, null, 2));
  if (results.some(crossed)) throw new LoadCheckError(name, results, []);
  return { rate: good, steps };
}
