import path from 'node:path';
import { UsageError } from '../model/usage-error.ts';
import { redactUrl } from './redact-url.ts';

/** A URL of a scheme tollgate cannot open (mysql://...): a mistake in the setup, exit 2. */
export class ArchiveUrlError extends UsageError {}

// Two letters at least: C:\runs\archive.db is a path.
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;
const ACCEPTED = /^(postgres(ql)?:\/\/|sqlite:)/;

/**
 * Where the archive is, before opening it: for messages and `tollgate archive info`.
 * Throws ArchiveUrlError for a URL of another scheme, which would otherwise
 * become a SQLite file named after it (issue 13).
 */
export function archiveUrl(options: { rootDir: string; url?: string }): string {
  const url = options.url ?? process.env.TOLLGATE_ARCHIVE ?? path.join(options.rootDir, '.tollgate', 'archive.db');
  if (SCHEME.test(url) && !ACCEPTED.test(url)) {
    throw new ArchiveUrlError(
      `${options.url !== undefined ? 'the archive URL' : 'TOLLGATE_ARCHIVE'} ${URL.canParse(url) ? redactUrl(url) : `${SCHEME.exec(url)![0]}...`} is not an archive tollgate can open: ` +
        'use postgres://user:pass@host/db (or postgresql://) for PostgreSQL, or a file path (or sqlite:PATH) for SQLite; unset it for .tollgate/archive.db',
    );
  }
  return url;
}
