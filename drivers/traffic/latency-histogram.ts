import * as hdr from 'hdr-histogram-js';
import type { MetricView } from 'tollgate/performance';

export type Histogram = hdr.Histogram;

/** Up to one hour in microseconds, three significant digits: ~100 KB a histogram, constant however long the run. */
const HIGHEST_US = 3_600_000_000;

/** An HDR histogram of durations in microseconds. */
export function latencyHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3, bitBucketSize: 32, autoResize: false });
}

/** Records a duration in microseconds; anything below 1 µs is 1 µs, anything above an hour is an hour. */
export function recordMicros(histogram: Histogram, micros: number): void {
  histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, Math.round(micros))));
}

/** A histogram as a threshold's trend metric. */
export function trendView(histogram: Histogram): MetricView {
  const count = histogram.totalCount;
  return {
    kind: 'trend',
    unit: 'us',
    count,
    percentile: (p) => histogram.getValueAtPercentile(p),
    avg: count ? histogram.mean : 0,
    min: count ? histogram.minNonZeroValue : 0,
    max: histogram.maxValue,
  };
}

/** p10, p50, p90, p95, p99, p99.9, min, max and mean in microseconds. */
export interface LatencySummary {
  count: number;
  p10: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
  min: number;
}

export function summarize(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (!count) return { count: 0, p10: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, mean: 0, min: 0 };
  const at = (p: number) => histogram.getValueAtPercentile(p);
  return { count, p10: at(10), p50: at(50), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9), max: histogram.maxValue, mean: Math.round(histogram.mean), min: histogram.minNonZeroValue };
}
