/**
 * Request validation against the published `*-input` schemas. Problems come
 * back as { path, message } with a JSON pointer into the body, one per
 * mistake (allErrors), so a client can show every one of them at once.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { RESOURCES, type ResourceName } from './resources.ts';
import { schemas } from './schemas.ts';

export interface Problem {
  /** JSON pointer into the request body; "" is the body itself. */
  path: string;
  message: string;
}

export interface Validator {
  /** Checks a create or replace body for `resource`; [] when it is valid. */
  validate(resource: ResourceName, body: unknown): Problem[];
}

function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Turns ajv's errors into problems people can act on. */
export function toProblems(errors: readonly ErrorObject[] | null | undefined): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of errors ?? []) {
    let problem: Problem;
    if (error.keyword === 'required') {
      const field = String((error.params as { missingProperty: string }).missingProperty);
      problem = { path: `${error.instancePath}/${escapePointer(field)}`, message: 'is required' };
    } else if (error.keyword === 'additionalProperties') {
      const field = String((error.params as { additionalProperty: string }).additionalProperty);
      problem = { path: `${error.instancePath}/${escapePointer(field)}`, message: 'is not a known field' };
    } else {
      problem = { path: error.instancePath, message: error.message ?? `fails ${error.keyword}` };
    }
    const key = `${problem.path}\u0000${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

export function createValidator(): Validator {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const compiled = new Map<ResourceName, ValidateFunction>();
  for (const info of Object.values(RESOURCES)) {
    compiled.set(info.name, ajv.compile(schemas[`${info.schema}-input`]));
  }
  return {
    validate(resource, body) {
      const check = compiled.get(resource);
      if (!check) throw new Error(`No validator for resource "${resource}".`);
      return check(body) ? [] : toProblems(check.errors);
    },
  };
}
