/**
 * The API driver as a Robot Framework keyword library (issue 8, item 3),
 * in the spirit of RequestsLibrary:
 *
 *   *** Settings ***
 *   Library    API
 *
 *   *** Test Cases ***
 *   Read a slice
 *       ${resp}=    GET    /slices/${id}    expected_status=200
 *       Response Should Match Schema    ${resp}    schemas/slice.json
 *       Should Be Equal    ${resp.json}[id]    ${id}
 *       ${resp}=    POST    /login    data=&{form}    expected_status=200
 *
 * Arguments follow RequestsLibrary's `GET`/`POST`...: `data=` a dictionary
 * is form-encoded, a string sent as it is; `json=` is JSON; `files=` makes
 * a multipart body (robot-request.ts). A schema is a file (relative to the
 * project root), a URL, a dictionary, or a name the API publishes.
 *
 * A response is a dictionary: status (also status_code), headers, json
 * (the parsed body), text, url, method. Requests go to the environment's
 * `api` endpoint (paths are relative to it), with its token; each one is
 * logged in the keyword's messages, secrets redacted.
 */
import type { ResolvedEnvironment } from 'tollgate';
import type { ApiResponse } from './api-response.ts';
import { describeExchange } from './api-response.ts';
import { apiClientFor } from './api-driver.ts';
import type { ApiClient } from './api-client.ts';
import type { StepRecorder } from './step-recorder.ts';
import { robotBody, UploadFile, type RobotBodyArguments } from './robot-request.ts';

/** What the robot adapter hands a library (kept structural, so drivers do not import the adapter). */
export interface RobotLibraryHost {
  environment?: Pick<ResolvedEnvironment, 'name' | 'endpoints' | 'variables' | 'secrets'>;
  /** The project root: relative schema and upload paths are read from it (the working directory when absent). */
  rootDir?: string;
  log(text: string, level?: 'INFO' | 'DEBUG' | 'WARN' | 'TRACE'): void;
}

type ResponseDict = Record<string, unknown>;

class KeywordError extends Error {}

export class ApiLibrary {
  static ROBOT_LIBRARY_SCOPE = 'SUITE';
  private readonly responses = new WeakMap<ResponseDict, ApiResponse>();
  private readonly client: ApiClient;
  private readonly rootDir: string;

  constructor(private readonly _host: RobotLibraryHost, endpoint = 'api') {
    const env = _host.environment;
    if (!env) throw new Error('the API library needs a tollgate environment: run the suite with `tollgate run` (its environment gives the API endpoint)');
    const recorder: StepRecorder = {
      step: async (title, body) => {
        _host.log(title);
        return body();
      },
      attach: async (name, body) => {
        _host.log(`${name}:\n${body.length > 4000 ? `${body.slice(0, 4000)}…` : body}`, 'DEBUG');
      },
    };
    this.rootDir = _host.rootDir ?? process.cwd();
    this.client = apiClientFor({ ...env, variables: env.variables as Record<string, string> } as ResolvedEnvironment, { endpoint, recorder, rootDir: this.rootDir });
  }

  // Positional order as RequestsLibrary's: GET url params; POST/PUT/PATCH url data json; then expected_status, msg.
  async get(url: string, params: unknown = undefined, expected_status: unknown = undefined, msg: unknown = undefined, headers: unknown = undefined): Promise<ResponseDict> {
    return this._send('GET', url, { params, headers }, expected_status, msg);
  }
  async post(url: string, data: unknown = undefined, json: unknown = undefined, expected_status: unknown = undefined, msg: unknown = undefined, headers: unknown = undefined, files: unknown = undefined, params: unknown = undefined): Promise<ResponseDict> {
    return this._send('POST', url, { data, json, files, headers, params }, expected_status, msg);
  }
  async put(url: string, data: unknown = undefined, json: unknown = undefined, expected_status: unknown = undefined, msg: unknown = undefined, headers: unknown = undefined, files: unknown = undefined, params: unknown = undefined): Promise<ResponseDict> {
    return this._send('PUT', url, { data, json, files, headers, params }, expected_status, msg);
  }
  async patch(url: string, data: unknown = undefined, json: unknown = undefined, expected_status: unknown = undefined, msg: unknown = undefined, headers: unknown = undefined, files: unknown = undefined, params: unknown = undefined): Promise<ResponseDict> {
    return this._send('PATCH', url, { data, json, files, headers, params }, expected_status, msg);
  }
  async delete(url: string, expected_status: unknown = undefined, msg: unknown = undefined, headers: unknown = undefined, data: unknown = undefined, json: unknown = undefined, params: unknown = undefined): Promise<ResponseDict> {
    return this._send('DELETE', url, { data, json, headers, params }, expected_status, msg);
  }

  /** A file to put in `files=`, read when the request is sent (RequestsLibrary's keyword of the same name). */
  getFileForStreamingUpload(path: string): UploadFile {
    return new UploadFile(path);
  }

  /** Fails unless the response has the status: `Status Should Be    201    ${resp}`. */
  statusShouldBe(expected_status: unknown, response: unknown, msg: unknown = undefined): void {
    const r = this._response(response);
    checkStatus(r, expected_status, msg);
  }

  /** Checks the response body against a schema: a file, a URL, a dictionary, or a name the API publishes. */
  async responseShouldMatchSchema(response: unknown, schema: unknown): Promise<void> {
    const r = this._response(response);
    try {
      await this.client.expectSchema(r, schemaArgument(schema));
    } catch (error) {
      throw new KeywordError((error as Error).message);
    }
  }

  /** Checks any value (a dictionary, a list) against a schema, given as Response Should Match Schema takes it. */
  async valueShouldMatchSchema(value: unknown, schema: unknown): Promise<void> {
    try {
      await this.client.expectSchema(value, schemaArgument(schema));
    } catch (error) {
      throw new KeywordError((error as Error).message);
    }
  }

  async getSchema(schema: unknown): Promise<unknown> {
    try {
      return await this.client.schema(schemaArgument(schema));
    } catch (error) {
      throw new KeywordError((error as Error).message);
    }
  }

  /** The URL a path resolves to, for messages and links. */
  apiUrl(path: string = ''): string {
    return this.client.url(path);
  }

  /** Called by the adapter when the library's suite ends: closes event streams. */
  async _close(): Promise<void> {
    await this.client.close();
  }

  private async _send(method: string, url: string, options: RobotBodyArguments & { params?: unknown; headers?: unknown }, expected: unknown, msg: unknown): Promise<ResponseDict> {
    let body;
    try {
      body = robotBody(options, this.rootDir);
    } catch (error) {
      throw new KeywordError(`${method} ${url}: ${(error as Error).message}`);
    }
    // The caller's headers win over the Content-Type a body option implies.
    const headers = body.headers || options.headers !== undefined ? { ...body.headers, ...(options.headers as Record<string, string> | undefined) } : undefined;
    const response = await this.client.request(method, url, {
      ...body,
      ...(options.params !== undefined ? { query: options.params as Record<string, string> } : {}),
      ...(headers ? { headers } : {}),
    });
    const dict: ResponseDict = {
      status: response.status, status_code: response.status, headers: { ...response.headers }, json: response.body ?? null,
      text: response.text, url: response.url, method: response.method, elapsed_ms: response.durationMs,
    };
    this.responses.set(dict, response);
    checkStatus(response, expected, msg);
    return dict;
  }

  private _response(value: unknown): ApiResponse {
    const r = typeof value === 'object' && value !== null ? this.responses.get(value as ResponseDict) : undefined;
    if (!r) throw new KeywordError(`Expected a response returned by GET, POST, PUT, PATCH or DELETE of the API library, got ${typeof value === 'string' ? `'${value}'` : typeof value}.`);
    return r;
  }
}

/** A schema as Robot gives it: a dictionary is the schema itself; anything else names a file, a URL or a published schema. */
function schemaArgument(schema: unknown): string | Record<string, unknown> {
  return typeof schema === 'object' && schema !== null && !Array.isArray(schema) ? (schema as Record<string, unknown>) : String(schema);
}

/** RequestsLibrary's rule: no expected status means any 4xx/5xx fails; 'any' accepts everything. */
function checkStatus(response: ApiResponse, expected: unknown, msg: unknown): void {
  if (expected === undefined || expected === null || expected === '') {
    if (response.status >= 400) {
      throw new KeywordError(`HTTPError: ${response.status} ${response.status < 500 ? 'Client' : 'Server'} Error for url: ${response.url}`);
    }
    return;
  }
  const text = String(expected).trim().toLowerCase();
  if (text === 'any' || text === 'anything') return;
  const want = text === 'ok' ? 200 : Number(text);
  if (response.status !== want) {
    const base = `Url: ${response.url} Expected status: ${response.status} != ${want}`;
    throw new KeywordError(msg !== undefined && msg !== null ? `${String(msg)}` : `${base} (${describeExchange(response)})`);
  }
}

/** Entry point the robot adapter calls for `Library    API    [endpoint]`. */
export function createLibrary(host: RobotLibraryHost, endpoint?: unknown): ApiLibrary {
  return new ApiLibrary(host, endpoint === undefined ? 'api' : String(endpoint));
}
