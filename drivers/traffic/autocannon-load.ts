import autocannon from 'autocannon';
import { recordMicros } from './latency-histogram.ts';
import type { LoadRecorder } from './load-recorder.ts';
import type { LoopOutcome } from './open-model-loop.ts';

export interface AutocannonLoadOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** Requests per second over all connections (autocannon's overallRate): a fixed-rate closed model. */
  overallRate?: number;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  name: string;
  timeoutSeconds: number;
  signal?: AbortSignal;
}

/**
 * The closed model (and autocannon's fixed overall rate) on autocannon's
 * programmatic API, its fastest engine. Its own histogram keeps whole
 * milliseconds, so latency is taken from its per-response event instead,
 * which carries the hrtime duration, and recorded in microseconds. Its
 * fixed rate paces each connection and measures from the actual send: it
 * is not corrected for coordinated omission (use an arrival-rate executor).
 */
export async function runAutocannon(options: AutocannonLoadOptions, recorder: LoadRecorder, stopReason: () => string | undefined): Promise<LoopOutcome> {
  const url = new URL(options.path ?? '', options.url.endsWith('/') ? options.url : `${options.url}/`).toString();
  const started = performance.now();
  const tags = { name: options.name, method: (options.method ?? 'GET').toUpperCase() };
  const registry = recorder.registry;
  let stoppedBy: string | undefined;
  let settle: (error?: Error) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
  const instance = autocannon({
    url: options.path ? url : options.url,
    connections: options.connections,
    duration: options.duration,
    method: tags.method as 'GET',
    headers: options.headers,
    body: options.body,
    timeout: options.timeoutSeconds,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
  }, (error: Error | null) => settle(error ?? undefined));
  // Series looked up once: at tens of thousands of responses a second, a tag lookup per response costs real throughput.
  const okDuration = registry.trendHandle('http_req_duration', { ...tags, expected_response: 'true' });
  const failedDuration = registry.trendHandle('http_req_duration', { ...tags, expected_response: 'false' });
  const failedRate = registry.rateHandle('http_req_failed', tags);
  const received = registry.counterHandle('data_received', {}, 'B');
  const byStatus = new Map<number, { sum: number }>();
  instance.on('response', (_client: unknown, statusCode: number, bytes: number, ms: number) => {
    const micros = ms * 1000;
    const failed = statusCode < 200 || statusCode >= 400;
    const kind = failed ? `http_${statusCode}` : undefined;
    recordMicros(failed ? failedDuration : okDuration, micros);
    failedRate.total++;
    if (failed) failedRate.hits++;
    let requests = byStatus.get(statusCode);
    if (!requests) byStatus.set(statusCode, (requests = registry.counterHandle('http_reqs', { ...tags, status: String(statusCode) })));
    requests.sum++;
    received.sum += bytes;
    if (kind) registry.add('errors', 1, { kind });
    recorder.bytes(bytes, 0);
    recorder.done(micros, kind);
  });
  instance.on('reqError', (error: Error) => {
    const kind = /timeout/i.test(error.message) ? 'timeout' : (error as { code?: string }).code === 'ECONNREFUSED' ? 'connection_refused' : 'connection_reset';
    registry.rate('http_req_failed', true, tags);
    registry.add('http_reqs', 1, { ...tags, status: '0' });
    registry.add('errors', 1, { kind });
    recorder.done(options.timeoutSeconds * 1e6, kind);
  });
  const poll = setInterval(() => {
    stoppedBy ??= stopReason() ?? (options.signal?.aborted ? 'stopped by the test' : undefined);
    if (stoppedBy) instance.stop();
  }, 50);
  try {
    await finished;
  } finally {
    clearInterval(poll);
  }
  return { started: recorder.completed, seconds: (performance.now() - started) / 1000, stoppedBy, abandoned: 0 };
}
