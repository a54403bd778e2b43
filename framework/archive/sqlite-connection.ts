import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { lockWaitMs, whileBusy } from './sqlite-lock.ts';
import { MIGRATIONS_TABLE, sqlValue, type Migration, type SqlConnection, type Statement } from './sql-connection.ts';

/**
 * The embedded archive: one SQLite file in WAL mode. WAL lets readers
 * (`tollgate runs` in another terminal) work while a run writes, and a
 * committed transaction survives the writer being killed (synchronous =
 * NORMAL only risks the last commits on a power loss, not on a kill).
 */
export class SqliteConnection implements SqlConnection {
  readonly dialect = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** Made once: building a transaction function per batch costs as much as a small batch. */
  private readonly runBatch: Database.Transaction<(statements: Statement[]) => void>;

  /** How long to wait for another process's lock (sqlite-lock.ts). */
  private readonly waitMs = lockWaitMs();

  constructor(readonly location: string) {
    fs.mkdirSync(path.dirname(location), { recursive: true });
    // Several runs may share one archive (parallel CI jobs on one machine): every statement,
    // the first pragma included, waits for the lock rather than failing with "database is locked".
    this.db = new Database(location, { timeout: this.waitMs });
    this.busy(() => {
      this.db.pragma(`busy_timeout = ${this.waitMs}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    });
    this.runBatch = this.db.transaction((statements: Statement[]) => {
      for (const { sql, params } of statements) this.prepare(sql).run(...params.map(sqlValue));
    });
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.busy(() => this.prepare(sql).all(...params.map(sqlValue)) as T[]);
  }

  async batch(statements: Statement[]): Promise<void> {
    this.batchSync(statements);
  }

  batchSync(statements: Statement[]): void {
    if (!statements.length) return;
    // IMMEDIATE takes the write lock before the first read: two writers never deadlock upgrading a read.
    this.busy(() => this.runBatch.immediate(statements));
  }

  async migrate(migrations: Migration[]): Promise<number[]> {
    this.busy(() => this.db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`));
    // IMMEDIATE takes the write lock first, so two processes never apply the same migration.
    return this.busy(() => this.db.transaction(() => {
      const applied = new Set((this.db.prepare(`SELECT version FROM ${MIGRATIONS_TABLE}`).all() as { version: number }[]).map((r) => Number(r.version)));
      const done: number[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        this.db.exec(migration.sql);
        this.db.prepare(`INSERT INTO ${MIGRATIONS_TABLE} (version, name, applied_at) VALUES (?, ?, ?)`).run(migration.version, migration.name, new Date().toISOString());
        done.push(migration.version);
      }
      return done;
    }).immediate());
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private busy<T>(work: () => T): T {
    return whileBusy(this.location, this.waitMs, work, this.db);
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
