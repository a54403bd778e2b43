import type { MetricEvent } from 'tollgate';
import { GeneratorMonitor } from './generator-health.ts';
import { latencyHistogram, recordMicros, summarize, type Histogram, type LatencySummary } from './latency-histogram.ts';
import { MetricRegistry } from './metric-registry.ts';
import type { MetricSink } from './metric-sink.ts';

export interface RecorderOptions {
  /** The load's name: every series carries the tag `load`. */
  load: string;
  /** Milliseconds between series points. */
  intervalMs: number;
  sink?: MetricSink;
  testId?: string;
  attempt?: number;
  /** The system under test runs on this machine: the generator's health includes the machine's CPU. */
  sharesMachine?: boolean;
}

/** One point of one per-interval series, as emitted. */
export interface SeriesPoint {
  name: string;
  value: number;
  unit: string;
  tags: Record<string, string>;
}

/**
 * Aggregates one load run twice: into k6-style metrics over the whole run
 * (the registry, for thresholds) and into per-interval series (rate,
 * latency percentiles in µs, errors by kind, bytes) emitted as metric
 * events every interval (issue 5, item 2). The series are also kept, as
 * numbers only, because baselines compare them with earlier runs.
 */
export class LoadRecorder {
  readonly registry = new MetricRegistry();
  readonly total: Histogram = latencyHistogram();
  private readonly window: Histogram = latencyHistogram();
  private windowCount = 0;
  private windowErrors = new Map<string, number>();
  private windowBytesIn = 0;
  private windowBytesOut = 0;
  private windowDropped = 0;
  private lastFlush = performance.now();
  private readonly kept = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  bytesIn = 0;
  bytesOut = 0;
  completed = 0;
  dropped = 0;
  /** Extra gauges the load reports each interval (in-flight requests, VUs, connections). */
  gauges: Record<string, () => number> = {};
  /** The generator's own health (send lag, event-loop delay, CPU), emitted beside the load's series. */
  readonly generator: GeneratorMonitor;
  /** The rate asked for at a time (seconds since the schedule began), for `rate.target` beside `rate`. */
  private target: { rateAt: (seconds: number) => number; from: number } | undefined;

  constructor(private readonly options: RecorderOptions) {
    this.generator = new GeneratorMonitor({ sharesMachine: options.sharesMachine });
  }

  /** One finished operation: its latency in µs, and its error kind when it failed. */
  done(micros: number, errorKind?: string): void {
    recordMicros(this.total, micros);
    recordMicros(this.window, micros);
    this.completed++;
    this.windowCount++;
    if (errorKind) {
      this.errors.set(errorKind, (this.errors.get(errorKind) ?? 0) + 1);
      this.windowErrors.set(errorKind, (this.windowErrors.get(errorKind) ?? 0) + 1);
    }
  }

  /** From now on, each interval also emits the rate asked for (`rate.target`), so a report draws achieved against target. */
  targetRate(rateAt: (seconds: number) => number): void {
    this.target = { rateAt, from: performance.now() };
  }

  bytes(received: number, sent: number): void {
    this.bytesIn += received;
    this.bytesOut += sent;
    this.windowBytesIn += received;
    this.windowBytesOut += sent;
  }

  drop(): void {
    this.dropped++;
    this.windowDropped++;
  }

  /** Emits the interval's points; `force` for the last, partial interval. */
  flush(force = false): SeriesPoint[] {
    const now = performance.now();
    const seconds = (now - this.lastFlush) / 1000;
    // The middle of the interval: a ramp's target is its average over the interval.
    const targetAt = this.target ? ((this.lastFlush + now) / 2 - this.target.from) / 1000 : 0;
    if (seconds <= 0 || (!force && seconds * 1000 < this.options.intervalMs * 0.5)) return [];
    // A last sliver of an interval with nothing in it says nothing.
    if (force && this.windowCount === 0 && seconds * 1000 < this.options.intervalMs * 0.5) return [];
    this.lastFlush = now;
    const tags = { load: this.options.load };
    const points: SeriesPoint[] = [
      { name: 'rate', value: round(this.windowCount / seconds), unit: 'ops/s', tags },
      ...(this.target ? [{ name: 'rate.target', value: round(this.target.rateAt(Math.max(0, targetAt))), unit: 'ops/s', tags }] : []),
      { name: 'errors', value: [...this.windowErrors.values()].reduce((a, b) => a + b, 0), unit: 'count', tags },
      ...[...this.windowErrors.entries()].map(([kind, n]) => ({ name: 'errors', value: n, unit: 'count', tags: { ...tags, kind } })),
      { name: 'bytes.received', value: this.windowBytesIn, unit: 'B', tags },
      { name: 'bytes.sent', value: this.windowBytesOut, unit: 'B', tags },
    ];
    if (this.windowDropped) points.push({ name: 'dropped', value: this.windowDropped, unit: 'count', tags });
    if (this.windowCount) {
      const s = summarize(this.window);
      for (const [name, value] of [['min', s.min], ['p10', s.p10], ['p50', s.p50], ['p90', s.p90], ['p95', s.p95], ['p99', s.p99], ['max', s.max], ['mean', s.mean]] as const) {
        points.push({ name: `latency.${name}`, value, unit: 'us', tags });
      }
    }
    for (const [name, read] of Object.entries(this.gauges)) points.push({ name, value: read(), unit: 'count', tags });
    for (const point of this.generator.points()) points.push({ ...point, tags });
    this.window.reset();
    this.windowCount = 0;
    this.windowErrors = new Map();
    this.windowBytesIn = this.windowBytesOut = this.windowDropped = 0;
    const time = new Date().toISOString();
    for (const point of points) {
      if (!point.tags.kind) {
        const list = this.kept.get(point.name) ?? [];
        list.push(point.value);
        this.kept.set(point.name, list);
      }
      const event: MetricEvent = { type: 'metric', time, name: point.name, value: point.value, unit: point.unit, tags: point.tags };
      if (this.options.testId !== undefined) (event.testId = this.options.testId), (event.attempt = this.options.attempt ?? 0);
      this.options.sink?.(event);
    }
    return points;
  }

  /** The values a series took this run, interval by interval ('latency.p99' → [...]). */
  series(name: string): number[] {
    return this.kept.get(name) ?? [];
  }

  get latency(): LatencySummary {
    return summarize(this.total);
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
