/**
 * The published JSON Schemas (2020-12) of the reference POD's API. The POD
 * validates requests with the `*-input` schemas and serves every schema at
 * GET /api/v1/schemas/<name>; tests import them from here to check what the
 * POD answers (a smoke test's schema check is how the `schema` fault is caught).
 *
 * Every schema is self-contained (no cross-schema $ref), so a client can
 * compile any one of them alone.
 */

export type JsonSchema = Record<string, unknown>;

const ID = {
  type: 'string',
  pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
  description: 'Lower-case letters, digits and inner dashes, 1-63 characters.',
};
const NAME = { type: 'string', minLength: 1, maxLength: 80 };
const DESCRIPTION = { type: 'string', maxLength: 500 };
const BITRATE = { type: 'integer', minimum: 0, maximum: 100_000_000_000, description: 'Bits per second.' };

/** Builds an item schema; `withId` decides whether `id` is required (answers) or optional (requests). */
function item(
  name: string,
  title: string,
  properties: Record<string, JsonSchema>,
  required: string[],
  withId: boolean,
): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:tollgate:pod:${name}`,
    title,
    type: 'object',
    properties: { id: ID, ...properties },
    required: withId ? ['id', ...required] : required,
    additionalProperties: false,
  };
}

const shapes = {
  enterprise: {
    title: 'Enterprise',
    properties: { name: NAME, description: DESCRIPTION },
    required: ['name'],
    inputRequired: ['name'],
  },
  site: {
    title: 'Site',
    properties: {
      enterprise: { ...ID, description: 'The id of the enterprise that owns the site.' },
      name: NAME,
      description: DESCRIPTION,
      location: { type: 'string', maxLength: 200 },
    },
    required: ['enterprise', 'name'],
    inputRequired: ['enterprise', 'name'],
  },
  'device-group': {
    title: 'Device group',
    properties: {
      site: { ...ID, description: 'The id of the site that owns the group.' },
      name: NAME,
      description: DESCRIPTION,
      imsis: {
        type: 'array',
        items: { type: 'string', pattern: '^[0-9]{15}$' },
        uniqueItems: true,
        maxItems: 1000,
      },
    },
    required: ['site', 'name', 'imsis'],
    inputRequired: ['site', 'name'],
  },
  slice: {
    title: 'Slice',
    properties: {
      site: { ...ID, description: 'The id of the site that owns the slice.' },
      name: NAME,
      description: DESCRIPTION,
      sst: { type: 'integer', minimum: 1, maximum: 255, description: 'Slice/service type.' },
      sd: { type: 'string', pattern: '^[0-9A-Fa-f]{6}$', description: 'Slice differentiator, six hex digits.' },
      maxBitrateUl: BITRATE,
      maxBitrateDl: BITRATE,
      deviceGroups: { type: 'array', items: ID, uniqueItems: true, maxItems: 100 },
    },
    required: ['site', 'name', 'sst', 'sd', 'maxBitrateUl', 'maxBitrateDl', 'deviceGroups'],
    inputRequired: ['site', 'name', 'sst', 'sd', 'maxBitrateUl', 'maxBitrateDl'],
  },
} as const;

export type ItemSchemaName = keyof typeof shapes;
export type SchemaName = ItemSchemaName | `${ItemSchemaName}-input` | `${ItemSchemaName}-list` | 'error' | 'event';

function withoutId(schema: JsonSchema): JsonSchema {
  const { $id: _id, $schema: _schema, ...rest } = schema;
  return rest;
}

function buildSchemas(): Record<SchemaName, JsonSchema> {
  const out = {} as Record<SchemaName, JsonSchema>;
  for (const name of Object.keys(shapes) as ItemSchemaName[]) {
    const shape = shapes[name];
    const properties = shape.properties as Record<string, JsonSchema>;
    out[name] = item(name, shape.title, properties, [...shape.required], true);
    out[`${name}-input`] = item(
      `${name}-input`,
      `${shape.title} (create or replace request)`,
      properties,
      [...shape.inputRequired],
      false,
    );
    out[`${name}-list`] = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `urn:tollgate:pod:${name}-list`,
      title: `${shape.title} list`,
      type: 'object',
      properties: { items: { type: 'array', items: withoutId(out[name]) } },
      required: ['items'],
      additionalProperties: false,
    };
  }
  out.error = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:tollgate:pod:error',
    title: 'Error',
    type: 'object',
    properties: {
      error: {
        enum: ['bad_request', 'validation', 'unauthorized', 'not_found', 'method_not_allowed', 'conflict', 'internal'],
      },
      message: { type: 'string' },
      details: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            path: { type: 'string', description: 'JSON pointer into the request body ("" for the whole body).' },
            message: { type: 'string' },
          },
          required: ['path', 'message'],
          additionalProperties: false,
        },
      },
    },
    required: ['error', 'message'],
    additionalProperties: false,
  };
  out.event = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:tollgate:pod:event',
    title: 'Change event',
    type: 'object',
    properties: {
      type: { enum: ['created', 'updated', 'deleted'] },
      resource: { enum: ['enterprises', 'sites', 'device-groups', 'slices'] },
      id: ID,
      data: { type: 'object', description: 'The resource after the change (before it, for deleted).' },
      seq: { type: 'integer', minimum: 1 },
      time: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}' },
    },
    required: ['type', 'resource', 'id', 'data', 'seq', 'time'],
    additionalProperties: false,
  };
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Every published schema by name: `slice`, `slice-input`, `slice-list`, ..., `error`, `event`. */
export const schemas: Readonly<Record<SchemaName, JsonSchema>> = deepFreeze(buildSchemas());

export const SCHEMA_NAMES = Object.freeze(Object.keys(schemas)) as readonly SchemaName[];

export function isSchemaName(name: string): name is SchemaName {
  return Object.hasOwn(schemas, name);
}

/** A published schema by name; throws with the list of names when there is none. */
export function getSchema(name: string): JsonSchema {
  if (!isSchemaName(name)) {
    throw new Error(`No POD schema named "${name}". Known schemas: ${SCHEMA_NAMES.join(', ')}.`);
  }
  return schemas[name];
}
