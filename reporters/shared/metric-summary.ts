import type { LoadMetricRow, LoadMetricsRecord, MetricEvent, RunEvent, RunState, TestResult } from 'tollgate/reporter';
import { LOAD_METRICS_ANNOTATION } from 'tollgate/reporter';
// Types only: the values of tollgate/performance would load the archive's code into every reporter.
import type { BaselineResult, ThresholdResult } from 'tollgate/performance';
import { formatMetricValue, formatPerSecond, shortNumber } from './metric-units.ts';

/**
 * k6's end-of-test summary for a tollgate run (issue 16, item 2): every
 * metric the run measured, per metric and tag set, with count, rate, avg,
 * min, med, p90, p95, p99 and max in readable units, and each threshold,
 * baseline and soak criterion with ✓ or ✗, what it measured and its limit.
 * The console prints it (reporters/console/format-metric-summary.ts) and
 * the HTML report renders the same rows: one table, built here once.
 *
 * Where the numbers come from, all in the run's events:
 * - a load's whole-run metrics: its `load-metrics` annotation (drivers/traffic);
 * - its thresholds and baselines: the `threshold` and `baseline` annotations;
 * - a soak's windows and any metric a test recorded (test.info().metric):
 *   metric events, summarised over their samples (a soak's per-window
 *   series, never the load driver's own interval series, tagged `load`,
 *   which the load's whole-run row already covers);
 * - a soak's criteria: the `soak-criterion` annotations.
 *
 * @example
 *   const collector = new MetricSummaryCollector();
 *   for (const event of events) collector.add(event);      // or metricSummary({ state, metrics })
 *   const { rows, checks } = collector.summary(state);
 */

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'not judged' | 'inconclusive';

/** A threshold, baseline or soak criterion as one line: ✓ or ✗, what it measured and its limit. */
export interface MetricCheck {
  kind: 'threshold' | 'baseline' | 'soak criterion';
  /** The load or soak it belongs to: 'load "read"', 'soak "pod-reads"'. */
  group: string;
  testId: string;
  /** What was judged: 'http_req_duration{name:read}', 'latency.p99', 'memory.slope'. */
  subject: string;
  /** The rule as written: "p(99)<200", "+10%", "< 4GB/h". */
  expression: string;
  /** 'p(99)=12.3ms', '23.1 GB/h'. */
  measured: string;
  /** '< 200ms'. */
  limit: string;
  status: CheckStatus;
  /** True when it held (pass, or warn for a baseline). */
  ok: boolean;
  /** The full sentence the driver wrote, for a tooltip or a detail pane. */
  message: string;
}

/** Every statistic of a row, formatted; '' where it does not apply to the metric's kind. */
export interface MetricCells {
  count: string;
  rate: string;
  avg: string;
  min: string;
  med: string;
  p90: string;
  p95: string;
  p99: string;
  max: string;
}

/** A load's row (the load-metrics annotation's shape), placed in its group, with its cells formatted. */
export interface MetricSummaryRow extends Omit<LoadMetricRow, 'thresholds'> {
  /** What it belongs to: 'load "read"', 'soak "pod-reads"', or 'test metrics' (test.info().metric) of the test `testId`. */
  group: string;
  testId: string;
  cells: MetricCells;
  /** The thresholds held on exactly this metric and tag set. */
  checks: MetricCheck[];
  /** Their keys as written. */
  thresholds?: string[];
}

export interface MetricSummary {
  rows: MetricSummaryRow[];
  /** Every threshold, baseline and soak criterion, in the order they were recorded. */
  checks: MetricCheck[];
}

/** Metric events not summarised: a soak's countdown is no measurement; a load's interval series are covered by its whole-run row. */
const NOT_MEASUREMENTS = new Set(['soak.time_left']);
/** Tags that tell one sample of a series from the next, not one series from another. */
const SAMPLE_TAGS = new Set(['window']);

/** Keeps what the summary needs of the metric events as they stream by (values only; the rest is in the run state). */
export class MetricSummaryCollector {
  private readonly series = new Map<string, { testId: string; metric: string; unit?: string; tags: Record<string, string>; values: number[] }>();

  add(event: RunEvent): void {
    if (event.type !== 'metric' || NOT_MEASUREMENTS.has(event.name) || event.tags?.load !== undefined || !Number.isFinite(event.value)) return;
    const tags = Object.fromEntries(Object.entries(event.tags ?? {}).filter(([k]) => !SAMPLE_TAGS.has(k)));
    const key = `${event.testId ?? ''}\u0000${event.name}\u0000${tagText(tags)}`;
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = { testId: event.testId ?? '', metric: event.name, ...(event.unit ? { unit: event.unit } : {}), tags, values: [] }));
    series.values.push(event.value);
  }

  summary(state: RunState): MetricSummary {
    const rows: MetricSummaryRow[] = [];
    const checks: MetricCheck[] = [];
    for (const result of state.tests.values()) {
      const annotations = lastAttemptAnnotations(result);
      const testId = result.test.id;
      for (const record of parsed<LoadMetricsRecord>(annotations, LOAD_METRICS_ANNOTATION)) {
        for (const metric of shownMetrics(record.metrics)) rows.push(row(`load "${record.load}"`, testId, metric));
      }
      checks.push(...limitChecks(annotations, testId, rows));
    }
    for (const s of this.series.values()) {
      const soak = s.tags.soak;
      const tags = Object.fromEntries(Object.entries(s.tags).filter(([k]) => k !== 'soak'));
      rows.push(row(soak !== undefined ? `soak "${soak}"` : 'test metrics', s.testId, sampleRow(s.metric, tags, s.unit, s.values)));
    }
    return { rows, checks };
  }
}

/** The summary of a run from its state and its metric events (all of them, or only those not tagged `load`). */
export function metricSummary(runData: { state: RunState; metrics?: Iterable<MetricEvent | RunEvent> }): MetricSummary {
  const collector = new MetricSummaryCollector();
  for (const event of runData.metrics ?? []) collector.add(event);
  return collector.summary(runData.state);
}

/**
 * The thresholds, baselines and soak criteria a test's annotations record,
 * as checks; a threshold is also added to the row of `rows` it was held on.
 * Allure reads them too: a crossed limit is a failed test, with what it measured.
 */
export function limitChecks(annotations: readonly { type: string; description?: string }[], testId: string, rows: MetricSummaryRow[] = []): MetricCheck[] {
  return [
    ...parsed<ThresholdResult>(annotations, 'threshold').map((t) => thresholdCheck(t, testId, rows)),
    ...parsed<BaselineResult>(annotations, 'baseline').map((b) => baselineCheck(b, testId)),
    ...parsed<SoakCriterionRecord>(annotations, 'soak-criterion').map((c) => soakCheck(c, testId)),
  ];
}

/** `{ name:read, status:200 }`, as k6 prints a tag set; '' for none. */
export function tagText(tags: Record<string, string>): string {
  const keys = Object.keys(tags).sort();
  return keys.length ? `{ ${keys.map((k) => `${k}:${tags[k]}`).join(', ')} }` : '';
}

interface SoakCriterionRecord {
  soak: string;
  criterion: string;
  ok: boolean;
  judged?: boolean;
  measured: string;
  limit: string;
  message: string;
}

/**
 * The rows worth a line: a tag set that measured nothing (no failed request:
 * expected_response:false) is left out, as k6 does, and so is the only tag
 * set of a metric, which repeats the metric's own line; unless a threshold
 * was held on it.
 */
function shownMetrics(metrics: readonly LoadMetricRow[]): LoadMetricRow[] {
  const measured = metrics.filter((m) => m.count > 0 || m.kind === 'counter' || m.thresholds?.length);
  const tagSets = new Map<string, number>();
  for (const m of measured) if (Object.keys(m.tags).length) tagSets.set(m.metric, (tagSets.get(m.metric) ?? 0) + 1);
  return measured.filter((m) => !Object.keys(m.tags).length || tagSets.get(m.metric)! > 1 || m.thresholds?.length || !measured.some((o) => o.metric === m.metric && !Object.keys(o.tags).length));
}

function row(group: string, testId: string, m: LoadMetricRow): MetricSummaryRow {
  return { group, testId, ...m, cells: cellsOf(m), checks: [] };
}

/** A series of samples (a soak's windows, a test's own metric) as a trend over them. */
function sampleRow(metric: string, tags: Record<string, string>, unit: string | undefined, values: number[]): LoadMetricRow {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
  const avg = values.reduce((a, b) => a + b, 0) / values.length;
  return { metric, tags, kind: 'trend', ...(unit ? { unit } : {}), count: values.length, avg, min: sorted[0], med: at(50), p90: at(90), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] };
}

function cellsOf(m: LoadMetricRow): MetricCells {
  const value = (v: number | undefined) => (v === undefined ? '' : formatMetricValue(v, m.unit));
  const empty: MetricCells = { count: shortNumber(m.count), rate: '', avg: '', min: '', med: '', p90: '', p95: '', p99: '', max: '' };
  if (m.kind === 'rate') return { ...empty, rate: `${shortNumber((m.rate ?? 0) * 100)}%`, count: `${shortNumber(Math.round((m.rate ?? 0) * m.count))} out of ${shortNumber(m.count)}` };
  if (m.kind === 'counter') return { ...empty, count: formatMetricValue(m.count, m.unit), rate: m.rate === undefined ? '' : formatPerSecond(m.rate, m.unit) };
  return { ...empty, avg: value(m.avg), min: value(m.min), med: value(m.med), p90: value(m.p90), p95: value(m.p95), p99: value(m.p99), max: value(m.max) };
}

function thresholdCheck(t: ThresholdResult, testId: string, rows: MetricSummaryRow[]): MetricCheck {
  const status: CheckStatus = t.inconclusive ? 'inconclusive' : t.value === null ? 'not judged' : t.ok ? 'pass' : 'fail';
  const shown = (v: number) => (t.unit === 'ratio' && t.aggregation === 'rate' ? `${shortNumber(v * 100)}%` : formatMetricValue(v, t.unit));
  const owner = rows.findLast((r) => r.testId === testId && r.thresholds?.includes(t.key));
  const check: MetricCheck = {
    kind: 'threshold',
    group: owner?.group ?? 'thresholds',
    testId,
    subject: t.key,
    expression: t.expression,
    measured: t.value === null ? 'no samples' : `${t.aggregation}=${shown(t.value)}`,
    limit: `${t.operator} ${shown(t.limit)}`,
    status,
    ok: status === 'pass',
    message: t.inconclusive ? `${t.message}; ${t.inconclusive}` : t.message,
  };
  owner?.checks.push(check);
  return check;
}

function baselineCheck(b: BaselineResult, testId: string): MetricCheck {
  const load = b.tags?.load;
  const change = b.change === null ? '' : ` (${b.change >= 0 ? '+' : ''}${shortNumber(b.change * 100)}%)`;
  const status: CheckStatus = b.outcome === 'fail' ? 'fail' : b.outcome === 'warn' ? 'warn' : b.currentMedian === null ? 'not judged' : 'pass';
  return {
    kind: 'baseline',
    group: load !== undefined ? `load "${load}"` : 'baselines',
    testId,
    subject: `${b.metric}${tagText(Object.fromEntries(Object.entries(b.tags ?? {}).filter(([k]) => k !== 'load')))}`.trim(),
    expression: b.limit,
    measured:
      b.currentMedian === null
        ? 'no samples'
        : b.status === 'insufficient-history'
          ? `median=${formatMetricValue(b.currentMedian, b.unit)}, no baseline yet (${b.baselineRuns.length} earlier passing run(s))`
          : `median=${formatMetricValue(b.currentMedian, b.unit)}${b.baselineMedian !== null ? ` vs ${formatMetricValue(b.baselineMedian, b.unit)}` : ''}${change}`,
    limit: b.limit,
    status,
    ok: status === 'pass' || status === 'warn',
    message: b.message,
  };
}

function soakCheck(c: SoakCriterionRecord, testId: string): MetricCheck {
  const status: CheckStatus = c.judged === false ? 'not judged' : c.ok ? 'pass' : 'fail';
  return { kind: 'soak criterion', group: `soak "${c.soak}"`, testId, subject: c.criterion, expression: c.limit, measured: c.measured, limit: c.limit, status, ok: status === 'pass', message: c.message };
}

function lastAttemptAnnotations(result: TestResult): { type: string; description?: string }[] {
  return result.attempts[result.attempts.length - 1]?.annotations ?? [];
}

function parsed<T>(annotations: readonly { type: string; description?: string }[], type: string): T[] {
  const found: T[] = [];
  for (const a of annotations) {
    if (a.type !== type || !a.description) continue;
    try {
      found.push(JSON.parse(a.description) as T);
    } catch {
      // A hand-written annotation of the same type is not a driver's record.
    }
  }
  return found;
}
