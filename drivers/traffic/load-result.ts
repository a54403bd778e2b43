import type { BaselineResult, MetricLookup, ThresholdResult } from 'tollgate/performance';
import type { DistributedSummary } from './distributed-load.ts';
import type { GeneratorHealth } from './generator-health.ts';
import type { LatencySummary } from './latency-histogram.ts';

/** What a load run measured and how it fared against its limits. */
export interface LoadResult {
  name: string;
  kind: 'http' | 'ws' | 'stream';
  executor: string;
  /** Operations finished (requests answered or failed, messages delivered or lost, writes). */
  completed: number;
  /** Finished operations per second over the run. */
  rate: number;
  /** For arrival-rate executors: the rate asked for, on average over the schedule. */
  targetRate?: number;
  /** Open model: arrivals started per second of schedule (a generator that falls behind starts fewer). */
  sendRate?: number;
  /** Open model: how late the generator started requests after their scheduled times, in µs. */
  sendLag?: LatencySummary;
  /** Arrivals that found no free slot (maxInFlight) and were skipped. */
  dropped: number;
  seconds: number;
  /** Microseconds, coordinated omission corrected for arrival-rate executors. */
  latency: LatencySummary;
  errors: Record<string, number>;
  errorRate: number;
  bytes: { received: number; sent: number };
  thresholds: ThresholdResult[];
  baselines: BaselineResult[];
  /** The generator's own health: send lag, event-loop delay, CPU (and the machine's, when it runs the system too). */
  generator: GeneratorHealth;
  /** True when every threshold held and no baseline regressed (warnings aside). */
  passed: boolean;
  /**
   * A distributed load (`instances: n`): this instance and the whole load's merged latency. The
   * thresholds above were then held on the merge of every instance, not on this one's share.
   */
  distributed?: DistributedSummary;
  /** Set when the run ended early (abortOnFail, the test's signal). */
  stoppedBy?: string;
  /** The k6-style metrics, for more checks: `result.metric('http_req_duration', { name: 'read' })`. */
  metric: (name: string, tags?: Record<string, string>) => ReturnType<MetricLookup>;
  /** The per-interval values of a series this run: `result.series('latency.p99')`. */
  series: (name: string) => number[];
}
