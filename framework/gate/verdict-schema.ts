/**
 * The published JSON Schema (2020-12) of verdict.json. The schema lives in
 * schemas/verdict.schema.json (shipped with the package, so a CD system or
 * another language can validate a verdict without tollgate); this module
 * reads that one file, so the two can never drift apart.
 *
 * @example
 *   const problems = verdictProblems(JSON.parse(fs.readFileSync('run/verdict.json', 'utf8')));
 *   if (problems.length) throw new Error(problems.join('\n'));
 */
import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import type { FormatsPlugin } from 'ajv-formats';
import { createRequire } from 'node:module';

// ajv-formats is CommonJS, required rather than imported with a top-level
// await, which would keep a CommonJS project from require()-ing this module.
const formatsModule = createRequire(import.meta.url)('ajv-formats') as FormatsPlugin & { default?: FormatsPlugin };
const addFormats: FormatsPlugin = formatsModule.default ?? formatsModule;

export const VERDICT_SCHEMA_FILE = new URL('../../schemas/verdict.schema.json', import.meta.url);

export const verdictSchema: Record<string, unknown> = JSON.parse(fs.readFileSync(VERDICT_SCHEMA_FILE, 'utf8'));

let validate: ValidateFunction | undefined;

/** Every way `value` breaks the verdict schema, as "pointer: message" lines; empty when it is valid. */
export function verdictProblems(value: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    validate = ajv.compile(verdictSchema);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(the verdict)'}: ${e.message ?? 'is invalid'}`);
}
