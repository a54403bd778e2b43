import { Pool } from 'undici';
import type { LoadRecorder } from './load-recorder.ts';

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
    const spec = typeof source === 'function' ? source(iteration) : source;
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
    const registry = this.recorder.registry;
    registry.trend('http_req_duration', micros, { ...tags, expected_response: String(!kind) });
    registry.trend('http_req_service', (end - sentAt) * 1000, tags);
    registry.rate('http_req_failed', Boolean(kind), tags);
    registry.add('http_reqs', 1, { ...tags, status: String(status) });
    registry.add('data_received', received, {}, 'B');
    registry.add('data_sent', sent, {}, 'B');
    if (kind) registry.add('errors', 1, { kind });
    this.recorder.bytes(received, sent);
    this.recorder.done(micros, kind);
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
