import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Migration } from './sql-connection.ts';

const FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * The numbered migrations under migrations/ (`001-initial.sql`, ...), in
 * order. Both backends run the same files; a change to the schema is a new
 * file, never an edit of one that shipped.
 */
export function loadMigrations(folder = FOLDER): Migration[] {
  return fs
    .readdirSync(folder)
    .filter((name) => /^\d+-.+\.sql$/.test(name))
    .map((name) => ({ version: Number.parseInt(name, 10), name, sql: fs.readFileSync(path.join(folder, name), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}
