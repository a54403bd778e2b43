/** What every ApiClient request resolves with. */

export interface ApiResponse<Body = any> {
  /** The method sent, upper-case. */
  readonly method: string;
  /** The absolute URL requested, with the query. */
  readonly url: string;
  readonly status: number;
  /** Header names lower-case; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the answer said it is JSON (and parsed), else the text; undefined when empty. */
  readonly body: Body;
  /** The raw body as text. */
  readonly text: string;
  /** From sending the request to the end of the body. */
  readonly durationMs: number;
}

const BRAND = Symbol.for('tollgate.api.response');

/** Marks an object as an ApiResponse, so expectSchema can tell a response from a plain value. */
export function makeApiResponse<Body>(fields: ApiResponse<Body>): ApiResponse<Body> {
  return Object.defineProperty({ ...fields }, BRAND, { value: true, enumerable: false });
}

export function isApiResponse(value: unknown): value is ApiResponse {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/** "GET /api/v1/slices/x → 200", for messages. */
export function describeExchange(response: ApiResponse): string {
  let where = response.url;
  try {
    const url = new URL(response.url);
    where = url.pathname + url.search;
  } catch {
    // Not a URL we can shorten; show it whole.
  }
  return `${response.method} ${where} → ${response.status}`;
}
