import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
// Gate problems of the project's own files are usage errors (exit 2), like a bad config.
import { UsageError } from '../model/usage-error.ts';
import { wildcardMatch } from './wildcard-match.ts';

/**
 * One quarantined test: it still runs and is reported, but its failure
 * does not fail the gate until `expires` (a date, inclusive, UTC). After
 * that the entry fails the gate and names its owner.
 */
export interface QuarantineEntry {
  /** A test id, or a pattern where `*` stands for any text: `smoke › api.spec.ts › *`. */
  test: string;
  owner: string;
  reason: string;
  /** A link to the issue that tracks the fix. */
  issue: string;
  /** YYYY-MM-DD: the last day the entry holds. */
  expires: string;
}

export interface Quarantine {
  /** Relative to the project's root. */
  file: string;
  entries: QuarantineEntry[];
}

/** Looked for at the project's root, in this order. */
export const QUARANTINE_FILES = ['tollgate.quarantine.json', 'quarantine.json'];

export class QuarantineError extends UsageError {}

export const QUARANTINE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:tollgate:quarantine',
  title: 'Tollgate quarantine file',
  type: 'object',
  additionalProperties: false,
  required: ['quarantine'],
  properties: {
    $schema: { type: 'string' },
    quarantine: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['test', 'owner', 'reason', 'issue', 'expires'],
        properties: {
          test: { type: 'string', minLength: 1, description: 'test id, or a pattern with * for any text' },
          owner: { type: 'string', minLength: 1, description: 'who fixes it (name, e-mail or team)' },
          reason: { type: 'string', minLength: 1 },
          issue: { type: 'string', pattern: '^https?://\\S+$', description: 'link to the tracking issue' },
          expires: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, the last day the entry holds' },
        },
      },
    },
  },
} as const;

// Loaded and compiled on first use: most runs have no quarantine file, every run loads this module,
// and ajv is some 80 modules. It is CommonJS, so a synchronous require does.
let validator: ReturnType<Ajv2020['compile']> | undefined;
const quarantineValidator = () => {
  const { Ajv2020: Ajv } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  return (validator ??= new Ajv({ allErrors: true, strict: true }).compile(QUARANTINE_SCHEMA));
};

/**
 * Reads the project's quarantine file, or returns undefined when it has
 * none. Every problem is reported at once, each naming its entry.
 */
export function loadQuarantine(rootDir: string): Quarantine | undefined {
  const name = QUARANTINE_FILES.find((f) => fs.existsSync(path.join(rootDir, f)));
  if (!name) return undefined;
  const text = fs.readFileSync(path.join(rootDir, name), 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new QuarantineError(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  return parseQuarantine(name, data);
}

export function parseQuarantine(file: string, data: unknown): Quarantine {
  const problems: string[] = [];
  const validate = quarantineValidator();
  if (!validate(data)) {
    for (const error of validate.errors ?? []) {
      const at = /^\/quarantine\/(\d+)(.*)$/.exec(error.instancePath);
      const entry = at ? (data as { quarantine: { test?: unknown }[] }).quarantine[Number(at[1])] : undefined;
      const where = at ? `entry ${Number(at[1]) + 1}${typeof entry?.test === 'string' ? ` (test "${entry.test}")` : ''}${at[2] ? ` ${at[2].slice(1)}` : ''}` : error.instancePath || 'the file';
      const detail = error.keyword === 'additionalProperties' ? `has unknown property "${(error.params as { additionalProperty: string }).additionalProperty}"` : error.message;
      problems.push(`${where}: ${detail}`);
    }
  } else {
    (data as { quarantine: QuarantineEntry[] }).quarantine.forEach((entry, i) => {
      if (Number.isNaN(Date.parse(`${entry.expires}T00:00:00Z`)) || new Date(`${entry.expires}T00:00:00Z`).toISOString().slice(0, 10) !== entry.expires) {
        problems.push(`entry ${i + 1} (test "${entry.test}") expires: "${entry.expires}" is not a date`);
      }
    });
  }
  if (problems.length) {
    throw new QuarantineError(
      `${file} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'Each entry needs { "test", "owner", "reason", "issue": "https://...", "expires": "YYYY-MM-DD" }.',
    );
  }
  return { file, entries: (data as { quarantine: QuarantineEntry[] }).quarantine };
}

/** The entry that covers a test id, if any: an exact id first, then the first pattern that matches. */
export function quarantineEntryFor(quarantine: Quarantine, testId: string): QuarantineEntry | undefined {
  return quarantine.entries.find((e) => e.test === testId) ?? quarantine.entries.find((e) => e.test.includes('*') && wildcardMatch(e.test, testId));
}

export function isExpired(entry: QuarantineEntry, now = new Date()): boolean {
  return now.toISOString().slice(0, 10) > entry.expires;
}
