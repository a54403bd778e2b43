import pg from 'pg';
import { redactUrl } from './redact-url.ts';

export { redactUrl };
import { MIGRATIONS_TABLE, sqlValue, type Migration, type SqlConnection, type Statement } from './sql-connection.ts';

/** An arbitrary constant that names tollgate's migration lock among other advisory locks. */
const MIGRATION_LOCK = 7_261_0001;

/**
 * The shared archive of a QA POD. One client, and every use of it goes
 * through a queue: a transaction's statements must never interleave with
 * another caller's on the same connection.
 */
export class PostgresConnection implements SqlConnection {
  readonly dialect = 'postgres' as const;
  private queue: Promise<unknown> = Promise.resolve();
  private broken: Error | undefined;

  private constructor(private readonly client: pg.Client, readonly location: string) {
    // A dropped connection surfaces on the next call instead of crashing the process.
    client.on('error', (error) => (this.broken = error));
  }

  static async open(url: string): Promise<PostgresConnection> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new PostgresConnection(client, redactUrl(url));
  }

  query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.serial(async () => (await this.client.query(toDollar(sql), params.map(sqlValue))).rows as T[]);
  }

  batch(statements: Statement[]): Promise<void> {
    if (!statements.length) return this.serial(async () => {});
    return this.serial(async () => {
      await this.client.query('BEGIN');
      try {
        for (const { sql, params } of statements) await this.client.query(toDollar(sql), params.map(sqlValue));
        await this.client.query('COMMIT');
      } catch (error) {
        await this.client.query('ROLLBACK').catch(() => {});
        throw error;
      }
    });
  }

  migrate(migrations: Migration[]): Promise<number[]> {
    return this.serial(async () => {
      // The advisory lock serialises processes that start on a fresh database at the same time.
      await this.client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await this.client.query(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
        const applied = new Set((await this.client.query(`SELECT version FROM ${MIGRATIONS_TABLE}`)).rows.map((r: { version: number }) => Number(r.version)));
        const done: number[] = [];
        for (const migration of migrations) {
          if (applied.has(migration.version)) continue;
          await this.client.query('BEGIN');
          try {
            await this.client.query(migration.sql);
            await this.client.query(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES ($1, $2, $3)`, [migration.version, migration.name, new Date().toISOString()]);
            await this.client.query('COMMIT');
          } catch (error) {
            await this.client.query('ROLLBACK').catch(() => {});
            throw new Error(`archive migration ${migration.name} failed: ${(error as Error).message}`);
          }
          done.push(migration.version);
        }
        return done;
      } finally {
        await this.client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
      }
    });
  }

  close(): Promise<void> {
    return this.serial(() => this.client.end());
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(() => {
      if (this.broken) throw new Error(`the PostgreSQL archive at ${this.location} lost its connection: ${this.broken.message}`);
      return work();
    });
    this.queue = next.catch(() => {});
    return next;
  }
}

/** `?` placeholders to `$1, $2, ...`. Our statements hold no `?` inside string literals. */
export function toDollar(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** A URL to show people: the password never appears in a report or a log. */
