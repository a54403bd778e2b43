/**
 * The traffic driver (issue 5): open-model HTTP load with microsecond,
 * coordinated-omission-corrected latency; closed-model load on undici or
 * autocannon; WebSocket echo and fan-out load; TCP/UDP throughput streams;
 * k6-style executors, thresholds and baselines. Suites import `test` (with
 * the `traffic` fixture) and `expect` from here.
 */
export { expect } from 'tollgate';
export { test, trafficDriver, createTrafficDriver, type TrafficDriverOptions } from './traffic-driver.ts';
export { TrafficClient, summaryOf, type HttpLoadOptions, type WsLoadOptions, type StreamLoadOptions, type LoadOptions, type TrafficContext } from './traffic-client.ts';
export type { LoadResult } from './load-result.ts';
export { findMaxRate, type MaxRateOptions, type MaxRateStep } from './max-rate-search.ts';
export { ArrivalSchedule, VuSchedule, isOpen, type Executor, type OpenExecutor, type ClosedExecutor, type Stage } from './arrival-schedule.ts';
export { LoadCheckError } from './load-checks.ts';
export { StreamSink, type StreamResult } from './stream-load.ts';
export type { HttpRequestSpec, RequestSource } from './http-request.ts';
export type { LatencySummary } from './latency-histogram.ts';
