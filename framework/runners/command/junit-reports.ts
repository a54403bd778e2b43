import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/**
 * Finds the JUnit report(s) a command was to write. A report older than the
 * command is refused: ingesting the file a previous run left behind would
 * turn a command that wrote nothing into a green suite.
 */

export interface FoundReports {
  /** Absolute paths, sorted. */
  files: string[];
  problems: string[];
}

/** How far a file's mtime may lag the command's start (coarse filesystem clocks). */
const CLOCK_SLACK_MS = 1000;

export async function findJunitReports(pattern: string, rootDir: string, startedAt: number): Promise<FoundReports> {
  const candidates = isDynamicPattern(pattern)
    ? await glob(pattern, { cwd: rootDir, absolute: true, dot: true, onlyFiles: true })
    : [isAbsolute(pattern) ? pattern : resolve(rootDir, pattern)];
  const files: string[] = [];
  const stale: string[] = [];
  for (const file of candidates.sort()) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (info.mtimeMs < startedAt - CLOCK_SLACK_MS) stale.push(`${relative(rootDir, file)} (last written ${info.mtime.toISOString()})`);
    else files.push(file);
  }
  const problems: string[] = [];
  if (files.length === 0) {
    const where = isDynamicPattern(pattern) ? `no file matches "${pattern}"` : `"${pattern}" does not exist`;
    const staleNote = stale.length > 0 ? `; only older reports were found, which this run did not write: ${stale.join(', ')}` : '';
    problems.push(
      `the command wrote no JUnit report: ${where} under ${rootDir}${staleNote}; make the command write its report there, or fix the suite's "report"`,
    );
  } else if (stale.length > 0) {
    problems.push(`ignored reports older than this run (it did not write them): ${stale.join(', ')}`);
  }
  return { files, problems };
}
