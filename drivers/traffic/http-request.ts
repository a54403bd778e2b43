import { Pool } from 'undici';
import { recordMicros, type Histogram } from './latency-histogram.ts';
import type { LoadRecorder } from './load-recorder.ts';

interface RequestSeries {
  okDuration: Histogram;
  failedDuration: Histogram;
  service: Histogram;
  failed: { total: number; hits: number };
  requests: Map<number, { sum: number }>;
  received: { sum: number };
  sent: { sum: number };
}

/** One request of a load, or a function of the iteration number that makes it. */
export interface HttpRequestSpec {
  method?: string;
  /** Appended to the load's base URL: 'slices/fremont-video', '/slices?site=x'. */
  path?: string;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
  /** The `name` tag (`http_req_duration{name:read}`); default: the method and path. */
  name?: string;
  /** Statuses that count as success; default 200-399. */
  expectedStatuses?: number[];
}

export type RequestSource = HttpRequestSpec | ((iteration: number) => HttpRequestSpec);

interface Prepared {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  name: string;
  expected: (status: number) => boolean;
}

/**
 * Sends load requests to one origin through an undici Pool and records each
 * one: the k6 metrics (http_reqs, http_req_duration in µs, http_req_failed,
 * data_received, data_sent) and the per-interval series.
 */
export class HttpTarget {
  readonly pool: Pool;
  private readonly series = new Map<string, RequestSeries>();
  private readonly prepared = new Map<object, Prepared>();
  private readonly basePath: string;
  private readonly origin: string;

  constructor(
    baseUrl: string,
    private readonly recorder: LoadRecorder,
    private readonly options: { connections: number; timeoutMs: number; headers?: Record<string, string> },
  ) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error(`traffic: "${baseUrl}" is not an absolute URL; pass url: 'http://host:port/path' or an environment endpoint`);
    }
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/$/, '') + url.search;
    this.pool = new Pool(this.origin, { connections: options.connections, pipelining: 1, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs, keepAliveTimeout: 30_000 });
  }

  prepare(source: RequestSource, iteration: number): Prepared {
    // One fixed request is prepared once; a function makes a new one each iteration.
    if (typeof source !== 'function') {
      let ready = this.prepared.get(source);
      if (!ready) this.prepared.set(source, (ready = this.build(source)));
      return ready;
    }
    return this.build(source(iteration));
  }

  private build(spec: HttpRequestSpec): Prepared {
    const method = (spec.method ?? 'GET').toUpperCase();
    const relative = spec.path ?? '';
    const path = relative.startsWith('/') || relative === '' ? `${this.basePath}${relative}` : `${this.basePath}/${relative}`;
    const headers: Record<string, string> = { ...this.options.headers, ...spec.headers };
    let body: string | Buffer | undefined;
    if (spec.body !== undefined) {
      body = typeof spec.body === 'string' || Buffer.isBuffer(spec.body) ? spec.body : JSON.stringify(spec.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = typeof spec.body === 'string' ? 'text/plain' : 'application/json';
    }
    const statuses = spec.expectedStatuses;
    return { method, path: path || '/', headers, body, name: spec.name ?? `${method} ${relative || '/'}`, expected: statuses ? (s) => statuses.includes(s) : (s) => s >= 200 && s < 400 };
  }

  /**
   * Sends one request. Latency is counted from `intendedStart` (the time it
   * should have started: coordinated omission corrected) and, separately,
   * from when it really went out (`http_req_service`, uncorrected).
   */
  async send(request: Prepared, intendedStart: number): Promise<void> {
    const sentAt = performance.now();
    const tags = { name: request.name, method: request.method };
    let status = 0;
    let received = 0;
    let kind: string | undefined;
    try {
      const response = await this.pool.request({ method: request.method as 'GET', path: request.path, headers: request.headers, body: request.body });
      status = response.statusCode;
      received = (await response.body.arrayBuffer()).byteLength;
      if (!request.expected(status)) kind = `http_${status}`;
    } catch (error) {
      kind = errorKind(error);
    }
    const end = performance.now();
    const micros = (end - intendedStart) * 1000;
    const sent = request.body === undefined ? 0 : Buffer.byteLength(request.body);
    const series = this.seriesOf(request, tags);
    recordMicros(kind ? series.failedDuration : series.okDuration, micros);
    recordMicros(series.service, (end - sentAt) * 1000);
    series.failed.total++;
    if (kind) series.failed.hits++;
    let byStatus = series.requests.get(status);
    if (!byStatus) series.requests.set(status, (byStatus = this.recorder.registry.counterHandle('http_reqs', { ...tags, status: String(status) })));
    byStatus.sum++;
    series.received.sum += received;
    series.sent.sum += sent;
    if (kind) this.recorder.registry.add('errors', 1, { kind });
    this.recorder.bytes(received, sent);
    this.recorder.done(micros, kind);
  }

  /** The series one request name records into, looked up once rather than on every request. */
  private seriesOf(request: Prepared, tags: { name: string; method: string }): RequestSeries {
    const key = `${request.method} ${request.name}`;
    let series = this.series.get(key);
    if (!series) {
      const registry = this.recorder.registry;
      series = {
        okDuration: registry.trendHandle('http_req_duration', { ...tags, expected_response: 'true' }),
        failedDuration: registry.trendHandle('http_req_duration', { ...tags, expected_response: 'false' }),
        service: registry.trendHandle('http_req_service', tags),
        failed: registry.rateHandle('http_req_failed', tags),
        requests: new Map(),
        received: registry.counterHandle('data_received', {}, 'B'),
        sent: registry.counterHandle('data_sent', {}, 'B'),
      };
      this.series.set(key, series);
    }
    return series;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** A failed request's kind, for `errors{kind:...}`: timeout, connection_refused, connection_reset, ... */
export function errorKind(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'timeout';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'connection_reset';
  if (code === 'UND_ERR_ABORTED' || (error as Error).name === 'AbortError') return 'aborted';
  return code ? code.toLowerCase() : 'other';
}
