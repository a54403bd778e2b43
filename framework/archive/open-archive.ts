import path from 'node:path';
import type { Archive } from './archive.ts';
import { archiveUrl } from './archive-url.ts';
import { FileBlobStore } from './blob-store.ts';
import { redactUrl } from './redact-url.ts';
import { SqlArchive } from './sql-archive.ts';
import { ArchiveLockError } from './sqlite-lock.ts';
import type { SqlConnection } from './sql-connection.ts';

export interface OpenArchiveOptions {
  /** The project's root: the default archive is <rootDir>/.tollgate/archive.db. */
  rootDir: string;
  /** postgres://... or a SQLite file path; default: TOLLGATE_ARCHIVE, then the embedded file. */
  url?: string;
  /** The blob store's folder; default: TOLLGATE_ARTIFACTS, then <rootDir>/.tollgate/artifacts. */
  artifactsDir?: string;
}

export class ArchiveOpenError extends Error {}

export { archiveUrl, ArchiveUrlError } from './archive-url.ts';

/**
 * Opens the project's archive: PostgreSQL when the URL is postgres://...,
 * otherwise SQLite at that path. Applies pending migrations and marks runs
 * whose process died without run.end as incomplete.
 */
export async function openArchive(options: OpenArchiveOptions): Promise<Archive> {
  const blobs = new FileBlobStore(options.artifactsDir ?? process.env.TOLLGATE_ARTIFACTS ?? path.join(options.rootDir, '.tollgate', 'artifacts'));
  const conn = await openSqlConnection(options);
  try {
    return await SqlArchive.open(conn, blobs);
  } catch (error) {
    await conn.close().catch(() => {});
    // A lock held past the long wait is a problem of the machine, told as such (exit 2), not a crash.
    if (error instanceof ArchiveLockError) throw new ArchiveOpenError(error.message);
    throw error;
  }
}

/**
 * A connection of its own to the archive's database, not migrated yet:
 * for what must not queue behind the archive's writes (lease heartbeats).
 */
export async function openSqlConnection(options: OpenArchiveOptions): Promise<SqlConnection> {
  const url = archiveUrl(options);
  // Each backend's driver is loaded only when it is used: a SQLite run does not pay for pg, nor the reverse.
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      const { PostgresConnection } = await import('./postgres-connection.ts');
      return await PostgresConnection.open(url);
    } catch (error) {
      throw new ArchiveOpenError(
        `cannot reach the PostgreSQL archive ${redactUrl(url)} (TOLLGATE_ARCHIVE): ${(error as Error).message}. ` +
          'Start the database or fix the URL; unset TOLLGATE_ARCHIVE to use the embedded SQLite archive.',
      );
    }
  }
  const file = path.resolve(options.rootDir, url.replace(/^sqlite:/, ''));
  try {
    const { SqliteConnection } = await import('./sqlite-connection.ts');
    return new SqliteConnection(file);
  } catch (error) {
    if (error instanceof ArchiveLockError) throw new ArchiveOpenError(error.message);
    throw new ArchiveOpenError(`cannot open the archive ${file}: ${(error as Error).message}. Check that the folder is writable, or set TOLLGATE_ARCHIVE to another file.`);
  }
}
