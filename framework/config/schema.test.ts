import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { configSchema } from './schema.ts';
import { validateConfig } from './validate-config.ts';

/** A config that uses every key the schema knows. */
const fullConfig = {
  suites: [
    {
      name: 'unit',
      kind: 'unit',
      runner: 'tap',
      files: ['environments/local/pod/**/*.test.ts'],
      ignore: '**/fixtures/**',
      tags: ['pod', '@fast'],
      timeout: 10_000,
      retries: 1,
      env: { NODE_ENV: 'test' },
    },
    { name: 'smoke', kind: 'smoke', files: 'suites/smoke/**/*.spec.ts' },
    { name: 'legacy', kind: 'integration', runner: 'command', command: 'make test-junit', format: 'junit', report: 'out/junit.xml' },
    { name: 'browser', kind: 'integration', runner: 'playwright', config: 'playwright.config.ts' },
    { name: 'load', kind: 'performance', runner: 'native', files: 'suites/performance/*.spec.ts', timeout: 0 },
    { name: 'night', kind: 'soak', files: ['suites/soak/a.spec.ts', 'suites/soak/b.spec.ts'] },
  ],
  workers: '50%',
  retries: 0,
  timeout: 30_000,
  environments: { staging: 'environments/staging.ts' },
  defaultEnvironment: 'local',
  gates: {
    merge: { description: 'before merge', kinds: ['unit', 'smoke'], policy: { flaky: 'fail', minTests: 5 } },
    nightly: { suites: ['night', 'load'], tags: '(pod or api) and not @slow', policy: { flaky: 'pass' } },
  },
  outputDir: 'out/runs',
  reporters: ['console', 'junit=out/junit.xml'],
};

test('the schema compiles under ajv strict mode', () => {
  assert.doesNotThrow(() => new Ajv2020({ strict: true, allErrors: true }).compile(configSchema));
});

test('the schema accepts a full valid config', () => {
  assert.deepEqual(validateConfig(fullConfig), []);
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(configSchema);
  assert.equal(validate(fullConfig), true, JSON.stringify(validate.errors));
});

test('the schema accepts a minimal config and numeric workers', () => {
  assert.deepEqual(validateConfig({ suites: [{ name: 'u', kind: 'unit', files: 'a.spec.ts' }], workers: 4 }), []);
});

test('the schema prints as JSON and survives a round trip', () => {
  const text = JSON.stringify(configSchema, null, 2);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  assert.deepEqual(parsed, configSchema);
  assert.equal(parsed.$id, 'urn:tollgate:config');
  assert.equal(parsed.$schema, 'https://json-schema.org/draft/2020-12/schema');
});

test('every property in the schema has a description', () => {
  const missing: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    // The conditions of if/then/else test values; they declare no keys of their own.
    const properties = path.endsWith('/if') ? undefined : (schema.properties as Record<string, unknown> | undefined);
    for (const [name, child] of Object.entries(properties ?? {})) {
      // `properties: { command: true }` inside if/then/else only marks the key as known for ajv.
      if (child === true) continue;
      if (typeof (child as Record<string, unknown>).description !== 'string') missing.push(`${path}/properties/${name}`);
    }
    for (const [key, child] of Object.entries(schema)) {
      if (Array.isArray(child)) child.forEach((item, i) => visit(item, `${path}/${key}/${i}`));
      else visit(child, `${path}/${key}`);
    }
  };
  visit(configSchema, '#');
  assert.deepEqual(missing, []);
});

test('every object the user writes keys into is closed', () => {
  const open: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    const schema = node as Record<string, unknown>;
    if (schema.type === 'object' && schema.properties !== undefined && schema.additionalProperties !== false) open.push(path);
    for (const [key, child] of Object.entries(schema)) {
      if (Array.isArray(child)) child.forEach((item, i) => visit(item, `${path}/${key}/${i}`));
      else visit(child, `${path}/${key}`);
    }
  };
  visit(configSchema, '#');
  assert.deepEqual(open, []);
});
