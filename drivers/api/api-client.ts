/**
 * An HTTP client for a runtime API, bound to one base URL. Every exchange is
 * recorded as a step ("POST /slices → 201", category 'api') with the request
 * and the response attached as JSON, credentials and secrets redacted.
 *
 *   const api = new ApiClient({ baseUrl: env.endpoints.api, token: env.secrets.apiToken });
 *   const created = await api.post('/slices', { body: slice });
 *   await api.expectSchema(created, 'slice');
 *   const stream = await api.events();
 *   await api.close();
 *
 * Why the step is recorded after the answer: its title carries the status,
 * and a step's title is fixed when it begins. The exchange's own duration is
 * in the response (durationMs) and in its attachment.
 */
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import { makeApiResponse, type ApiResponse } from './api-response.ts';
import { callSite, pointAtCaller } from './driver-frames.ts';
import { openStream, type EventStream } from './event-stream.ts';
import { expectSchema, nameSchema, type ExpectSchemaOptions, type JsonSchema } from './expect-schema.ts';
import { SecretScrubber, truncate } from './redact.ts';
import { testStepRecorder, type StepRecorder } from './step-recorder.ts';

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  /** A string or bytes go as they are; anything else is sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Added to the URL; null and undefined values are left out, arrays repeat the name. */
  query?: Record<string, QueryValue | readonly QueryValue[]>;
  /** Overrides the client's timeout for this request. */
  timeoutMs?: number;
}

export interface ApiClientOptions {
  /** Paths are resolved under it: baseUrl 'http://h/api/v1' + '/slices'. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>` unless a request sets its own Authorization. */
  token?: string;
  /** Values never to show in steps, attachments or errors (the token is always one). */
  secrets?: Iterable<string | undefined>;
  /** Sent with every request. */
  headers?: Record<string, string>;
  /** The whole exchange, headers and body; 10 s by default. */
  timeoutMs?: number;
  /** Bodies longer than this many characters are cut in attachments; 64 KiB by default. */
  attachLimit?: number;
  /** The WebSocket URL events() opens; by default the base URL's ws:// twin plus /events. */
  eventsUrl?: string;
  recorder?: StepRecorder;
  /** An undici dispatcher (an Agent with its own pool); undici's global one by default. */
  dispatcher?: Dispatcher;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_ATTACH_LIMIT = 64 * 1024;

/** Schemas fetched by URL, shared by every client of this process: a POD's schemas do not change during a run. */
const schemaCache = new Map<string, Promise<JsonSchema>>();

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function isJsonType(contentType: string | undefined): boolean {
  return /[/+]json\b/i.test(contentType ?? '');
}

export class ApiClient {
  readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly scrubber: SecretScrubber;
  private readonly secretValues: string[];
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly attachLimit: number;
  private readonly eventsUrl: string;
  private readonly recorder: StepRecorder;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly streams = new Set<EventStream>();

  constructor(options: ApiClientOptions) {
    if (!/^https?:\/\//.test(options.baseUrl ?? '')) {
      throw new Error(`ApiClient needs an http:// or https:// baseUrl, got ${JSON.stringify(options.baseUrl)}`);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token || undefined;
    this.secretValues = [...(options.secrets ?? []), this.token].filter((v): v is string => typeof v === 'string' && v !== '');
    this.scrubber = new SecretScrubber(this.secretValues);
    this.headers = lowerCaseKeys(options.headers);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.attachLimit = options.attachLimit ?? DEFAULT_ATTACH_LIMIT;
    this.eventsUrl = options.eventsUrl ?? `${this.baseUrl.replace(/^http/, 'ws')}/events`;
    this.recorder = options.recorder ?? testStepRecorder;
    this.dispatcher = options.dispatcher;
  }

  get<B = any>(path: string, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request<B>('GET', path, options);
  }

  post<B = any>(path: string, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request<B>('POST', path, options);
  }

  put<B = any>(path: string, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request<B>('PUT', path, options);
  }

  patch<B = any>(path: string, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request<B>('PATCH', path, options);
  }

  delete<B = any>(path: string, options?: RequestOptions): Promise<ApiResponse<B>> {
    return this.request<B>('DELETE', path, options);
  }

  /** The absolute URL for a path (an absolute URL stays as it is). */
  url(path: string, query?: RequestOptions['query']): string {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? path : `${this.baseUrl}/${path.replace(/^\/+/, '')}`);
    for (const [name, raw] of Object.entries(query ?? {})) {
      for (const value of Array.isArray(raw) ? raw : [raw]) {
        if (value !== null && value !== undefined) url.searchParams.append(name, String(value));
      }
    }
    return url.toString();
  }

  async request<B = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<B>> {
    method = method.toUpperCase();
    const origin = callSite();
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers, ...lowerCaseKeys(options.headers) };
    if (this.token && headers.authorization === undefined) headers.authorization = `Bearer ${this.token}`;
    let body: string | Uint8Array | undefined;
    if (typeof options.body === 'string' || options.body instanceof Uint8Array) body = options.body;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    // Titles show the path under the base URL, as the test wrote it; other URLs whole.
    const shownPath = this.scrubber.text(url.startsWith(`${this.baseUrl}/`) ? url.slice(this.baseUrl.length) : url);
    const requestRecord = { method, url, headers, body: this.bodyForRecord(body, headers['content-type']) };

    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const signal = AbortSignal.timeout(timeoutMs);
    const started = performance.now();
    let response: ApiResponse<B>;
    try {
      const answer = await request(url, { method: method as Dispatcher.HttpMethod, headers, body, signal, dispatcher: this.dispatcher });
      const text = await answer.body.text();
      const responseHeaders = flatHeaders(answer.headers);
      let parsed: unknown = text === '' ? undefined : text;
      if (text !== '' && isJsonType(responseHeaders['content-type'])) {
        try {
          parsed = JSON.parse(text);
        } catch {
          // Left as text: a schema check then says the body is a string, which is the truth.
        }
      }
      response = makeApiResponse<B>({ method, url, status: answer.statusCode, headers: responseHeaders, body: parsed as B, text, durationMs: performance.now() - started });
    } catch (cause) {
      const why = signal.aborted ? `no complete answer within ${timeoutMs} ms` : (cause as Error).message || String(cause);
      const error = pointAtCaller(new Error(this.scrubber.text(`${method} ${url} failed: ${why}. Is the system under test running at ${this.baseUrl}?`), { cause }), origin);
      await this.recorder.step(`${method} ${shownPath} → failed`, async () => {
        await this.attachRecord(`${method} ${shownPath} request`, requestRecord);
        throw error;
      });
      throw error;
    }
    await this.recorder.step(`${method} ${shownPath} → ${response.status}`, async () => {
      await this.attachRecord(`${method} ${shownPath} request`, requestRecord);
      await this.attachRecord(`${method} ${shownPath} response`, {
        status: response.status,
        url,
        durationMs: Math.round(response.durationMs * 100) / 100,
        headers: response.headers,
        body: this.bodyForRecord(response.text, response.headers['content-type']),
      });
    });
    return response;
  }

  /** A body as an attachment shows it: JSON as a value when it fits, otherwise (cut) text. */
  private bodyForRecord(body: string | Uint8Array | undefined, contentType: string | undefined): unknown {
    if (body === undefined || body === '') return undefined;
    if (typeof body !== 'string') return `(${body.byteLength} bytes${contentType ? ` of ${contentType}` : ''})`;
    const text = this.scrubber.text(body);
    if (text.length <= this.attachLimit && isJsonType(contentType)) {
      try {
        return JSON.parse(text);
      } catch {
        // Not JSON after all; shown as text.
      }
    }
    return truncate(text, this.attachLimit);
  }

  private async attachRecord(name: string, record: { headers: Record<string, string>; url: string } & Record<string, unknown>): Promise<void> {
    const safe = { ...record, url: this.scrubber.text(record.url), headers: this.scrubber.headers(record.headers) };
    await this.recorder.attach(name, JSON.stringify(safe, null, 2), 'application/json');
  }

  /**
   * A schema the API publishes at `<baseUrl>/schemas/<name>`, fetched once
   * per process and named for messages.
   */
  schema(name: string): Promise<JsonSchema> {
    const url = this.url(`/schemas/${encodeURIComponent(name)}`);
    let cached = schemaCache.get(url);
    if (!cached) {
      const origin = callSite();
      cached = this.get(url).then((response) => {
        if (response.status !== 200 || typeof response.body !== 'object' || response.body === null) {
          const detail = typeof response.body === 'object' && response.body?.message ? `: ${response.body.message}` : '';
          throw pointAtCaller(new Error(`the API publishes no schema "${name}": GET ${url} answered ${response.status}${detail}`), origin);
        }
        return nameSchema(response.body as JsonSchema, name);
      });
      cached.catch(() => schemaCache.delete(url));
      schemaCache.set(url, cached);
    }
    return cached;
  }

  /**
   * Checks a response body (or a value) against a schema given as an
   * object or by its published name.
   *
   * @example
   *   await api.expectSchema(await api.get('/slices/robots'), 'slice');
   */
  async expectSchema(subject: unknown, schema: string | JsonSchema, options?: ExpectSchemaOptions): Promise<void> {
    const origin = callSite();
    const resolved = typeof schema === 'string' ? await this.schema(schema) : schema;
    try {
      expectSchema(subject, resolved, options);
    } catch (error) {
      throw error instanceof Error ? pointAtCaller(error, origin) : error;
    }
  }

  /** Opens the event stream (or `url`); the client closes it in close(). */
  async events(options: { since?: number; url?: string; timeoutMs?: number } = {}): Promise<EventStream> {
    const url = new URL(options.url ?? this.eventsUrl);
    if (options.since !== undefined) url.searchParams.set('since', String(options.since));
    const headers = this.token ? { authorization: `Bearer ${this.token}` } : undefined;
    const stream = await openStream(url.toString(), {
      headers,
      secrets: this.secretValues,
      recorder: this.recorder,
      defaultTimeoutMs: options.timeoutMs,
    });
    this.streams.add(stream);
    return stream;
  }

  /** Closes every stream this client opened. */
  async close(): Promise<void> {
    const streams = [...this.streams];
    this.streams.clear();
    await Promise.all(streams.map((stream) => stream.close()));
  }
}
