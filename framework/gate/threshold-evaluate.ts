import { ThresholdSyntaxError, type ParsedThreshold } from './threshold-parse.ts';

/**
 * Thresholds held against aggregated metrics (issue 5, item 3). The traffic
 * driver evaluates them live (for abortOnFail) and at the end; what it
 * records is a ThresholdResult, which the gate's `thresholds` rule reads.
 */

/** k6's metric types: a trend has percentiles, a rate is a share of non-zero samples, a counter counts. */
export type MetricKind = 'trend' | 'rate' | 'counter' | 'gauge';

/** One metric (or one tag-filtered sub-metric) as aggregated so far. */
export interface MetricView {
  kind: MetricKind;
  /** 'us' for durations (recorded in microseconds), 'B' for bytes, ... */
  unit?: string;
  count: number;
  /** trend: value at percentile 0-100. */
  percentile?(p: number): number;
  avg?: number;
  min?: number;
  max?: number;
  /** rate metric: the share of non-zero samples; counter: per second. */
  rate?: number;
  /** gauge: the last value. */
  value?: number;
}

export type MetricLookup = (metric: string, tags: Record<string, string>) => MetricView | undefined;

/** The series of a metric whose tags hold every tag of the filter (a threshold's `metric{tag:value}`). */
export function seriesMatching<S extends { tags: Record<string, string> }>(series: Iterable<S> | undefined, filter: Record<string, string>): S[] {
  const wanted = Object.entries(filter);
  return [...(series ?? [])].filter((s) => wanted.every(([k, v]) => s.tags[k] === v));
}

/** A rate metric over several parts (tag series, load instances): the share of non-zero samples in all of them. */
export function rateView(parts: Iterable<{ total: number; hits: number }>): MetricView {
  let total = 0;
  let hits = 0;
  for (const part of parts) (total += part.total), (hits += part.hits);
  return { kind: 'rate', unit: 'ratio', count: total, rate: total ? hits / total : 0 };
}

/** A counter over several parts: their sum, and that per second of the load's elapsed time. */
export function counterView(sums: number[], unit: string | undefined, elapsedSeconds: number): MetricView {
  const sum = sums.reduce((acc, value) => acc + value, 0);
  return { kind: 'counter', unit, count: sum, rate: sum / Math.max(elapsedSeconds, 1e-9) };
}

/**
 * k6's built-in counters (and the traffic driver's own): a counter that was
 * never incremented counts 0, as in k6, so `dropped_iterations: ['count==0']`
 * holds on a healthy run. Trends, rates and gauges with no samples measured
 * nothing: their thresholds are not judged.
 */
export const BUILT_IN_COUNTERS: ReadonlySet<string> = new Set([
  'dropped_iterations',
  'iterations',
  'http_reqs',
  'data_received',
  'data_sent',
  'ws_msgs_sent',
  'ws_msgs_received',
  'ws_sessions',
  'grpc_streams',
  'grpc_streams_msgs_sent',
  'grpc_streams_msgs_received',
  'errors',
  'ws_triggers',
  'stream_bits',
]);

/** A lookup that answers a built-in counter never incremented with 0 (see BUILT_IN_COUNTERS). */
export function withZeroCounters(lookup: MetricLookup, elapsedSeconds: () => number): MetricLookup {
  return (metric, tags) => lookup(metric, tags) ?? (BUILT_IN_COUNTERS.has(metric) ? counterView([], undefined, elapsedSeconds()) : undefined);
}

export interface ThresholdResult {
  key: string;
  expression: string;
  /** 'p(95)', 'rate', ... */
  aggregation: string;
  /** The measured value in the metric's unit; null when the metric had no samples: the threshold was not judged. */
  value: number | null;
  /** The limit in the metric's unit. */
  limit: number;
  operator: string;
  unit?: string;
  ok: boolean;
  abortOnFail: boolean;
  /** 'http_req_duration{name:read} p(95) = 61,234 µs, limit < 200 ms (200,000 µs)' */
  message: string;
  /**
   * Set when the load generator could not hold its schedule and that can
   * explain this result (drivers/traffic/generator-health.ts): the threshold
   * is inconclusive, and the gate says ERROR naming the generator.
   */
  inconclusive?: string;
  /** The generator's health during the load, shown beside the value ('send lag p99 1.2 ms, event loop p99 ...'). */
  generator?: string;
}

const TO_MICROSECONDS = { us: 1, ms: 1000, s: 1_000_000 } as const;

/** The limit in the metric's own unit: bare numbers on durations are milliseconds, as in k6. */
export function limitInMetricUnit(threshold: ParsedThreshold, unit: string | undefined): number {
  const duration = unit === 'us' || unit === 'ms' || unit === 's';
  if (!duration) {
    if (threshold.limitUnit) throw new ThresholdSyntaxError(`"${threshold.expression}" on ${threshold.key}: a unit suffix only applies to duration metrics, and this metric's unit is ${unit ?? 'none'}`);
    return threshold.limit;
  }
  const given = TO_MICROSECONDS[threshold.limitUnit ?? 'ms'];
  return (threshold.limit * given) / TO_MICROSECONDS[unit];
}

export function evaluateThreshold(threshold: ParsedThreshold, lookup: MetricLookup): ThresholdResult {
  const view = lookup(threshold.metric, threshold.tags);
  const aggregation = threshold.aggregation === 'p' ? `p(${threshold.percentile})` : threshold.aggregation;
  const limit = limitInMetricUnit(threshold, view?.unit);
  const base = { key: threshold.key, expression: threshold.expression, aggregation, limit, operator: threshold.operator, unit: view?.unit, abortOnFail: threshold.abortOnFail };
  const limitText = `${threshold.operator} ${formatLimit(threshold, view?.unit, limit)}`;
  // A counter that counted nothing measured 0; any other metric without samples measured nothing.
  if (!view || (view.count === 0 && view.kind !== 'counter')) {
    return { ...base, value: null, ok: false, message: `${threshold.key} ${aggregation}: not judged: no samples, so "${threshold.expression}" cannot be checked (limit ${limitText})` };
  }
  const value = aggregate(threshold, view);
  if (value === undefined) {
    throw new ThresholdSyntaxError(`"${threshold.expression}" on ${threshold.key}: a ${view.kind} metric has no "${aggregation}"; use ${aggregationsOf(view.kind)}`);
  }
  const ok = compare(value, threshold.operator, limit);
  return { ...base, value, ok, message: `${threshold.key} ${aggregation} = ${formatValue(value, view.unit)}, limit ${limitText}${ok ? '' : ': crossed'}` };
}

function aggregate(threshold: ParsedThreshold, view: MetricView): number | undefined {
  switch (threshold.aggregation) {
    case 'p':
      return view.kind === 'trend' ? view.percentile?.(threshold.percentile!) : undefined;
    case 'med':
      return view.kind === 'trend' ? view.percentile?.(50) : undefined;
    case 'avg':
    case 'min':
    case 'max':
      return view.kind === 'trend' || view.kind === 'gauge' ? view[threshold.aggregation] : undefined;
    case 'count':
      return view.kind === 'counter' || view.kind === 'trend' || view.kind === 'rate' ? view.count : undefined;
    case 'rate':
      return view.kind === 'rate' || view.kind === 'counter' ? view.rate : undefined;
    case 'value':
      return view.kind === 'gauge' ? view.value : undefined;
  }
}

function aggregationsOf(kind: MetricKind): string {
  return { trend: 'p(N), avg, min, max, med, count', rate: 'rate, count', counter: 'count, rate', gauge: 'value, min, max' }[kind];
}

function compare(value: number, operator: string, limit: number): boolean {
  switch (operator) {
    case '<': return value < limit;
    case '<=': return value <= limit;
    case '>': return value > limit;
    case '>=': return value >= limit;
    case '==': return value === limit;
    default: return value !== limit;
  }
}

/** Durations in microseconds, with thousands separators; rates as a percentage too. */
export function formatValue(value: number, unit: string | undefined): string {
  if (unit === 'us') return `${Math.round(value).toLocaleString('en-US')} µs`;
  if (unit === 'ratio') return `${round(value)} (${round(value * 100)}%)`;
  return `${round(value).toLocaleString('en-US')}${unit ? ` ${unit}` : ''}`;
}

function formatLimit(threshold: ParsedThreshold, unit: string | undefined, limit: number): string {
  if (unit !== 'us') return formatValue(limit, unit);
  return `${threshold.limit} ${threshold.limitUnit === 'us' ? 'µs' : threshold.limitUnit ?? 'ms'}${threshold.limitUnit === 'us' ? '' : ` (${formatValue(limit, unit)})`}`;
}

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value * 10) / 10 : Math.round(value * 10_000) / 10_000;
}
