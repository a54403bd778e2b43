import type { MetricEvent } from 'tollgate';

/** Where a load run's metric events go. */
export type MetricSink = (event: MetricEvent) => void;

/**
 * Metric events from inside a test: a tollgate worker forwards events to the
 * run's bus over its IPC channel, as its own `{ type: 'event' }` message
 * (framework/run/protocol.ts), so they reach the run directory, the archive
 * and the HTML report's charts. Outside a worker (a plain script, node
 * --test) there is no bus and the events only stay in the load's result.
 *
 * The framework has no public call for a test to emit a metric yet; when
 * TestInfo gains one, this is the one place to switch to it.
 */
export function workerMetricSink(): MetricSink | undefined {
  if (typeof process.send !== 'function' || process.env.TOLLGATE_WORKER_INDEX === undefined) return undefined;
  return (event) => {
    process.send!({ type: 'event', event });
  };
}
