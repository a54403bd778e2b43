/**
 * Where a schema comes from (issue 14, item 5). `api.schema()` and Robot's
 * `Response Should Match Schema` take any of:
 *
 *   'schemas/user.json'           a file: relative to the project root, or absolute
 *   'https://host/user.schema'    a URL, fetched
 *   { type: 'object', ... }       a JSON Schema object
 *   'slice'                       a bare name: the schema the API publishes at <api>/schemas/slice
 *
 * A string is a file when it ends in .json, holds a path separator, starts
 * with "." or is absolute (or is a file: URL); other strings without a
 * scheme are published names, which keeps the reference POD's suites as
 * they were.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidSchemaError, compileSchema, nameSchema, type JsonSchema } from './expect-schema.ts';

export type SchemaSource = string | JsonSchema;

export type SchemaLocation = { kind: 'file'; path: string; given: string } | { kind: 'url'; url: string } | { kind: 'name'; name: string };

/** Tells a file, a URL and a published name apart; `rootDir` anchors relative files. */
export function locateSchema(source: string, rootDir: string): SchemaLocation {
  if (/^https?:\/\//i.test(source)) return { kind: 'url', url: source };
  if (/^file:/i.test(source)) return { kind: 'file', path: fileURLToPath(source), given: source };
  if (isAbsolute(source) || source.startsWith('.') || /[\\/]/.test(source) || /\.json$/i.test(source)) {
    return { kind: 'file', path: resolve(rootDir, source), given: source };
  }
  return { kind: 'name', name: source };
}

/**
 * Parses and compiles a schema's text, named `name` in later messages
 * (an object keeps its $id or title when `name` is undefined);
 * throws saying which source (`where`) is wrong and how.
 */
export function parseSchema(text: string, name: string, where: string): JsonSchema {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  return checkedSchema(parsed, name, where);
}

/** A parsed schema, compiled once to report a broken one where it came from. */
export function checkedSchema(value: unknown, name: string | undefined, where: string): JsonSchema {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${where} holds ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not a JSON Schema object`);
  }
  const schema = name === undefined ? (value as JsonSchema) : nameSchema(value as JsonSchema, name);
  try {
    compileSchema(schema);
  } catch (error) {
    if (error instanceof InvalidSchemaError) throw new Error(`${where} is not a valid JSON Schema (2020-12): ${error.reason}`);
    throw error;
  }
  return schema;
}

/** Reads a schema file; the error names the file, as given and as resolved. */
export async function readSchemaFile(location: { path: string; given: string }, rootDir: string): Promise<JsonSchema> {
  const where = `schema file ${location.path}`;
  let text: string;
  try {
    text = await readFile(location.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const anchor = isAbsolute(location.given) || /^file:/i.test(location.given) ? '' : ` ("${location.given}" is read relative to the project root, ${rootDir})`;
      throw new Error(`${where} does not exist${anchor}: check the path, or give an absolute one`);
    }
    throw new Error(`cannot read ${where}: ${(error as Error).message}`);
  }
  return parseSchema(text, location.given, where);
}
