import path from 'node:path';
import type { Archive } from '../archive/archive.ts';
import { archivedRunEvents, restoreArtifacts } from '../archive/archive-events.ts';
import { ArchiveOpenError, openArchive, openSqlConnection } from '../archive/open-archive.ts';
import { readEvents, RunDirectoryError } from '../archive/run-directory.ts';
import type { SqlConnection } from '../archive/sql-connection.ts';
import { EventBus } from '../events/event-bus.ts';
import { Redactor } from '../events/redactor.ts';
import type { RunEvent } from '../model/events.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { checkRunId } from '../model/run-id.ts';
import { createReporters } from './create-reporters.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

export interface ReportCliOptions {
  reporter?: string[];
  /** Rebuild the reports of this archived run instead of a run directory's. */
  runId?: string;
}

/**
 * `tollgate report RUN_DIR --reporter ...`: every report is rebuilt from events.ndjson alone.
 * `tollgate report --run-id ID --reporter ...`: the same from the archive, for a run that exists
 * as a whole only there (its shards ran on other machines).
 */
export async function reportCommand(runDir: string | undefined, options: ReportCliOptions): Promise<number> {
  try {
    if (runDir !== undefined && options.runId !== undefined) {
      throw new UsageError(`give either a run directory (${runDir}) or --run-id ${options.runId}, not both`);
    }
    if (options.runId !== undefined) return await reportArchivedRun(options.runId, options);
    if (runDir === undefined) throw new UsageError('give a run directory (tollgate report .tollgate/runs/<run id>) or --run-id ID for a run in the archive');
    const dir = path.resolve(runDir);
    const events = readEvents(dir);
    const begin = events.find((e) => e.type === 'run.begin');
    return await replay(events, options, { runDir: dir, rootDir: begin?.type === 'run.begin' ? begin.rootDir : process.cwd() });
  } catch (error) {
    if (error instanceof RunDirectoryError || error instanceof UsageError || error instanceof ArchiveOpenError) return reportUsageError(error);
    throw error;
  }
}

async function replay(events: RunEvent[], options: ReportCliOptions, where: { runDir: string; rootDir: string }): Promise<number> {
  const reporters = await createReporters(options.reporter ?? ['console'], { ...where, replay: true });
  // Through the bus, as in a run: a reporter that throws is named and stopped, and the command fails (exit 1).
  const bus = new EventBus(new Redactor([]));
  for (const { name, reporter } of reporters) bus.add(name, reporter);
  for (const event of events) bus.emit(event);
  await bus.end();
  if (bus.failures) return ExitCode.Failed;
  const verdict = events.find((e) => e.type === 'verdict');
  return verdict?.type === 'verdict' ? verdict.verdict.exitCode : ExitCode.Failed;
}

/**
 * Reports of an archived run: its events rebuilt from the archive's rows
 * (archive/archive-events.ts), its attachments' bodies copied out of the
 * blob store into .tollgate/runs/<run id>/, which is also where reports
 * go by default, as for a run directory.
 */
async function reportArchivedRun(runId: string, options: ReportCliOptions): Promise<number> {
  // The reports go to .tollgate/runs/<run id>: an id that climbs (`..`, `../../x`) must not choose where (issue 13.5).
  checkRunId(runId, '--run-id');
  const cwd = process.cwd();
  let archive: Archive | undefined;
  let conn: SqlConnection | undefined;
  try {
    // openArchive migrates and marks runs whose process died as incomplete, as every archive command does.
    archive = await openArchive({ rootDir: cwd });
    const run = await archive.run(runId);
    if (!run || run.id !== runId) {
      const near = run ? ` (did you mean ${run.id}?)` : '';
      throw new UsageError(`no run "${runId}" in the archive ${archive.location}${near}: \`tollgate runs\` lists the archived runs (TOLLGATE_ARCHIVE picks another archive)`);
    }
    conn = await openSqlConnection({ rootDir: cwd });
    const replayed = await archivedRunEvents(conn, runId);
    if (!replayed) throw new UsageError(`no run "${runId}" in the archive ${archive.location}: \`tollgate runs\` lists the archived runs`);
    const runDir = path.join(cwd, '.tollgate', 'runs', runId);
    const { missing } = await restoreArtifacts(archive.blobs, replayed, runDir);
    if (missing.length) process.stderr.write(`tollgate: ${missing.length} attachment(s) of run ${runId} have no body in ${archive.blobs.location}; the reports list them without it\n`);
    if (!replayed.events.some((e) => e.type === 'verdict')) {
      const hint = replayed.shards ? `: \`tollgate gate --run-id ${runId}\` gives a sharded run its verdict` : ` (status ${run.status})`;
      process.stderr.write(`tollgate: run ${runId} has no verdict in the archive yet${hint}\n`);
    }
    return await replay(replayed.events, options, { runDir, rootDir: cwd });
  } finally {
    await conn?.close();
    await archive?.close();
  }
}
