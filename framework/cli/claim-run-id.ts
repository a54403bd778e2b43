import os from 'node:os';
import { ArchiveOpenError, openArchive } from '../archive/open-archive.ts';
import type { ResolvedConfig } from '../model/config.ts';
import { UsageError } from '../model/usage-error.ts';

/**
 * `tollgate run --run-id ID` (issue 13.5): the id must be new. It is claimed
 * in the archive before the first test runs (Archive.claimRun, one row
 * insert), so a run id already used is refused at once rather than after
 * every test ran, and of two runs started with one id at the same moment
 * only one goes on to write .tollgate/runs/ID/events.ndjson.
 *
 * An archive that cannot be opened claims nothing: the run's archive sink
 * reports that problem as an error of the run (archive-sink.ts).
 */
export async function claimRunId(config: ResolvedConfig, runId: string, environment: string): Promise<void> {
  let archive;
  try {
    archive = await openArchive({ rootDir: config.rootDir });
  } catch (error) {
    if (error instanceof ArchiveOpenError) return;
    throw error;
  }
  try {
    if (await archive.claimRun(runId, { host: os.hostname(), pid: process.pid, environment })) return;
    const taken = await archive.run(runId);
    const what = taken && taken.id === runId ? `(${taken.status}, started ${taken.startTime}${taken.host ? ` on ${taken.host}` : ''})` : '(claimed by another run starting now)';
    throw new UsageError(
      `--run-id ${runId}: the archive ${archive.location} has a run with this id already ${what}. ` +
        `Give a new --run-id, or continue that run with \`tollgate run --resume ${runId}\`.`,
    );
  } finally {
    await archive.close();
  }
}

/**
 * Gives the id back when the run was refused after claiming it (a reporter
 * output that cannot be written is found once the run directory is known):
 * the same command, fixed, must not be told the id is taken. Only a row
 * that is still this process's bare claim is deleted (claimRun answers
 * true for it); one that run.begin filled is a run, and stays.
 */
export async function releaseRunId(config: ResolvedConfig, runId: string, environment: string): Promise<void> {
  let archive;
  try {
    archive = await openArchive({ rootDir: config.rootDir });
  } catch {
    return;
  }
  try {
    if (await archive.claimRun(runId, { host: os.hostname(), pid: process.pid, environment })) await archive.deleteRun(runId);
  } finally {
    await archive.close();
  }
}
