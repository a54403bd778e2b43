/**
 * Checks a response body (or any value) against a JSON Schema (2020-12) and
 * fails with every violation listed by JSON pointer and offending value, so a
 * failing smoke test says what is wrong without opening an attachment:
 *
 *   response body does not match schema "slice": /sst must be integer (got "1")
 *     in GET /api/v1/slices/robots → 200
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { createRequire } from 'node:module';
import { describeExchange, isApiResponse } from './api-response.ts';
import { pointAtCaller } from './driver-frames.ts';

// ajv-formats is CommonJS, required rather than imported with a top-level
// await, which would keep a CommonJS project from require()-ing this module.
const formatsModule = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin & { default?: FormatsPlugin };
const addFormats: FormatsPlugin = formatsModule.default ?? formatsModule;

export type JsonSchema = Record<string, unknown>;

export interface SchemaViolation {
  /** JSON pointer into the checked value; "" is the value itself. */
  pointer: string;
  message: string;
  /** The value at `pointer`, when there is one (a missing property has none). */
  value?: unknown;
  hasValue: boolean;
}

export class SchemaMismatchError extends Error {
  constructor(
    message: string,
    readonly schemaName: string,
    readonly violations: readonly SchemaViolation[],
  ) {
    super(message);
    this.name = 'SchemaMismatchError';
  }
}

const MAX_LISTED = 20;
const MAX_VALUE_CHARS = 120;

// Lenient on unknown keywords: schemas come from the system under test, and
// an "example" keyword there must not fail a test that is about the data.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const byObject = new WeakMap<object, ValidateFunction>();
const byText = new Map<string, ValidateFunction>();
const names = new WeakMap<object, string>();

/** Gives a schema the name messages use (ApiClient.schema() names what it fetches). */
export function nameSchema<S extends JsonSchema>(schema: S, name: string): S {
  names.set(schema, name);
  return schema;
}

export function schemaName(schema: JsonSchema): string {
  const named = names.get(schema);
  if (named) return named;
  if (typeof schema.$id === 'string') return schema.$id.split(/[:/#]/).filter(Boolean).pop() ?? schema.$id;
  if (typeof schema.title === 'string') return schema.title;
  return 'inline schema';
}

/** A schema ajv refuses; `reason` is ajv's word on it, for callers that name the schema's source. */
export class InvalidSchemaError extends Error {
  constructor(message: string, readonly reason: string) {
    super(message);
    this.name = 'InvalidSchemaError';
  }
}

/** Compiles a schema once (cached by object and by text); throws InvalidSchemaError for a broken one. */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  const cached = byObject.get(schema);
  if (cached) return cached;
  const text = JSON.stringify(schema);
  let validate = byText.get(text);
  if (!validate) {
    // The same $id fetched again by a later test may come with a different
    // body (a POD restarted with a new version): the newest one wins.
    if (typeof schema.$id === 'string' && ajv.getSchema(schema.$id)) ajv.removeSchema(schema.$id);
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      const reason = (error as Error).message;
      throw new InvalidSchemaError(`schema "${schemaName(schema)}" is not a valid JSON Schema (2020-12): ${reason}`, reason);
    }
    byText.set(text, validate);
  }
  byObject.set(schema, validate);
  return validate;
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function valueAt(root: unknown, pointer: string): { found: boolean; value?: unknown } {
  let current = root;
  for (const token of pointer.split('/').slice(1).map(unescapeToken)) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, token)) return { found: false };
    current = (current as Record<string, unknown>)[token];
  }
  return { found: true, value: current };
}

function toViolation(error: ErrorObject, data: unknown): SchemaViolation {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return { pointer: `${error.instancePath}/${escapeToken(String(params.missingProperty))}`, message: 'is required but missing', hasValue: false };
  }
  if (error.keyword === 'additionalProperties') {
    const pointer = `${error.instancePath}/${escapeToken(String(params.additionalProperty))}`;
    return { pointer, message: 'is not allowed (no such property in the schema)', ...present(valueAt(data, pointer)) };
  }
  let message = error.message ?? `fails "${error.keyword}"`;
  if (error.keyword === 'enum') message = `must be one of ${(params.allowedValues as unknown[]).map(preview).join(', ')}`;
  if (error.keyword === 'const') message = `must be ${preview(params.allowedValue)}`;
  return { pointer: error.instancePath, message, ...present(valueAt(data, error.instancePath)) };
}

function present(at: { found: boolean; value?: unknown }): { hasValue: boolean; value?: unknown } {
  return at.found ? { hasValue: true, value: at.value } : { hasValue: false };
}

function preview(value: unknown): string {
  const text = value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

export function formatViolation(violation: SchemaViolation): string {
  const got = violation.hasValue ? ` (got ${preview(violation.value)})` : '';
  return `${violation.pointer || '(root)'} ${violation.message}${got}`;
}

/** Every violation of `schema` by `value`; [] when it matches. */
export function schemaViolations(value: unknown, schema: JsonSchema): SchemaViolation[] {
  const validate = compileSchema(schema);
  if (validate(value)) return [];
  const seen = new Set<string>();
  const violations: SchemaViolation[] = [];
  for (const error of validate.errors ?? []) {
    const violation = toViolation(error, value);
    const key = `${violation.pointer}\u0000${violation.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push(violation);
  }
  return violations;
}

export interface ExpectSchemaOptions {
  /** The name messages use; by default the name given by nameSchema(), the $id's last part or the title. */
  name?: string;
  /** What was checked, for the message: "response body" for responses, "value" otherwise. */
  what?: string;
}

/**
 * Throws a SchemaMismatchError unless the value (or the response's body)
 * matches `schema`. Compiled schemas are cached.
 *
 * @example
 *   expectSchema(await api.get('/slices/robots'), await api.schema('slice'));
 */
export function expectSchema(subject: unknown, schema: JsonSchema, options: ExpectSchemaOptions = {}): void {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new TypeError(`expectSchema() needs a JSON Schema object as its second argument, got ${Array.isArray(schema) ? 'an array' : typeof schema}; to use a schema file, a URL or a published name, call api.expectSchema(response, 'schemas/x.json')`);
  }
  const response = isApiResponse(subject) ? subject : undefined;
  const value = response ? response.body : subject;
  const violations = schemaViolations(value, schema);
  if (violations.length === 0) return;
  const name = options.name ?? schemaName(schema);
  const what = options.what ?? (response ? 'response body' : 'value');
  const listed = violations.slice(0, MAX_LISTED).map(formatViolation);
  if (violations.length > MAX_LISTED) listed.push(`… and ${violations.length - MAX_LISTED} more`);
  const head = `${what} does not match schema "${name}"`;
  let message = violations.length === 1 ? `${head}: ${listed[0]}` : `${head} (${violations.length} violations):\n${listed.map((line) => `  ${line}`).join('\n')}`;
  if (response) message += `\n  in ${describeExchange(response)}`;
  throw pointAtCaller(new SchemaMismatchError(message, name, violations));
}
