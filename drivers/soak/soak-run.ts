/**
 * A soak (issue 6): a steady open-model load plus a periodic functional
 * probe against the system under test, cut into windows. Per window it
 * keeps only numbers (the load's HDR-histogram percentiles, counts, the
 * SUT's scraped memory), emits them as metric events tagged
 * `soak:<name>`, and judges the drift and leak criteria; nothing grows
 * with the run's length but the list of window summaries (a few numbers each).
 */
import fs from 'node:fs';
import { parseDuration } from 'tollgate/performance';
import { TrafficClient, type RequestSource } from '../traffic/index.ts';
import type { MetricSink } from '../traffic/metric-sink.ts';
import { evaluateCriteria, parseMemorySlope, type CriterionResult, type SoakCriteria, type SoakWindow } from './soak-criteria.ts';
import { parsePrometheusText, sampleValue } from './prometheus-text.ts';
import { SoakMetricsServer } from './soak-metrics-server.ts';
import { readCheckpoint, writeCheckpoint, type SoakGap } from './soak-checkpoint.ts';

/** The environment variable `tollgate run --duration` sets for the tests it runs. */
export const SOAK_DURATION_ENV = 'TOLLGATE_SOAK_DURATION';
/** The annotation each criterion result leaves on the test (JSON), for the gate's `soak` rule. */
export const SOAK_ANNOTATION = 'soak-criterion';
/** The annotation a resumed soak leaves on its test (JSON: soak, gaps, totalMs), for the gate's `gap` rule. */
export const SOAK_GAP_ANNOTATION = 'soak-gap';
/** The annotation with the soak's limits (JSON), so a report can draw the criteria on the window series. */
export const SOAK_LIMITS_ANNOTATION = 'soak-limits';
/** A folder for the soak fixture's checkpoints: a soak run again after its harness died resumes from there. */
export const SOAK_CHECKPOINT_DIR_ENV = 'TOLLGATE_SOAK_CHECKPOINT_DIR';

export interface SoakOptions {
  /** The `soak` tag of its metric events. Default 'soak'. */
  name?: string;
  /** Total length; default: $TOLLGATE_SOAK_DURATION (`tollgate run --duration 72h`), else `defaultDuration`. */
  duration?: string | number;
  /** Used when neither `duration` nor the environment variable is set. Default '20s'. */
  defaultDuration?: string | number;
  /** Window length. Default '5s'. */
  window?: string | number;
  /** The steady load: requests per second against an environment endpoint (default 'api'). */
  load: { rate: number; request?: RequestSource; endpoint?: string; url?: string; headers?: Record<string, string> };
  /** Run once per window, concurrently with the load; a throw counts as a failed probe (an error). */
  probe?: (window: number) => Promise<void>;
  /** The SUT's Prometheus endpoint; default: the environment's `metrics` endpoint. */
  metricsUrl?: string;
  /** The sample the memory criterion watches. Default process_resident_memory_bytes. */
  memoryMetric?: string;
  criteria: SoakCriteria;
  /** Stop as soon as a criterion cannot pass any more. Default true. */
  abortOnFail?: boolean;
  /** Windows before abortOnFail may stop the soak. Default: 4, or all of them when fewer are planned. */
  minWindowsBeforeAbort?: number;
  /** Called after each window (a live view). */
  onWindow?: (window: SoakWindow, progress: { elapsedMs: number; durationMs: number }) => void;
  signal?: AbortSignal;
  /** A file to checkpoint to after every window; when it holds this soak's state, the soak resumes from it and records the gap. */
  checkpoint?: string;
}

export interface SoakResult {
  name: string;
  durationMs: number;
  windowMs: number;
  windows: SoakWindow[];
  criteria: CriterionResult[];
  passed: boolean;
  /** Set when abortOnFail stopped the soak before its duration. */
  abortedBy?: string;
  /** Times the soak was not running between windows (a resumed harness). */
  gaps: SoakGap[];
  /** The sum of the gaps, ms. */
  gapMs: number;
}

export interface SoakContext {
  endpoints?: Record<string, string>;
  sink?: MetricSink;
  testId?: string;
  attempt?: number;
  annotations?: { type: string; description?: string }[];
  /** Serve the soak's progress and the harness's process metrics on this loopback port (0: any free one) while it runs. */
  metricsPort?: number;
  /** Told the metrics server's port once it listens. */
  onMetricsServer?: (port: number) => void;
  /** A line for the test's log (stderr in a worker: a log event of the test), e.g. why a probe failed. */
  log?: (line: string) => void;
}

export class SoakFailure extends Error {
  constructor(readonly result: SoakResult) {
    const failed = result.criteria.filter((c) => c.judged && !c.ok);
    super(`soak "${result.name}" failed${result.abortedBy ? ` (stopped early: ${result.abortedBy})` : ''}: ${failed.map((c) => c.message).join('; ')}`);
    this.name = 'SoakFailure';
  }
}

export function soakDuration(options: Pick<SoakOptions, 'duration' | 'defaultDuration'>): number {
  const given = options.duration ?? (process.env[SOAK_DURATION_ENV] || undefined) ?? options.defaultDuration ?? '20s';
  const ms = parseDuration(given, options.duration !== undefined ? 'soak duration' : `soak duration ($${SOAK_DURATION_ENV} or --duration)`);
  if (!(ms > 0)) throw new Error(`soak duration: expected a positive duration like '60s' or '72h', got ${JSON.stringify(given)}`);
  return ms;
}

export async function runSoak(options: SoakOptions, context: SoakContext = {}): Promise<SoakResult> {
  const name = options.name ?? 'soak';
  const durationMs = soakDuration(options);
  const windowMs = Math.min(durationMs, parseDuration(options.window ?? '5s', 'soak window'));
  const plannedWindows = Math.max(1, Math.round(durationMs / windowMs));
  const minWindows = Math.min(plannedWindows, options.minWindowsBeforeAbort ?? 4);
  const metricsUrl = options.metricsUrl ?? context.endpoints?.metrics;
  const memoryMetric = options.memoryMetric ?? 'process_resident_memory_bytes';
  if (options.criteria.memorySlope !== undefined && !metricsUrl) {
    throw new Error(`soak "${name}": criteria.memorySlope needs the SUT's Prometheus endpoint; pass metricsUrl or add endpoints: { metrics: '...' } to the environment`);
  }
  // The load's own series go out per window too (tag load:<name>), from a client that keeps no attachments.
  const traffic = new TrafficClient({ endpoints: context.endpoints, sink: context.sink, testId: context.testId, attempt: context.attempt });
  const emit = (metric: string, value: number, unit: string, window: number, tags: Record<string, string> = {}) =>
    context.sink?.({ type: 'metric', time: new Date().toISOString(), name: `soak.${metric}`, value, unit, tags: { soak: name, window: String(window), ...tags }, testId: context.testId, attempt: context.attempt });

  const server = context.metricsPort !== undefined ? await SoakMetricsServer.start(context.metricsPort) : undefined;
  if (server) context.onMetricsServer?.(server.port);
  server?.begin(name, durationMs);
  const resumed = options.checkpoint ? readCheckpoint(options.checkpoint, name, windowMs) : undefined;
  const began = resumed?.began ?? Date.now();
  const windows: SoakWindow[] = resumed?.windows ?? [];
  const gaps: SoakGap[] = resumed?.gaps ?? [];
  if (resumed) {
    gaps.push({ afterWindow: windows.length, ms: Date.now() - resumed.savedAt });
    emit('gap', Date.now() - resumed.savedAt, 'ms', windows.length);
  }
  let criteria: CriterionResult[] = [];
  let abortedBy: string | undefined;
  let memoryProblem: string | undefined;
  try {
    for (let index = windows.length; index < plannedWindows && !options.signal?.aborted; index++) {
      const start = Date.now() - began;
      const probe = runProbe(options.probe, index);
      const load = await traffic.http({
        name,
        url: options.load.url,
        endpoint: options.load.endpoint,
        request: options.load.request,
        headers: options.load.headers,
        scenario: { executor: 'constant-arrival-rate', rate: options.load.rate, duration: windowMs },
        interval: windowMs,
        gracefulStop: Math.min(windowMs, 5000),
        throwOnFail: false,
        signal: options.signal,
      });
      const probeError = await probe;
      const probeFailures = probeError === undefined ? 0 : 1;
      if (probeError !== undefined) context.log?.(`soak "${name}" window ${index + 1}: the probe failed: ${probeError}`);
      const scraped = metricsUrl ? await scrapeMemory(metricsUrl, memoryMetric) : undefined;
      const memory = typeof scraped === 'number' ? scraped : undefined;
      if (typeof scraped === 'string') {
        // Said once per kind of problem, not once per window: a 72 h soak with a wrong URL must not flood its log.
        if (scraped !== memoryProblem) context.log?.(`soak "${name}" window ${index + 1}: no memory sample: ${scraped}`);
        memoryProblem = scraped;
      }
      const errors = Object.values(load.errors).reduce((a, b) => a + b, 0);
      const window: SoakWindow = { index, start, end: Date.now() - began, requests: load.completed, errors, p50: load.latency.p50, p99: load.latency.p99, probeFailures, ...(memory !== undefined ? { memory } : {}), ...(probeError !== undefined ? { probeError } : {}) };
      windows.push(window);
      emit('requests', window.requests, 'count', index);
      emit('error_rate', window.requests ? errors / window.requests : 0, 'ratio', index);
      emit('latency.p50', window.p50, 'us', index);
      emit('latency.p99', window.p99, 'us', index);
      emit('probe_failures', probeFailures, 'count', index, probeError !== undefined ? { error: probeError } : {});
      if (memory !== undefined) emit('sut.memory', memory, 'bytes', index);
      // For a live view: how long the soak still runs (the windows left; a resumed soak runs every one of them).
      emit('time_left', (plannedWindows - index - 1) * windowMs, 'ms', index);
      if (options.checkpoint) writeCheckpoint(options.checkpoint, { version: 1, name, began, plannedWindows, windowMs, savedAt: Date.now(), windows, gaps });
      server?.window(name, window, { elapsedMs: window.end, durationMs });
      options.onWindow?.(window, { elapsedMs: window.end, durationMs });
      criteria = evaluateCriteria(options.criteria, windows, { final: false, plannedWindows, minWindows, ...(memoryProblem ? { memoryProblem } : {}) });
      const hopeless = criteria.find((c) => !c.canStillPass);
      if (hopeless && options.abortOnFail !== false && windows.length >= minWindows && index < plannedWindows - 1) {
        abortedBy = `${hopeless.criterion} cannot pass any more after ${windows.length} of ${plannedWindows} windows`;
        break;
      }
    }
  } finally {
    await server?.close();
  }
  // A soak that ran to its end (or was stopped by abortOnFail) has nothing left to resume.
  if (options.checkpoint && !options.signal?.aborted) fs.rmSync(options.checkpoint, { force: true });
  criteria = evaluateCriteria(options.criteria, windows, { final: true, plannedWindows, minWindows, ...(memoryProblem ? { memoryProblem } : {}) });
  for (const criterion of criteria) context.annotations?.push({ type: SOAK_ANNOTATION, description: JSON.stringify({ soak: name, ...criterion }) });
  const gapMs = gaps.reduce((sum, gap) => sum + gap.ms, 0);
  if (gaps.length) context.annotations?.push({ type: SOAK_GAP_ANNOTATION, description: JSON.stringify({ soak: name, gaps, totalMs: gapMs }) });
  context.annotations?.push({ type: SOAK_LIMITS_ANNOTATION, description: JSON.stringify(soakLimits(name, options.criteria, durationMs, windowMs)) });
  return { name, durationMs, windowMs, windows, criteria, passed: criteria.every((c) => c.ok), gaps, gapMs, ...(abortedBy ? { abortedBy } : {}) };
}

/** The criteria as numbers a chart can draw: error-rate ratio, memory bytes per hour, latency creep as a fraction. */
export interface SoakLimits {
  soak: string;
  durationMs: number;
  windowMs: number;
  errorRate?: number;
  memorySlopeBytesPerHour?: number;
  latencyCreepMaxIncrease?: number;
}

function soakLimits(soak: string, criteria: SoakCriteria, durationMs: number, windowMs: number): SoakLimits {
  const creep = criteria.latencyCreep && /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(criteria.latencyCreep.maxIncrease);
  return {
    soak,
    durationMs,
    windowMs,
    ...(criteria.errorRate !== undefined ? { errorRate: criteria.errorRate } : {}),
    ...(criteria.memorySlope !== undefined ? { memorySlopeBytesPerHour: parseMemorySlope(criteria.memorySlope) } : {}),
    ...(creep ? { latencyCreepMaxIncrease: Number(creep[1]) / 100 } : {}),
  };
}

/** Undefined when the probe passed; else why it failed (the error's first line, at most 500 characters). */
async function runProbe(probe: SoakOptions['probe'], window: number): Promise<string | undefined> {
  if (!probe) return undefined;
  try {
    await probe(window);
    return undefined;
  } catch (error) {
    const text = error instanceof Error ? `${error.name && error.name !== 'Error' ? `${error.name}: ` : ''}${error.message}` : String(error);
    return (text.split('\n')[0] || 'the probe threw without a message').slice(0, 500);
  }
}

/**
 * The SUT's memory, or why there is none. A missed scrape is a gap in the
 * series, not a failure of the soak; but a soak whose every scrape missed
 * measured nothing, and the criterion says why (issue 13, item 7).
 */
async function scrapeMemory(url: string, metric: string): Promise<number | string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const text = await response.text();
    if (!response.ok) return `GET ${url} answered ${response.status}`;
    const samples = parsePrometheusText(text);
    const value = sampleValue(samples, metric);
    if (value !== undefined) return value;
    const names = [...new Set(samples.map((s) => s.name))];
    const near = names.filter((n) => /memory|resident|heap/i.test(n)).slice(0, 5);
    return `${url} has no sample named "${metric}" (${names.length} names${near.length ? `; memory-like: ${near.join(', ')}` : ''}); check memoryMetric`;
  } catch (error) {
    return `GET ${url} failed: ${(error as Error).message}`;
  }
}
