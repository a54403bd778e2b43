/**
 * An HTTP client for a runtime API, bound to one base URL. Every exchange is
 * recorded as a step ("POST /slices → 201", category 'api') with the request
 * and the response attached as JSON, credentials and secrets redacted.
 *
 *   const api = new ApiClient({ baseUrl: env.endpoints.api, token: env.secrets.apiToken });
 *   const created = await api.post('/slices', { data: slice });
 *   await api.expectSchema(created, 'schemas/slice.json');   // or a URL, an object, a published name
 *   await api.post('/login', { form: { user: 'ada' } });
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
import { expectSchema, type ExpectSchemaOptions, type JsonSchema } from './expect-schema.ts';
import { SecretScrubber, truncate } from './redact.ts';
import { encodeBody, type BodyOptions } from './request-body.ts';
import { checkedSchema, locateSchema, parseSchema, readSchemaFile, type SchemaSource } from './schema-source.ts';
import { testStepRecorder, type StepRecorder } from './step-recorder.ts';

type QueryValue = string | number | boolean | null | undefined;

/**
 * One body at most: `body` (or Playwright's `data`): a string or bytes as
 * they are, anything else as JSON; `form`: urlencoded; `multipart`: fields and files.
 */
export interface RequestOptions extends BodyOptions {
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
  /** Where relative schema files are read from; the working directory by default (a tollgate worker runs in the project root). */
  rootDir?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_ATTACH_LIMIT = 64 * 1024;

/**
 * Schemas by source (a file's absolute path, a URL), shared by every client
 * of this process and compiled once: a system's schemas do not change during a run.
 */
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
  private readonly rootDir: string;
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
    this.rootDir = options.rootDir ?? process.cwd();
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

  request<B = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<B>> {
    return this.send<B>(method, path, options, true);
  }

  /** `withToken` false keeps the bearer token from a host that is not the API's (a schema URL elsewhere). */
  private async send<B>(method: string, path: string, options: RequestOptions, withToken: boolean): Promise<ApiResponse<B>> {
    method = method.toUpperCase();
    const origin = callSite();
    const url = this.url(path, options.query);
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers, ...lowerCaseKeys(options.headers) };
    if (withToken && this.token && headers.authorization === undefined) headers.authorization = `Bearer ${this.token}`;
    let encoded;
    try {
      encoded = await encodeBody(options);
    } catch (error) {
      throw pointAtCaller(new Error(`${method} ${this.scrubber.text(url)}: ${(error as Error).message}`), origin);
    }
    const body = encoded.body;
    if (encoded.contentType) headers['content-type'] ??= encoded.contentType;
    // Titles show the path under the base URL, as the test wrote it; other URLs whole.
    const shownPath = this.scrubber.text(url.startsWith(`${this.baseUrl}/`) ? url.slice(this.baseUrl.length) : url);
    const requestRecord = { method, url, headers, body: encoded.parts ? this.partsForRecord(encoded.parts) : this.bodyForRecord(body, headers['content-type']) };

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

  /** A multipart body's fields as the attachment shows them: text redacted and cut, files by name and size. */
  private partsForRecord(parts: Record<string, string | string[]>): Record<string, string | string[]> {
    const shown = (text: string) => truncate(this.scrubber.text(text), this.attachLimit);
    return Object.fromEntries(Object.entries(parts).map(([name, value]) => [name, Array.isArray(value) ? value.map(shown) : shown(value)]));
  }

  private async attachRecord(name: string, record: { headers: Record<string, string>; url: string } & Record<string, unknown>): Promise<void> {
    const safe = { ...record, url: this.scrubber.text(record.url), headers: this.scrubber.headers(record.headers) };
    await this.recorder.attach(name, JSON.stringify(safe, null, 2), 'application/json');
  }

  /**
   * A schema, compiled once and cached per source: a file (relative to the
   * project root, or absolute), a URL (fetched), a JSON Schema object, or a
   * bare name the API publishes at `<baseUrl>/schemas/<name>`. A missing or
   * broken source fails with an error naming it.
   *
   * @example
   *   await api.schema('schemas/user.json');
   *   await api.schema('https://example.com/user.schema.json');
   *   await api.schema('slice');   // GET <api>/schemas/slice
   */
  schema(source: SchemaSource): Promise<JsonSchema> {
    const origin = callSite();
    if (typeof source !== 'string') {
      try {
        return Promise.resolve(checkedSchema(source, undefined, 'the schema object'));
      } catch (error) {
        return Promise.reject(pointAtCaller(error as Error, origin));
      }
    }
    const location = locateSchema(source, this.rootDir);
    const key = location.kind === 'file' ? `file:${location.path}` : location.kind === 'url' ? location.url : this.url(`/schemas/${encodeURIComponent(location.name)}`);
    let cached = schemaCache.get(key);
    if (!cached) {
      const load = location.kind === 'file' ? readSchemaFile(location, this.rootDir) : location.kind === 'url' ? this.fetchSchema(location.url) : this.publishedSchema(location.name, key);
      cached = load.catch((error: unknown) => {
        throw error instanceof Error ? pointAtCaller(error, origin) : error;
      });
      cached.catch(() => schemaCache.delete(key));
      schemaCache.set(key, cached);
    }
    return cached;
  }

  /** A schema the API publishes by name (the reference POD's convention). */
  private async publishedSchema(name: string, url: string): Promise<JsonSchema> {
    const response = await this.get(url);
    if (response.status !== 200 || typeof response.body !== 'object' || response.body === null) {
      const detail = typeof response.body === 'object' && response.body?.message ? `: ${response.body.message}` : '';
      throw new Error(
        `the API publishes no schema "${name}": GET ${url} answered ${response.status}${detail}. ` +
          'To use a schema file, give its path (e.g. "schemas/' + name + '.json"); a URL or an object works too',
      );
    }
    return checkedSchema(response.body, name, `the schema "${name}" at ${url}`);
  }

  /** A schema at any URL; its text is read as JSON whatever its Content-Type (raw files are often text/plain). */
  private async fetchSchema(url: string): Promise<JsonSchema> {
    const sameHost = new URL(url).origin === new URL(this.baseUrl).origin;
    const response = await this.send('GET', url, {}, sameHost);
    const where = `schema URL ${this.scrubber.text(url)}`;
    if (response.status !== 200) throw new Error(`${where} answered ${response.status}, not 200 with a JSON Schema`);
    return parseSchema(response.text, url, where);
  }

  /**
   * Checks a response body (or a value) against a schema: a file, a URL,
   * an object or a published name, as schema() takes them.
   *
   * @example
   *   await api.expectSchema(await api.get('/slices/robots'), 'schemas/slice.json');
   */
  async expectSchema(subject: unknown, schema: SchemaSource, options?: ExpectSchemaOptions): Promise<void> {
    const origin = callSite();
    const resolved = await this.schema(schema);
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
