import { counterView, rateView, seriesMatching, withZeroCounters, type MetricLookup, type MetricView } from 'tollgate/performance';
import { latencyHistogram, recordMicros, trendView, type Histogram } from './latency-histogram.ts';

type Tags = Record<string, string>;

export type RegistryEntry =
  | { kind: 'trend'; name: string; tags: Tags; histogram: Histogram }
  | { kind: 'rate'; name: string; tags: Tags; total: number; hits: number }
  | { kind: 'counter'; name: string; tags: Tags; sum: number; unit?: string };

interface Series<T> {
  tags: Tags;
  data: T;
}

/**
 * k6's metrics for one load run: trends (HDR histograms in microseconds),
 * rates (share of non-zero samples) and counters, each split by a small
 * set of tags so that thresholds can filter (`http_req_duration{name:read}`).
 * Memory is bounded by the tag combinations, never by the run's length.
 */
export class MetricRegistry {
  private readonly trends = new Map<string, Map<string, Series<Histogram>>>();
  private readonly rates = new Map<string, Map<string, Series<{ total: number; hits: number }>>>();
  private readonly counters = new Map<string, Map<string, Series<{ sum: number; unit?: string }>>>();
  private readonly started = performance.now();
  private ended: number | undefined;

  trend(name: string, micros: number, tags: Tags = {}): void {
    recordMicros(this.series(this.trends, name, tags, latencyHistogram), micros);
  }

  rate(name: string, hit: boolean, tags: Tags = {}): void {
    const data = this.series(this.rates, name, tags, () => ({ total: 0, hits: 0 }));
    data.total++;
    if (hit) data.hits++;
  }

  add(name: string, amount: number, tags: Tags = {}, unit?: string): void {
    this.series(this.counters, name, tags, () => ({ sum: 0, unit })).sum += amount;
  }

  /** The histogram of one trend series, for callers that record into it many times (no tag lookup per sample). */
  trendHandle(name: string, tags: Tags = {}): Histogram {
    return this.series(this.trends, name, tags, latencyHistogram);
  }

  rateHandle(name: string, tags: Tags = {}): { total: number; hits: number } {
    return this.series(this.rates, name, tags, () => ({ total: 0, hits: 0 }));
  }

  counterHandle(name: string, tags: Tags = {}, unit?: string): { sum: number } {
    return this.series(this.counters, name, tags, () => ({ sum: 0, unit }));
  }

  /** Freezes the elapsed time counters' rates are computed over. */
  end(): void {
    this.ended ??= performance.now();
  }

  get elapsedSeconds(): number {
    return ((this.ended ?? performance.now()) - this.started) / 1000;
  }

  /** Every series with its current data, for writing them out (distributed loads write each interval's change). */
  *entries(): Generator<RegistryEntry> {
    for (const [name, byTags] of this.trends) for (const s of byTags.values()) yield { kind: 'trend', name, tags: s.tags, histogram: s.data };
    for (const [name, byTags] of this.rates) for (const s of byTags.values()) yield { kind: 'rate', name, tags: s.tags, total: s.data.total, hits: s.data.hits };
    for (const [name, byTags] of this.counters) for (const s of byTags.values()) yield { kind: 'counter', name, tags: s.tags, sum: s.data.sum, ...(s.data.unit ? { unit: s.data.unit } : {}) };
  }

  names(): string[] {
    return [...new Set([...this.trends.keys(), ...this.rates.keys(), ...this.counters.keys()])].sort();
  }

  /**
   * The metric over every series whose tags include the filter; undefined when there is no such metric,
   * except a built-in counter never incremented, which counts 0 (as in k6).
   */
  readonly lookup: MetricLookup = withZeroCounters((name, filter) => this.recorded(name, filter), () => this.elapsedSeconds);

  private recorded(name: string, filter: Tags): MetricView | undefined {
    const trend = this.trends.get(name);
    if (trend) {
      const matching = matches(trend, filter);
      if (matching.length === 1) return trendView(matching[0]!.data);
      const merged = latencyHistogram();
      for (const s of matching) merged.add(s.data);
      return trendView(merged);
    }
    const rate = this.rates.get(name);
    if (rate) return rateView(matches(rate, filter).map((s) => s.data));
    const counter = this.counters.get(name);
    if (counter) {
      const matching = matches(counter, filter);
      return counterView(matching.map((s) => s.data.sum), matching[0]?.data.unit, this.elapsedSeconds);
    }
    return undefined;
  }

  private series<T>(map: Map<string, Map<string, Series<T>>>, name: string, tags: Tags, make: () => T): T {
    let byTags = map.get(name);
    if (!byTags) map.set(name, (byTags = new Map()));
    const key = tagKey(tags);
    let series = byTags.get(key);
    if (!series) byTags.set(key, (series = { tags: { ...tags }, data: make() }));
    return series.data;
  }
}

function tagKey(tags: Tags): string {
  return Object.keys(tags).sort().map((k) => `${k}=${tags[k]}`).join(',');
}

function matches<T>(byTags: Map<string, Series<T>>, filter: Tags): Series<T>[] {
  return seriesMatching(byTags.values(), filter);
}
