/**
 * RequestsLibrary's body arguments (`data=`, `json=`, `files=`) as the api
 * driver's request options (issue 14, item 5), so a suite written for
 * RequestsLibrary sends what it sent there:
 *
 *   POST    /login     data=&{form}                  a dictionary: application/x-www-form-urlencoded
 *   POST    /raw       data=plain text                a string: sent as it is
 *   POST    /slices    json=&{slice}                  JSON
 *   POST    /upload    files=&{files}    data=&{form}   multipart/form-data: the files, and data's fields
 *
 * A file in `files` is a path (relative to the project root), the value of
 * `Get File For Streaming Upload`, or a list `(filename, content)` /
 * `(filename, content, content_type)` as requests takes it.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { RequestOptions } from './api-client.ts';
import type { FilePayload, FormValue } from './request-body.ts';

/** What `Get File For Streaming Upload` returns: a file read when the request is sent. */
export class UploadFile {
  constructor(readonly path: string) {}
  toString(): string {
    return `<file ${this.path}>`;
  }
}

export interface RobotBodyArguments {
  data?: unknown;
  json?: unknown;
  files?: unknown;
}

type Fields = Record<string, FormValue | FormValue[]>;

/** Python's str() of the scalars a Robot dictionary holds (requests sends True as "True"). */
function fieldText(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return '';
  return String(value);
}

function isDictionary(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** A dictionary or a list of (name, value) pairs, as requests takes `data`; lists in a dictionary repeat the name. */
function fieldsOf(data: Record<string, unknown> | unknown[]): Fields {
  const fields: Fields = {};
  const add = (name: string, value: unknown) => {
    const values = (Array.isArray(value) ? value : [value]).map(fieldText);
    const had = fields[name];
    fields[name] = had === undefined ? (values.length === 1 ? values[0] : values) : [...(Array.isArray(had) ? had : [had]), ...values];
  };
  if (Array.isArray(data)) {
    for (const pair of data) {
      if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`data= as a list needs (name, value) pairs, and one item is ${JSON.stringify(pair)}`);
      add(fieldText(pair[0]), pair[1]);
    }
  } else for (const [name, value] of Object.entries(data)) add(name, value);
  return fields;
}

function filePart(field: string, value: unknown, rootDir: string): FilePayload {
  const read = (path: string): FilePayload => {
    const absolute = resolve(rootDir, path);
    try {
      return { name: basename(absolute), mimeType: '', buffer: readFileSync(absolute) };
    } catch (error) {
      throw new Error(`files=: cannot read the file for "${field}", ${absolute}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (relative paths are read from the project root)' : (error as Error).message}`);
    }
  };
  if (value instanceof UploadFile) return read(value.path);
  if (typeof value === 'string') return read(value);
  if (Array.isArray(value) && value.length >= 2 && value.length <= 4) {
    const [name, content, mimeType] = value;
    const buffer = content instanceof UploadFile ? read(content.path).buffer : content instanceof Uint8Array ? content : Buffer.from(fieldText(content));
    return { name: fieldText(name), mimeType: mimeType === undefined || mimeType === null ? '' : String(mimeType), buffer };
  }
  throw new Error(`files=: "${field}" must be a file path, the value of Get File For Streaming Upload, or a list (filename, content[, content_type]); got ${JSON.stringify(value)}`);
}

/** The request options for RequestsLibrary's body arguments; `rootDir` anchors relative file paths. */
export function robotBody(args: RobotBodyArguments, rootDir: string): Pick<RequestOptions, 'body' | 'form' | 'multipart' | 'headers'> {
  const { data, json, files } = args;
  if (json !== undefined && (data !== undefined || files !== undefined)) {
    throw new Error(`give json= alone, or data= and files=: requests would drop json= beside ${data !== undefined ? 'data=' : 'files='}`);
  }
  if (json !== undefined) {
    // requests sends json= as JSON whatever it holds, a string included.
    return { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } };
  }
  if (files !== undefined) {
    if (!isDictionary(files)) throw new Error(`files= needs a dictionary of field name → file, got ${typeof files === 'string' ? `'${files}'` : typeof files}`);
    if (data !== undefined && !isDictionary(data) && !Array.isArray(data)) throw new Error('data= beside files= must be a dictionary of form fields');
    const multipart: Record<string, FormValue | FilePayload> = {};
    for (const [name, value] of Object.entries(data === undefined ? {} : fieldsOf(data as Record<string, unknown> | unknown[]))) {
      if (Array.isArray(value)) throw new Error(`data= beside files= takes one value per field, and "${name}" has ${value.length}`);
      multipart[name] = value;
    }
    for (const [field, value] of Object.entries(files)) multipart[field] = filePart(field, value, rootDir);
    return { multipart };
  }
  if (data === undefined || data === null) return {};
  if (typeof data === 'string' || data instanceof Uint8Array) return { body: data };
  if (isDictionary(data) || Array.isArray(data)) return { form: fieldsOf(data) };
  return { body: fieldText(data) };
}
