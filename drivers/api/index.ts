/**
 * The runtime API driver (issue 2, item 9): HTTP over undici with every
 * exchange recorded as a step, JSON Schema checks, and a WebSocket event
 * stream client. Suites import `test` (with the `api` fixture) and `expect`
 * from here.
 */
export { expect } from 'tollgate';
export { test, apiDriver, createApiDriver, apiClientFor, type ApiDriverOptions } from './api-driver.ts';
export { ApiClient, type ApiClientOptions, type RequestOptions } from './api-client.ts';
export { type ApiResponse, isApiResponse } from './api-response.ts';
export {
  expectSchema,
  schemaViolations,
  formatViolation,
  nameSchema,
  SchemaMismatchError,
  InvalidSchemaError,
  type JsonSchema,
  type SchemaViolation,
  type ExpectSchemaOptions,
} from './expect-schema.ts';
export { locateSchema, type SchemaSource } from './schema-source.ts';
export { type FormBody, type MultipartBody, type FilePayload, type FormValue } from './request-body.ts';
export { expectStatus } from './expect-status.ts';
export { openStream, EventStream, type OpenStreamOptions, type WaitForOptions } from './event-stream.ts';
export { testStepRecorder, type StepRecorder } from './step-recorder.ts';
export { SecretScrubber, REDACTED } from './redact.ts';
