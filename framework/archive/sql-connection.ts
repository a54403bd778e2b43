/** One SQL statement with `?` placeholders (PostgreSQL's $n are made from them). */
export interface Statement {
  sql: string;
  params: unknown[];
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The little the archive needs from a database, so that one SqlArchive runs
 * on SQLite and PostgreSQL alike. Statements use `?` placeholders.
 */
export interface SqlConnection {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where it is, for people (a path, or a URL without its password). */
  readonly location: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs the statements in one transaction, all or nothing. */
  batch(statements: Statement[]): Promise<void>;
  /**
   * Present when the database commits before returning (SQLite): the
   * archive sink uses it so that a test's result is on disk by the time
   * its test.end event has been handled, whatever kills the process next.
   */
  batchSync?(statements: Statement[]): void;
  /** Applies the migrations not applied yet, under a lock other processes respect; returns their versions. */
  migrate(migrations: Migration[]): Promise<number[]>;
  close(): Promise<void>;
}

export const MIGRATIONS_TABLE = 'tollgate_migrations';

/** better-sqlite3 and pg accept neither undefined nor booleans the same way: both get null and 0/1. */
export function sqlValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
