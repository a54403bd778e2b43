import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeApiResponse } from './api-response.ts';
import { expectSchema, nameSchema, schemaName, schemaViolations, SchemaMismatchError, type JsonSchema } from './expect-schema.ts';

const slice: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:tollgate:test:slice',
  type: 'object',
  properties: {
    id: { type: 'string' },
    sst: { type: 'integer', minimum: 1 },
    kind: { enum: ['a', 'b'] },
    tags: { type: 'array', items: { type: 'string' } },
    'we/ird~key': { type: 'number' },
    at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'sst'],
  additionalProperties: false,
};

function thrown(fn: () => void): SchemaMismatchError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof SchemaMismatchError, `expected a SchemaMismatchError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected expectSchema to throw');
}

function response(body: unknown) {
  return makeApiResponse({ method: 'GET', url: 'http://127.0.0.1:1/api/v1/slices/x?full=1', status: 200, headers: {}, body, text: JSON.stringify(body), durationMs: 1 });
}

describe('expectSchema', () => {
  test('passes a matching value and a matching response body', () => {
    expectSchema({ id: 'x', sst: 1 }, slice);
    expectSchema(response({ id: 'x', sst: 2, tags: ['t'] }), slice);
  });

  test('names one violation by pointer, message and offending value, in one line', () => {
    const error = thrown(() => expectSchema(response({ id: 'x', sst: '1' }), nameSchema(structuredClone(slice), 'slice')));
    assert.equal(
      error.message,
      'response body does not match schema "slice": /sst must be integer (got "1")\n  in GET /api/v1/slices/x?full=1 → 200',
    );
    assert.equal(error.schemaName, 'slice');
    assert.deepEqual(error.violations, [{ pointer: '/sst', message: 'must be integer', hasValue: true, value: '1' }]);
  });

  test('lists every violation, each on its own line', () => {
    const error = thrown(() => expectSchema({ sst: 0, kind: 'c', tags: ['ok', 7], extra: true, 'we/ird~key': 'x' }, slice));
    const lines = error.message.split('\n');
    assert.equal(lines[0], 'value does not match schema "slice" (6 violations):');
    assert.deepEqual(lines.slice(1).sort(), [
      '  /extra is not allowed (no such property in the schema) (got true)',
      '  /id is required but missing',
      '  /kind must be one of "a", "b" (got "c")',
      '  /sst must be >= 1 (got 0)',
      '  /tags/1 must be string (got 7)',
      '  /we~1ird~0key must be number (got "x")',
    ]);
  });

  test('checks formats (ajv-formats is loaded)', () => {
    const error = thrown(() => expectSchema({ id: 'x', sst: 1, at: 'yesterday' }, slice));
    assert.match(error.message, /\/at must match format "date-time" \(got "yesterday"\)/);
  });

  test('calls the value itself (root) by name when it is wrong as a whole', () => {
    const error = thrown(() => expectSchema('text', { type: 'object' }, { name: 'thing', what: 'event' }));
    assert.equal(error.message, 'event does not match schema "thing": (root) must be object (got "text")');
  });

  test('shortens long offending values', () => {
    const error = thrown(() => expectSchema({ id: 'x', sst: 'y'.repeat(500) }, slice));
    assert.ok(error.message.length < 300, error.message);
    assert.match(error.message, /…\)/);
  });

  test('names a schema by nameSchema, then $id, then title', () => {
    assert.equal(schemaName(nameSchema({ $id: 'urn:x:y' }, 'given')), 'given');
    assert.equal(schemaName({ $id: 'urn:tollgate:pod:device-group' }), 'device-group');
    assert.equal(schemaName({ $id: 'https://example.com/schemas/site.json' }), 'site.json');
    assert.equal(schemaName({ title: 'Site' }), 'Site');
    assert.equal(schemaName({}), 'inline schema');
  });

  test('compiles each schema once, and accepts a new body under an $id already seen', () => {
    const first = { $id: 'urn:tollgate:test:same', type: 'integer' };
    const second = { $id: 'urn:tollgate:test:same', type: 'string' };
    assert.deepEqual(schemaViolations(1, first), []);
    assert.equal(schemaViolations('1', first).length, 1);
    assert.deepEqual(schemaViolations('1', second), []);
    assert.equal(schemaViolations(1, second).length, 1);
    // The first schema object keeps its own compiled validator.
    assert.deepEqual(schemaViolations(1, first), []);
    // An equal copy (a schema fetched again) is the same schema.
    assert.deepEqual(schemaViolations(2, structuredClone(first)), []);
  });

  test('says clearly when the schema itself is broken or missing', () => {
    assert.throws(() => expectSchema(1, { type: 'nonsense' }), /schema "inline schema" is not a valid JSON Schema \(2020-12\)/);
    assert.throws(() => expectSchema(1, 'slice' as unknown as JsonSchema), /needs a JSON Schema object.*a schema file, a URL or a published name, call api\.expectSchema\(response, 'schemas\/x\.json'\)/);
  });
});
