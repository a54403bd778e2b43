import type { MetricKind, MetricLookup, MetricView } from '../gate/threshold-evaluate.ts';

/**
 * The annotation a load run leaves on its test with every metric it
 * measured over the whole run (issue 16, item 2): k6's end-of-test numbers
 * per metric and tag set, as plain JSON. Annotations travel in test.end, so
 * the console, the HTML report and `tollgate report` all print the same
 * table from events.ndjson alone; the per-interval metric events are
 * windows, not the run's percentiles.
 */
export const LOAD_METRICS_ANNOTATION = 'load-metrics';

/** One metric, or one tag set of it, over the whole load; durations in µs as recorded. */
export interface LoadMetricRow {
  metric: string;
  /** {} for the metric over all its series. */
  tags: Record<string, string>;
  kind: MetricKind;
  unit?: string;
  /** trend: samples; rate: samples; counter: the sum. */
  count: number;
  /** rate: the share of non-zero samples; counter: per second. */
  rate?: number;
  avg?: number;
  min?: number;
  med?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  max?: number;
  /** The keys of the thresholds held on exactly this metric and tag set, as written ('http_req_duration{name:read}'). */
  thresholds?: string[];
}

export interface LoadMetricsRecord {
  load: string;
  /** The load's elapsed seconds (counters' rates are per second of it). */
  seconds: number;
  metrics: LoadMetricRow[];
}

/** A metric view as a row. */
export function loadMetricRow(metric: string, tags: Record<string, string>, view: MetricView): LoadMetricRow {
  const row: LoadMetricRow = { metric, tags, kind: view.kind, ...(view.unit ? { unit: view.unit } : {}), count: view.count };
  if (view.rate !== undefined) row.rate = view.rate;
  if (view.kind === 'trend' && view.count > 0) {
    const at = (p: number) => view.percentile?.(p);
    Object.assign(row, { avg: view.avg, min: view.min, med: at(50), p90: at(90), p95: at(95), p99: at(99), max: view.max });
  }
  return row;
}

/**
 * Every metric of a load: each over all its series, then each of its tag
 * sets, then each tag filter a threshold held (k6 shows those as
 * sub-metrics), in name order, without repeats.
 */
export function loadMetricRows(series: Iterable<{ name: string; tags: Record<string, string> }>, lookup: MetricLookup, filters: Iterable<{ key: string; metric: string; tags: Record<string, string> }> = []): LoadMetricRow[] {
  const tagSets = new Map<string, Map<string, Record<string, string>>>();
  const add = (name: string, tags: Record<string, string>) => {
    const byKey = tagSets.get(name) ?? new Map<string, Record<string, string>>();
    tagSets.set(name, byKey);
    byKey.set(tagKey(tags), tags);
  };
  for (const s of series) add(s.name, {}), add(s.name, s.tags);
  const keys = new Map<string, Set<string>>();
  for (const f of filters) {
    add(f.metric, {}), add(f.metric, f.tags);
    const at = `${f.metric}\u0000${tagKey(f.tags)}`;
    keys.set(at, (keys.get(at) ?? new Set()).add(f.key));
  }
  const rows: LoadMetricRow[] = [];
  for (const name of [...tagSets.keys()].sort()) {
    const sets = [...tagSets.get(name)!.entries()].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
    for (const [, tags] of sets) {
      const view = lookup(name, tags);
      const held = keys.get(`${name}\u0000${tagKey(tags)}`);
      if (view) rows.push({ ...loadMetricRow(name, tags, view), ...(held ? { thresholds: [...held] } : {}) });
    }
  }
  return rows;
}

export function tagKey(tags: Record<string, string>): string {
  return Object.keys(tags).sort().map((k) => `${k}:${tags[k]}`).join(',');
}
