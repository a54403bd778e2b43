import type { BaselineResult, ThresholdResult } from 'tollgate/performance';
import type { RunState } from 'tollgate/reporter';
import type { MetricSeries } from './metric-series.ts';

/** drivers/traffic's annotation types (framework/gate's THRESHOLD_ANNOTATION and BASELINE_ANNOTATION): the contract between them. */
const THRESHOLD = 'threshold';
const BASELINE = 'baseline';

export type RecordedThreshold = ThresholdResult & { load?: string };
export type RecordedBaseline = BaselineResult & { load?: string };

/** One step of a stepped load (traffic.maxRate runs `name@rate` loads of a few intervals each). */
export interface LoadStep {
  load: string;
  target: number;
  achieved?: number;
  p99?: number;
  errors: number;
}

/**
 * Everything the report knows about one load of one test (issue 16, item 1):
 * its per-interval series by name, its errors by kind, the thresholds and
 * baselines that judged it, and for a stepped load its steps.
 */
export interface LoadPanel {
  load: string;
  testId?: string;
  /** Per-interval series without a `kind` tag, by name: 'latency.p99', 'rate', 'rate.target', 'generator_cpu', ... */
  series: Map<string, MetricSeries>;
  /** `errors{kind:...}`, one series per kind. */
  errorKinds: MetricSeries[];
  thresholds: RecordedThreshold[];
  baselines: RecordedBaseline[];
  steps: LoadStep[];
  /** A threshold or baseline failed: the panel goes to the top of the report. */
  crossed: boolean;
  /** A threshold the generator's own trouble can explain (the gate says ERROR). */
  inconclusive: boolean;
  /** How many intervals the load ran (its longest series). */
  intervals: number;
}

export interface LoadPanels {
  panels: LoadPanel[];
  /** Series that belong to no load: drawn by metric name, or listed when they have one sample. */
  rest: MetricSeries[];
}

/** A `name@rate` load is one step of a stepped search: its steps share the panel of `name`. */
const STEP = /^(.*)@(\d+(?:\.\d+)?)$/;

/**
 * Groups the run's metric series by load (their `load` tag) and test, and
 * pins each load's recorded thresholds and baselines on it. A result
 * recorded before results named their load goes to the test's longest load.
 */
export function buildLoadPanels(metrics: readonly MetricSeries[], state: RunState): LoadPanels {
  const panels = new Map<string, LoadPanel>();
  const rest: MetricSeries[] = [];
  const stepSeries = new Map<string, MetricSeries[]>();
  const panelOf = (load: string, testId: string | undefined): LoadPanel => {
    const key = JSON.stringify([testId ?? null, load]);
    let panel = panels.get(key);
    if (!panel) {
      panel = { load, ...(testId !== undefined ? { testId } : {}), series: new Map(), errorKinds: [], thresholds: [], baselines: [], steps: [], crossed: false, inconclusive: false, intervals: 0 };
      panels.set(key, panel);
    }
    return panel;
  };
  for (const series of metrics) {
    const load = series.tags?.load;
    if (load === undefined) {
      rest.push(series);
      continue;
    }
    const step = STEP.exec(load);
    if (step) {
      const list = stepSeries.get(JSON.stringify([series.testId ?? null, load])) ?? [];
      list.push(series);
      stepSeries.set(JSON.stringify([series.testId ?? null, load]), list);
      panelOf(step[1]!, series.testId);
      continue;
    }
    const panel = panelOf(load, series.testId);
    if (series.tags?.kind !== undefined) panel.errorKinds.push(series);
    else if (Object.keys(series.tags!).length === 1) {
      panel.series.set(series.name, series);
      panel.intervals = Math.max(panel.intervals, series.count);
    } else rest.push(series);
  }
  for (const [key, list] of stepSeries) {
    const [testId, load] = JSON.parse(key) as [string | null, string];
    const [, base, rate] = STEP.exec(load)!;
    const panel = panelOf(base!, testId ?? undefined);
    const mean = (name: string, kind?: string) => {
      const s = list.find((m) => m.name === name && m.tags?.kind === kind);
      return s && s.points.length ? s.points.reduce((a, p) => a + p[2], 0) / s.points.length : undefined;
    };
    const sum = (name: string) => list.filter((m) => m.name === name && m.tags?.kind === undefined).flatMap((m) => m.points).reduce((a, p) => a + p[2], 0);
    panel.steps.push({ load, target: Number(rate), achieved: mean('rate'), p99: max(list.find((m) => m.name === 'latency.p99')), errors: sum('errors') });
  }
  for (const panel of panels.values()) panel.steps.sort((a, b) => a.target - b.target);

  // Thresholds and baselines recorded on each test's last attempt, pinned on the load they judged; only tests with a load are read (a 100,000-test run has a handful).
  const byTest = new Map<string, LoadPanel[]>();
  for (const panel of panels.values()) if (panel.testId !== undefined) byTest.set(panel.testId, [...(byTest.get(panel.testId) ?? []), panel]);
  for (const [testId, own] of byTest) {
    const result = state.tests.get(testId);
    const last = result?.attempts[result.attempts.length - 1];
    if (!last) continue;
    const longest = own.reduce((a, b) => (b.intervals > a.intervals ? b : a));
    const byLoad = (load: string | undefined) => own.find((p) => p.load === load) ?? longest;
    for (const annotation of last.annotations) {
      if ((annotation.type !== THRESHOLD && annotation.type !== BASELINE) || !annotation.description) continue;
      let recorded: RecordedThreshold | RecordedBaseline;
      try {
        recorded = JSON.parse(annotation.description);
      } catch {
        continue;
      }
      const panel = byLoad(recorded.load);
      if (annotation.type === THRESHOLD) {
        const t = recorded as RecordedThreshold;
        panel.thresholds.push(t);
        if (t.inconclusive) panel.inconclusive = true;
        else if (!t.ok && t.value !== null) panel.crossed = true;
      } else {
        const b = recorded as RecordedBaseline;
        panel.baselines.push(b);
        if (b.outcome === 'fail') panel.crossed = true;
      }
    }
  }
  return { panels: [...panels.values()], rest };
}

function max(series: MetricSeries | undefined): number | undefined {
  return series?.points.length ? Math.max(...series.points.map((p) => p[3])) : undefined;
}

/**
 * The interval series a threshold's aggregation is drawn on: a latency
 * threshold `p(99)` on the load's `latency.p99` (the load's intervals cover
 * all its requests; a tag filter narrows only the threshold's own value).
 */
export function latencySeriesOf(aggregation: string): string | undefined {
  const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(aggregation);
  if (p) return `latency.p${p[1]}`;
  return ({ avg: 'latency.mean', med: 'latency.p50', min: 'latency.min', max: 'latency.max' } as Record<string, string>)[aggregation];
}
