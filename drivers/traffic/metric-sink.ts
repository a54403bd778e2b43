import type { MetricEvent, TestInfo } from 'tollgate';

/**
 * Where a load's (or a soak's) metric events go. In a test they become the
 * test's own metrics through `test.info().metric()`, which sends them to
 * the run's bus (run directory, archive, the HTML report's charts); outside
 * a test (a plain script) there is none, and they stay in the load's result.
 */
export type MetricSink = (event: MetricEvent) => void;

/** The sink of a running test: its metrics, measured when the load measured them. */
export function testMetricSink(info: TestInfo): MetricSink {
  return (event) => info.metric(event.name, event.value, { ...(event.unit ? { unit: event.unit } : {}), ...(event.tags ? { tags: event.tags } : {}), time: event.time });
}
