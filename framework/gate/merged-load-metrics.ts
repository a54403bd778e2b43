import * as hdr from 'hdr-histogram-js';
import type { LoadIntervalRow } from '../archive/load-coordination.ts';
import { counterView, rateView, seriesMatching, withZeroCounters, type MetricLookup, type MetricView } from './threshold-evaluate.ts';

type Tags = Record<string, string>;

interface Series<T> {
  tags: Tags;
  unit?: string;
  data: T;
}

/**
 * The metrics of a distributed load (issue 9, item 4) merged over every
 * instance and interval: HDR histograms are added bucket by bucket, so a
 * merged percentile is the percentile of the union of all instances'
 * samples at the histograms' precision, not an average of per-instance
 * percentiles (which k6's open-source mode would give: grafana/k6#140).
 * Rates add their samples and hits; counters add their sums and count per
 * second over the load's whole span.
 */
export class MergedLoadMetrics {
  private readonly trends = new Map<string, Map<string, Series<hdr.Histogram>>>();
  private readonly rates = new Map<string, Map<string, Series<{ total: number; hits: number }>>>();
  private readonly counters = new Map<string, Map<string, Series<{ sum: number }>>>();
  private first = Number.POSITIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;
  /** Intervals merged, per instance. */
  readonly intervals = new Map<number, number>();

  add(rows: Iterable<LoadIntervalRow>): void {
    const seen = new Set<string>();
    for (const row of rows) {
      this.first = Math.min(this.first, row.start);
      this.last = Math.max(this.last, row.end);
      const interval = `${row.instance}:${row.seq}`;
      if (!seen.has(interval)) {
        seen.add(interval);
        this.intervals.set(row.instance, (this.intervals.get(row.instance) ?? 0) + 1);
      }
      if (row.kind === 'trend') {
        if (!row.histogram) continue;
        const decoded = hdr.decodeFromCompressedBase64(row.histogram, 32);
        const series = this.series(this.trends, row, () => decoded);
        if (series.data !== decoded) series.data.add(decoded);
      } else if (row.kind === 'rate') {
        const data = this.series(this.rates, row, () => ({ total: 0, hits: 0 })).data;
        data.total += row.samples;
        data.hits += row.total;
      } else {
        this.series(this.counters, row, () => ({ sum: 0 })).data.sum += row.total;
      }
    }
  }

  /** Seconds from the first interval's start to the last one's end, over all instances. */
  get elapsedSeconds(): number {
    return Number.isFinite(this.first) ? Math.max(this.last - this.first, 0) / 1000 : 0;
  }

  names(): string[] {
    return [...new Set([...this.trends.keys(), ...this.rates.keys(), ...this.counters.keys()])].sort();
  }

  /** The merged histogram of a trend over every series whose tags include the filter (a copy). */
  histogram(name: string, filter: Tags = {}): hdr.Histogram | undefined {
    const matching = matches(this.trends.get(name), filter);
    if (!matching.length) return undefined;
    const merged = hdr.build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: matching[0]!.data.highestTrackableValue, numberOfSignificantValueDigits: 3, autoResize: true });
    for (const s of matching) merged.add(s.data);
    return merged;
  }

  /** The same lookup a single load's MetricRegistry gives, over the merge: thresholds evaluate unchanged (a built-in counter never incremented is 0). */
  readonly lookup: MetricLookup = withZeroCounters((name, filter) => {
    if (this.trends.has(name)) {
      const histogram = this.histogram(name, filter);
      const unit = matches(this.trends.get(name), filter)[0]?.unit ?? 'us';
      const count = histogram?.totalCount ?? 0;
      return {
        kind: 'trend',
        unit,
        count,
        percentile: (p) => histogram?.getValueAtPercentile(p) ?? 0,
        avg: count ? histogram!.mean : 0,
        min: count ? histogram!.minNonZeroValue : 0,
        max: histogram?.maxValue ?? 0,
      } satisfies MetricView;
    }
    const rate = this.rates.get(name);
    if (rate) return rateView(matches(rate, filter).map((s) => s.data));
    const counter = this.counters.get(name);
    if (counter) {
      const matching = matches(counter, filter);
      return counterView(matching.map((s) => s.data.sum), matching[0]?.unit, this.elapsedSeconds);
    }
    return undefined;
  }, () => this.elapsedSeconds);

  private series<T>(map: Map<string, Map<string, Series<T>>>, row: LoadIntervalRow, make: () => T): Series<T> {
    let byTags = map.get(row.metric);
    if (!byTags) map.set(row.metric, (byTags = new Map()));
    const key = Object.keys(row.tags).sort().map((k) => `${k}=${row.tags[k]}`).join(',');
    let series = byTags.get(key);
    if (!series) byTags.set(key, (series = { tags: { ...row.tags }, ...(row.unit ? { unit: row.unit } : {}), data: make() }));
    return series;
  }
}

function matches<T>(byTags: Map<string, Series<T>> | undefined, filter: Tags): Series<T>[] {
  return seriesMatching(byTags?.values(), filter);
}
