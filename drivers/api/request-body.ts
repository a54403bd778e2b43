/**
 * What a request sends, from the body options Playwright's APIRequestContext
 * also takes (issue 14, item 5): `data` (or `body`: a string or bytes as
 * they are, anything else as JSON), `form` (application/x-www-form-urlencoded)
 * and `multipart` (multipart/form-data with fields and files).
 *
 *   await api.post('/login', { form: { user: 'ada', remember: true } });
 *   await api.post('/upload', { multipart: { note: 'hi', file: { name: 'a.txt', mimeType: 'text/plain', buffer } } });
 *
 * Multipart bodies are encoded here (through the platform's FormData and
 * Response) rather than by undici on the way out, so the request carries a
 * Content-Length and its attachment shows the real Content-Type with its
 * boundary.
 */
import { ReadStream } from 'node:fs';
import { basename } from 'node:path';

export type FormValue = string | number | boolean;

/** A file part, as Playwright's `multipart` takes it. */
export interface FilePayload {
  /** The file name the server sees. */
  name: string;
  mimeType: string;
  buffer: Uint8Array;
}

export type FormBody = Record<string, FormValue | readonly FormValue[]> | URLSearchParams;
export type MultipartBody = Record<string, FormValue | FilePayload | ReadStream> | FormData;

export interface BodyOptions {
  /** A string or bytes go as they are; anything else is sent as JSON. */
  body?: unknown;
  /** Playwright's name for `body`. */
  data?: unknown;
  form?: FormBody;
  multipart?: MultipartBody;
}

export interface EncodedBody {
  body: string | Uint8Array | undefined;
  /** The Content-Type the body needs, unless the request sets its own. */
  contentType?: string;
  /** What the request's attachment shows for a multipart body: its fields, and files by name and size. */
  parts?: Record<string, string | string[]>;
}

const BODY_OPTIONS = ['body', 'data', 'form', 'multipart'] as const;

/** Encodes the one body option a request gave; throws naming them when it gave several. */
export async function encodeBody(options: BodyOptions): Promise<EncodedBody> {
  const given = BODY_OPTIONS.filter((name) => options[name] !== undefined);
  if (given.length > 1) {
    throw new Error(`a request takes one body, and this one has ${given.join(' and ')}: give only one of body (or data), form and multipart`);
  }
  if (options.form !== undefined) return { body: formText(options.form), contentType: 'application/x-www-form-urlencoded' };
  if (options.multipart !== undefined) return encodeMultipart(options.multipart);
  const value = options.body ?? options.data;
  if (value === undefined || typeof value === 'string' || value instanceof Uint8Array) return { body: value };
  return { body: JSON.stringify(value), contentType: 'application/json' };
}

function formText(form: FormBody): string {
  if (form instanceof URLSearchParams) return form.toString();
  if (typeof form !== 'object' || form === null || Array.isArray(form)) {
    throw new TypeError(`form needs a record of names to values (or URLSearchParams), got ${Array.isArray(form) ? 'an array' : typeof form}`);
  }
  const params = new URLSearchParams();
  for (const [name, raw] of Object.entries(form)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (value !== null && value !== undefined) params.append(name, String(value));
    }
  }
  return params.toString();
}

function isFilePayload(value: unknown): value is FilePayload {
  return typeof value === 'object' && value !== null && 'buffer' in value && 'name' in value;
}

/** A FormData from this realm or another copy of undici: both have entries(). */
function isFormData(value: unknown): value is FormData {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object FormData]';
}

async function streamBytes(stream: ReadStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

async function encodeMultipart(multipart: MultipartBody): Promise<EncodedBody> {
  const form = new FormData();
  const parts: Record<string, string | string[]> = {};
  const show = (name: string, text: string) => {
    const had = parts[name];
    parts[name] = had === undefined ? text : [...(Array.isArray(had) ? had : [had]), text];
  };
  const addFile = (field: string, file: FilePayload) => {
    const bytes = file.buffer instanceof Uint8Array ? file.buffer : Buffer.from(String(file.buffer));
    // A copy: Blob takes bytes over a plain ArrayBuffer, and a Uint8Array may be a view of a shared one.
    form.append(field, new Blob([new Uint8Array(bytes)], { type: file.mimeType || 'application/octet-stream' }), file.name);
    show(field, `(file ${file.name}: ${bytes.byteLength} bytes${file.mimeType ? ` of ${file.mimeType}` : ''})`);
  };
  if (isFormData(multipart)) {
    // Copied into this realm's FormData, which is what Response encodes.
    for (const [field, value] of multipart.entries()) {
      if (typeof value === 'string') {
        form.append(field, value);
        show(field, value);
      } else {
        addFile(field, { name: value.name, mimeType: value.type, buffer: new Uint8Array(await value.arrayBuffer()) });
      }
    }
  } else if (typeof multipart === 'object' && multipart !== null && !Array.isArray(multipart)) {
    for (const [field, value] of Object.entries(multipart)) {
      if (value === null || value === undefined) continue;
      if (value instanceof ReadStream) addFile(field, { name: basename(String(value.path)), mimeType: 'application/octet-stream', buffer: await streamBytes(value) });
      else if (isFilePayload(value)) addFile(field, value);
      else if (typeof value === 'object') {
        throw new TypeError(`multipart field "${field}" is an object but not a file: give a file as { name, mimeType, buffer }, or a string, number or boolean`);
      } else {
        form.append(field, String(value));
        show(field, String(value));
      }
    }
  } else {
    throw new TypeError(`multipart needs a record of fields and files (or a FormData), got ${Array.isArray(multipart) ? 'an array' : typeof multipart}`);
  }
  const encoded = new Response(form);
  return { body: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type') ?? 'multipart/form-data', parts };
}
