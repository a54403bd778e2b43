import { formatValue } from './threshold-evaluate.ts';
import { mannWhitneyU, median } from './statistics-mann-whitney.ts';

/**
 * Baselines (issue 5, item 4): a metric's per-interval samples from this
 * run against the same metric of the same test in its last N passing runs
 * on the same environment. As in Kayenta, a regression needs both a
 * statistically clear shift (one-sided Mann-Whitney U, p < alpha) and an
 * effect larger than the allowed change (the medians' ratio), so noise
 * alone never fails a deploy and a tiny but certain shift does not either.
 */
export interface BaselineConfig {
  /** A per-interval metric series the test emits: 'latency.p99', 'latency.p50', 'rate', ... */
  metric: string;
  /** Only samples whose tags include these (e.g. { load: 'read' }). */
  tags?: Record<string, string>;
  /** Higher is worse (latency): the largest allowed rise of the median, '10%' or 0.1. */
  maxIncrease?: string | number;
  /** Lower is worse (throughput): the largest allowed fall of the median, '10%' or 0.1. */
  maxDecrease?: string | number;
  /**
   * The smallest absolute change of the median that counts, in the metric's
   * unit (µs for latency): a fast server's noise is large in percent and
   * small in time. Default 0.
   */
  minDelta?: number;
  /** How many earlier passing runs make the baseline. Default 5. */
  runs?: number;
  /** Fewer earlier runs than this: not enough history, said so in the verdict. Default 3. */
  minRuns?: number;
  /** The significance level. Default 0.05. */
  alpha?: number;
  /** What a regression does: fail the test and the gate (default) or only warn. */
  onRegression?: 'fail' | 'warn';
  /** What too little history does: an informational rule (default) or a warning. */
  onMissingHistory?: 'info' | 'warn';
}

export interface BaselineHistoryRun {
  runId: string;
  startTime?: string;
  values: number[];
}

export type BaselineStatus = 'pass' | 'regression' | 'insufficient-history';

export interface BaselineResult {
  metric: string;
  tags?: Record<string, string>;
  status: BaselineStatus;
  /** What the gate makes of it. */
  outcome: 'pass' | 'warn' | 'fail';
  unit?: string;
  currentMedian: number | null;
  baselineMedian: number | null;
  currentSamples: number;
  baselineSamples: number;
  baselineRuns: string[];
  /** Each earlier run's median, in baselineRuns' order: a report draws this run beside them. */
  baselineRunMedians?: number[];
  /** Relative change of the median, 0.12 = +12%. */
  change: number | null;
  pValue: number | null;
  /** '+10% (one-sided Mann-Whitney U, p < 0.05, last 5 passing runs)' */
  limit: string;
  message: string;
  /**
   * Set when the load generator could not hold its schedule (issue 13.8):
   * the load compared is not the one scheduled, so neither a regression nor
   * a pass can be told; the gate says ERROR naming the generator.
   */
  inconclusive?: string;
}

export function parsePercent(value: string | number, what: string): number {
  if (typeof value === 'number' && value >= 0) return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(String(value));
  if (!match) throw new Error(`${what}: expected a share like '10%' or 0.1, got ${JSON.stringify(value)}`);
  return Number(match[1]) / 100;
}

export function validateBaselineConfig(config: BaselineConfig): void {
  if (!config || typeof config.metric !== 'string' || !config.metric) throw new Error(`baseline: expected { metric: 'latency.p99', maxIncrease: '10%' }, got ${JSON.stringify(config)}`);
  if ((config.maxIncrease === undefined) === (config.maxDecrease === undefined)) {
    throw new Error(`baseline "${config.metric}": give exactly one of maxIncrease (higher is worse, e.g. latency) or maxDecrease (lower is worse, e.g. rate)`);
  }
  parsePercent(config.maxIncrease ?? config.maxDecrease!, `baseline "${config.metric}"`);
}

export function compareWithBaseline(config: BaselineConfig, current: readonly number[], history: readonly BaselineHistoryRun[], unit?: string): BaselineResult {
  validateBaselineConfig(config);
  const increase = config.maxIncrease !== undefined;
  const allowed = parsePercent(config.maxIncrease ?? config.maxDecrease!, `baseline "${config.metric}"`);
  const alpha = config.alpha ?? 0.05;
  const wanted = config.runs ?? 5;
  const minRuns = config.minRuns ?? 3;
  const runs = history.filter((run) => run.values.length > 0).slice(0, wanted);
  const baseline = runs.flatMap((run) => run.values);
  const floor = config.minDelta ? ` and ${formatValue(config.minDelta, unit)}` : '';
  const limit = `${increase ? '+' : '-'}${round(allowed * 100)}%${floor} (one-sided Mann-Whitney U, p < ${alpha}, last ${wanted} passing runs)`;
  const base = {
    metric: config.metric,
    ...(config.tags ? { tags: config.tags } : {}),
    unit,
    currentSamples: current.length,
    baselineSamples: baseline.length,
    baselineRuns: runs.map((run) => run.runId),
    baselineRunMedians: runs.map((run) => median(run.values)),
    limit,
  };
  const name = `${config.metric}${config.tags ? `{${Object.entries(config.tags).map(([k, v]) => `${k}:${v}`).join(',')}}` : ''}`;
  if (runs.length < minRuns || current.length < 3) {
    const why = runs.length < minRuns
      ? `${runs.length} earlier passing run(s) with this metric on this environment, ${minRuns} needed`
      : `only ${current.length} sample(s) in this run, 3 needed (run longer or use shorter intervals)`;
    return {
      ...base,
      status: 'insufficient-history',
      outcome: config.onMissingHistory === 'warn' ? 'warn' : 'pass',
      currentMedian: current.length ? median(current) : null,
      baselineMedian: baseline.length ? median(baseline) : null,
      change: null,
      pValue: null,
      message: `${name}: no baseline yet (${why}); not compared`,
    };
  }
  const currentMedian = median(current);
  const baselineMedian = median(baseline);
  const test = mannWhitneyU(current, baseline);
  const pValue = increase ? test.pGreater : test.pLess;
  const change = baselineMedian === 0 ? (currentMedian === 0 ? 0 : Number.POSITIVE_INFINITY) : currentMedian / baselineMedian - 1;
  const delta = currentMedian - baselineMedian;
  const beyond = (increase ? change > allowed : change < -allowed) && Math.abs(delta) > (config.minDelta ?? 0);
  const regression = pValue < alpha && beyond;
  const changeText = Number.isFinite(change) ? `${change >= 0 ? '+' : ''}${round(change * 100)}%` : 'from zero';
  return {
    ...base,
    status: regression ? 'regression' : 'pass',
    outcome: regression ? (config.onRegression === 'warn' ? 'warn' : 'fail') : 'pass',
    currentMedian,
    baselineMedian,
    change: Number.isFinite(change) ? change : null,
    pValue,
    message:
      `${name}: median ${formatValue(currentMedian, unit)} against ${formatValue(baselineMedian, unit)} over ${runs.length} earlier passing run(s) ` +
      `(${changeText}, ${pValue < 0.0001 ? 'p < 0.0001' : `p = ${Math.round(pValue * 10_000) / 10_000}`}): ${regression ? `a regression beyond ${limit.split(' (')[0]}` : beyond ? 'a change, but not a significant one' : 'within the allowed change'}`,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
