import type { MetricEvent } from 'tollgate/reporter';

/**
 * Metric events grouped into series (one per name, tags and test), kept
 * small while the run goes: each series holds at most `maxPoints` buckets
 * and merges neighbours when it fills up, so a soak run of hours costs the
 * reporter the same memory as a minute.
 */
export interface MetricSeries {
  name: string;
  unit?: string;
  tags?: Record<string, string>;
  testId?: string;
  /** [milliseconds since the first point, min, mean, max], in time order. */
  points: [number, number, number, number][];
  count: number;
}

interface Bucket {
  t: number;
  min: number;
  max: number;
  sum: number;
  n: number;
}

export class MetricCollector {
  private readonly series = new Map<string, { info: Omit<MetricSeries, 'points' | 'count'>; buckets: Bucket[]; width: number; count: number }>();
  private origin: number | undefined;

  constructor(private readonly maxPoints = 240) {}

  add(event: MetricEvent): void {
    if (!Number.isFinite(event.value)) return;
    const time = Date.parse(event.time);
    if (!Number.isFinite(time)) return;
    this.origin ??= time;
    const tags = event.tags && Object.keys(event.tags).length > 0 ? event.tags : undefined;
    const key = JSON.stringify([event.name, tags ?? null, event.testId ?? null]);
    let s = this.series.get(key);
    if (!s) {
      s = { info: { name: event.name, unit: event.unit, tags, testId: event.testId }, buckets: [], width: 0, count: 0 };
      this.series.set(key, s);
    }
    s.count++;
    const t = time - this.origin;
    const last = s.buckets[s.buckets.length - 1];
    if (last && s.width > 0 && t < last.t + s.width) {
      last.min = Math.min(last.min, event.value);
      last.max = Math.max(last.max, event.value);
      last.sum += event.value;
      last.n++;
      return;
    }
    s.buckets.push({ t, min: event.value, max: event.value, sum: event.value, n: 1 });
    if (s.buckets.length > this.maxPoints) {
      // Halve the resolution: merge pairs of buckets and double the width.
      const merged: Bucket[] = [];
      for (let i = 0; i < s.buckets.length; i += 2) {
        const a = s.buckets[i];
        const b = s.buckets[i + 1];
        merged.push(b ? { t: a.t, min: Math.min(a.min, b.min), max: Math.max(a.max, b.max), sum: a.sum + b.sum, n: a.n + b.n } : a);
      }
      s.buckets = merged;
      const span = merged[merged.length - 1].t - merged[0].t;
      s.width = Math.max(s.width * 2, span / (this.maxPoints / 2), 1);
    }
  }

  list(): MetricSeries[] {
    return [...this.series.values()].map((s) => ({
      ...s.info,
      count: s.count,
      points: s.buckets.map((b) => [b.t, b.min, b.sum / b.n, b.max] as [number, number, number, number]),
    }));
  }
}
