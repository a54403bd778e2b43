/**
 * Checks a config against the published schema plus the rules a schema
 * cannot express, and returns every problem at once, worded for people.
 *
 * ajv reports what failed in schema terms ("must match a schema in anyOf",
 * "must NOT have additional properties"); this file turns each failure into
 * a path, a message that says what was expected and what was found, and a
 * hint (a "did you mean", or the property's description from the schema).
 */
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { configSchema } from './schema.ts';
import { closestMatch } from './closest-match.ts';
import type { ConfigProblem } from './config-error.ts';
import { parseTagExpression, TagExpressionError } from '../plan/tag-expression.ts';

type Segment = string | number;
type SchemaNode = Record<string, unknown>;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  // Required on first use: a zero-config run never validates, and ajv is some 80 CommonJS modules.
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  // strict: the schema itself is checked when compiled, so a mistake in it fails every test at once.
  compiled ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(configSchema);
  return compiled;
}

/**
 * Every problem in `config`, in the order they appear in it; [] when valid.
 *
 * @example
 *   validateConfig({ suites: [{ name: 'u', kind: 'smok', files: 'x' }] })
 *   // [{ path: 'suites[0].kind', message: 'must be one of unit, ... (got "smok")', hint: 'did you mean "smoke"?' }]
 */
export function validateConfig(config: unknown): ConfigProblem[] {
  const validate = validator();
  const located: Array<{ segments: Segment[]; problem: ConfigProblem }> = [];
  if (!validate(config)) {
    for (const error of relevantErrors(validate.errors ?? [])) {
      const segments = pointerSegments(error.instancePath, config);
      if (error.keyword === 'additionalProperties' || error.keyword === 'required') {
        segments.push(String(error.keyword === 'required' ? error.params.missingProperty : error.params.additionalProperty));
      }
      located.push({ segments, problem: { path: formatPath(segments), ...describeError(error) } });
    }
  }
  located.push(...semanticProblems(config));

  const seen = new Set<string>();
  const unique = located.filter(({ problem }) => {
    const id = `${problem.path}\0${problem.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  unique.sort((a, b) => compareByDocumentOrder(config, a.segments, b.segments));
  return unique.map(({ problem }) => problem);
}

// ---------------------------------------------------------------- ajv noise

/**
 * Drops errors that only restate another one:
 * - `if` ("must match then schema") always comes with the `required` error inside `then`/`else`.
 * - For anyOf, when the value's type picks one branch (a string for `workers`), only that
 *   branch's errors are kept ("must look like 50%"); when no branch has the value's type,
 *   only the anyOf error is kept, and it lists what each branch accepts.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const chosen = new Map<ErrorObject, number | null>(anyOfs.map((e) => [e, chooseBranch(e)]));
  return errors.filter((error) => {
    if (error.keyword === 'if') return false;
    for (const [anyOf, branch] of chosen) {
      if (error === anyOf) return branch === null;
      const prefix = `${anyOf.schemaPath}/`;
      if (error.schemaPath.startsWith(prefix) && error.instancePath.startsWith(anyOf.instancePath)) {
        const index = Number(error.schemaPath.slice(prefix.length).split('/')[0]);
        if (index !== branch) return false;
      }
    }
    return true;
  });
}

function chooseBranch(error: ErrorObject): number | null {
  const branches = Array.isArray(error.schema) ? (error.schema as SchemaNode[]) : [];
  const type = jsonType(error.data);
  const matching = branches
    .map((branch, index) => ({ branch, index }))
    .filter(({ branch }) => branch.type === type || (branch.type === 'integer' && type === 'number'));
  return matching.length === 1 ? matching[0]!.index : null;
}

// ---------------------------------------------------------------- messages

function describeError(error: ErrorObject): Omit<ConfigProblem, 'path'> {
  const value: unknown = error.data;
  const description = descriptionFor(error.schemaPath);
  const parent = (error.parentSchema ?? {}) as SchemaNode;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const known = Object.keys((parent.properties ?? {}) as SchemaNode);
      const suggestion = closestMatch(key, known);
      return {
        message: suggestion ? `unknown key "${key}" — did you mean "${suggestion}"?` : `unknown key "${key}"`,
        hint: `known keys here: ${known.join(', ')}`,
      };
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      // Inside if/then/else the subschema's own description says when the key is needed.
      const conditional = /\/(then|else)\/required$/.test(error.schemaPath);
      const propertyDescription = ((parent.properties as Record<string, SchemaNode> | undefined)?.[key]?.description ?? '') as string;
      return {
        message: `required key "${key}" is missing`,
        hint: conditional ? String(parent.description ?? '') : propertyDescription,
      };
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map(String);
      const suggestion = typeof value === 'string' ? closestMatch(value, allowed) : undefined;
      return {
        message: `must be one of ${allowed.join(', ')} (got ${describeValue(value)})`,
        hint: suggestion ? `did you mean "${suggestion}"?` : description,
      };
    }
    case 'type':
      return { message: `expected ${article(String(error.params.type))}, got ${describeValue(value)}`, hint: description };
    case 'anyOf':
    case 'oneOf': {
      const options = (error.schema as SchemaNode[]).map(describeSchema);
      return { message: `expected ${options.join(' or ')}, got ${describeValue(value)}`, hint: description };
    }
    case 'minimum':
      return { message: `must be at least ${error.params.limit} (got ${describeValue(value)})`, hint: description };
    case 'minLength':
      return { message: 'must not be empty', hint: description };
    case 'minItems':
      return { message: `must have at least ${error.params.limit} item${error.params.limit === 1 ? '' : 's'} (got an empty list)`, hint: description };
    case 'uniqueItems': {
      const list = value as unknown[];
      const j = Number(error.params.j);
      const i = Number(error.params.i);
      return { message: `lists ${describeValue(list[i])} twice (items ${j} and ${i})`, hint: 'Remove the repeated item.' };
    }
    case 'pattern': {
      const examples = parent.examples as unknown[] | undefined;
      const like = examples?.length ? examples.map((e) => JSON.stringify(e)).join(' or ') : `the pattern ${error.params.pattern}`;
      return { message: `must look like ${like} (got ${describeValue(value)})`, hint: description };
    }
    default:
      return { message: `${error.message ?? 'is not valid'} (got ${describeValue(value)})`, hint: description };
  }
}

/** The description of the property an error is about, found from the error's schema path. */
function descriptionFor(schemaPath: string): string {
  const parts = schemaPath.replace(/^#\/?/, '').split('/').map(unescapePointer);
  parts.pop(); // the failing keyword
  // An anyOf branch describes itself tersely; its property's description is the useful one.
  while (parts.length >= 2 && /^(anyOf|oneOf)$/.test(parts[parts.length - 2]!) && /^\d+$/.test(parts[parts.length - 1]!)) {
    parts.splice(-2);
  }
  let node: unknown = configSchema;
  for (const part of parts) node = (node as Record<string, unknown> | undefined)?.[part];
  const description = (node as SchemaNode | undefined)?.description;
  return typeof description === 'string' ? description : '';
}

function describeSchema(schema: SchemaNode): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(', ')}`;
  const type = String(schema.type);
  if (type === 'integer' && typeof schema.minimum === 'number') return `an integer of at least ${schema.minimum}`;
  if (type === 'string' && Array.isArray(schema.examples) && schema.examples.length > 0) {
    return `a string like ${JSON.stringify(schema.examples[0])}`;
  }
  if (type === 'array' && schema.items && typeof (schema.items as SchemaNode).type === 'string') {
    return `a list of ${(schema.items as SchemaNode).type}s`;
  }
  return article(type);
}

function article(type: string): string {
  const names: Record<string, string> = {
    integer: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    array: 'a list',
    object: 'an object',
    null: 'null',
  };
  return names[type] ?? type;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A value as a person would recognise it in their config: "smok", 3, a list, an object. */
export function describeValue(value: unknown): string {
  switch (jsonType(value)) {
    case 'string': {
      const text = JSON.stringify(value);
      return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
    }
    case 'number':
    case 'boolean':
    case 'null':
    case 'bigint':
      return String(value);
    case 'array':
      return (value as unknown[]).length === 0 ? 'an empty list' : 'a list';
    case 'object':
      return 'an object';
    case 'function':
      return 'a function';
    case 'undefined':
      return 'undefined';
    default:
      return typeof value;
  }
}

// ---------------------------------------------------------------- paths

function unescapePointer(part: string): string {
  return part.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** JSON pointer → segments, with array indices as numbers (decided by the data, not the text). */
function pointerSegments(pointer: string, root: unknown): Segment[] {
  if (pointer === '') return [];
  const segments: Segment[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const part = unescapePointer(raw);
    if (Array.isArray(node)) {
      segments.push(Number(part));
      node = node[Number(part)];
    } else {
      segments.push(part);
      node = (node as Record<string, unknown> | undefined)?.[part];
    }
  }
  return segments;
}

/** ['suites', 1, 'kind'] → 'suites[1].kind'; keys that are not plain names are quoted: gates["my gate"]. */
export function formatPath(segments: readonly Segment[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

/** Orders problems as their places appear in the config; a missing key sorts after its siblings. */
function compareByDocumentOrder(root: unknown, a: readonly Segment[], b: readonly Segment[]): number {
  const rank = (segments: readonly Segment[]): number[] => {
    const ranks: number[] = [];
    let node: unknown = root;
    for (const segment of segments) {
      if (typeof segment === 'number') {
        ranks.push(segment);
        node = Array.isArray(node) ? node[segment] : undefined;
      } else {
        const keys = node !== null && typeof node === 'object' ? Object.keys(node) : [];
        const index = keys.indexOf(segment);
        ranks.push(index === -1 ? keys.length : index);
        node = (node as Record<string, unknown> | undefined)?.[segment];
      }
    }
    return ranks;
  };
  const ra = rank(a);
  const rb = rank(b);
  for (let i = 0; i < Math.min(ra.length, rb.length); i++) {
    if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
  }
  return ra.length - rb.length;
}

// ---------------------------------------------------------------- rules beyond the schema

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Unique suite names, gates that name known suites, gate tag expressions
 * that parse. Runs on configs that failed the schema too, so that every
 * problem shows at once; it skips whatever the schema already rejected.
 */
function semanticProblems(config: unknown): Array<{ segments: Segment[]; problem: ConfigProblem }> {
  const found: Array<{ segments: Segment[]; problem: ConfigProblem }> = [];
  const add = (segments: Segment[], message: string, hint: string) =>
    found.push({ segments, problem: { path: formatPath(segments), message, hint } });
  if (!isRecord(config)) return found;

  const suiteNames = new Map<string, number>();
  if (Array.isArray(config.suites)) {
    config.suites.forEach((suite, index) => {
      if (!isRecord(suite) || typeof suite.name !== 'string' || suite.name === '') return;
      const first = suiteNames.get(suite.name);
      if (first === undefined) {
        suiteNames.set(suite.name, index);
      } else {
        add(
          ['suites', index, 'name'],
          `duplicate suite name "${suite.name}" (suites[${first}] has it too)`,
          'Suite names must be unique: --suite and gates select suites by name. Rename one of them.',
        );
      }
    });
  }

  if (isRecord(config.gates)) {
    for (const [gateName, gate] of Object.entries(config.gates)) {
      if (!isRecord(gate)) continue;
      if (Array.isArray(gate.suites)) {
        gate.suites.forEach((name, index) => {
          if (typeof name !== 'string' || name === '' || suiteNames.has(name)) return;
          const suggestion = closestMatch(name, suiteNames.keys());
          add(
            ['gates', gateName, 'suites', index],
            suggestion ? `unknown suite "${name}" — did you mean "${suggestion}"?` : `unknown suite "${name}"`,
            suiteNames.size > 0 ? `suites in this config: ${[...suiteNames.keys()].join(', ')}` : 'Define the suite in `suites` first.',
          );
        });
      }
      if (typeof gate.tags === 'string' && gate.tags !== '') {
        try {
          parseTagExpression(gate.tags);
        } catch (err) {
          if (!(err instanceof TagExpressionError)) throw err;
          add(
            ['gates', gateName, 'tags'],
            err.message,
            'Combine tags with and, or, not and parentheses, e.g. "(smoke or api) and not slow".',
          );
        }
      }
    }
  }
  return found;
}
