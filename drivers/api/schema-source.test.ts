import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locateSchema, parseSchema } from './schema-source.ts';

test('locateSchema tells files, URLs and published names apart', () => {
  const cases: [string, ReturnType<typeof locateSchema>][] = [
    ['slice', { kind: 'name', name: 'slice' }],
    ['slice-list', { kind: 'name', name: 'slice-list' }],
    ['user.json', { kind: 'file', path: '/proj/user.json', given: 'user.json' }],
    ['schemas/user.schema', { kind: 'file', path: '/proj/schemas/user.schema', given: 'schemas/user.schema' }],
    ['./user', { kind: 'file', path: '/proj/user', given: './user' }],
    ['/abs/user.json', { kind: 'file', path: '/abs/user.json', given: '/abs/user.json' }],
    ['file:///abs/u.json', { kind: 'file', path: '/abs/u.json', given: 'file:///abs/u.json' }],
    ['https://h/u.json', { kind: 'url', url: 'https://h/u.json' }],
    ['HTTP://h/u', { kind: 'url', url: 'HTTP://h/u' }],
  ];
  for (const [source, want] of cases) assert.deepEqual(locateSchema(source, '/proj'), want, source);
});

test('parseSchema names where a bad schema came from and what is wrong', () => {
  assert.throws(() => parseSchema('{', 'x', 'schema file /p/x.json'), /^Error: schema file \/p\/x\.json is not valid JSON: /);
  assert.throws(() => parseSchema('[1]', 'x', 'schema URL http://h/x'), /^Error: schema URL http:\/\/h\/x holds an array, not a JSON Schema object$/);
  assert.throws(() => parseSchema('{"type": 3}', 'x', 'schema file /p/x.json'), /^Error: schema file \/p\/x\.json is not a valid JSON Schema \(2020-12\): /);
  assert.equal(parseSchema('{"type": "string"}', 'x', 'w').type, 'string');
});
