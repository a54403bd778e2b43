import fs from 'node:fs';
import path from 'node:path';
import type { Archive } from '../archive/archive.ts';
import { importRunDirectory } from '../archive/import-run.ts';
import { ArchiveOpenError, openArchive } from '../archive/open-archive.ts';
import { RunDirectoryError } from '../archive/run-directory.ts';
import { rejudgeRun } from '../gate/rejudge-run.ts';
import { loadQuarantine } from '../gate/quarantine.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { gatePolicyOf, loadProjectConfig } from './project-config.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

/**
 * Opens the project's archive (TOLLGATE_ARCHIVE, or .tollgate/archive.db in
 * the current folder) for one command and closes it after. Problems with
 * the archive or the arguments are printed for people, exit code 2.
 */
export async function withArchive(work: (archive: Archive) => Promise<number>): Promise<number> {
  let archive: Archive | undefined;
  try {
    archive = await openArchive({ rootDir: process.cwd() });
    return await work(archive);
  } catch (error) {
    if (error instanceof ArchiveOpenError || error instanceof UsageError || error instanceof RunDirectoryError) return reportUsageError(error);
    throw error;
  } finally {
    await archive?.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** `tollgate archive import RUN_DIR...`: CI artifacts from many machines end in one archive. */
export async function archiveImportCommand(runDirs: string[], options: { json?: boolean; config?: string }): Promise<number> {
  for (const dir of runDirs) {
    if (!fs.existsSync(path.join(dir, 'events.ndjson'))) {
      return reportUsageError(new UsageError(`${dir} is not a run directory: it has no events.ndjson. Give the folder a run wrote (--output, or .tollgate/runs/<run id>).`));
    }
  }
  // The runs are judged again by this project's gate policies (rejudge-run.ts), as `tollgate merge` judges shards.
  const project = await loadProjectConfig(process.cwd(), options);
  if ('exitCode' in project) return project.exitCode;
  const { config } = project;
  const judge = { policyOf: gatePolicyOf(config), quarantine: config ? loadQuarantine(config.rootDir) : undefined };
  return withArchive(async (archive) => {
    const results = [];
    for (const dir of runDirs) {
      const result = await importRunDirectory(archive, dir, { judge: (events) => rejudgeRun(events, judge) });
      results.push({ dir, ...result });
      if (result.recordedVerdict) {
        process.stderr.write(`tollgate: WARNING: run ${result.runId} in ${dir} records the verdict ${result.recordedVerdict}, but judged again from its events it is ${result.verdict}; the archive keeps ${result.verdict}\n`);
      }
      if (!options.json) {
        process.stdout.write(`${result.replaced ? 'replaced' : 'imported'} run ${result.runId} (${result.events} events${result.incomplete ? ', incomplete: no run.end' : ''}${result.verdict ? `, verdict ${result.verdict}` : ''}) from ${dir}\n`);
      }
    }
    if (options.json) printJson({ archive: archive.location, imported: results });
    else process.stdout.write(`into ${archive.location}\n`);
    return ExitCode.Pass;
  });
}

/** `tollgate archive info`: where the archive is and how much it holds. */
export async function archiveInfoCommand(options: { json?: boolean }): Promise<number> {
  return withArchive(async (archive) => {
    const runs = await archive.runs({ limit: 1 });
    const info = { backend: archive.backend, location: archive.location, artifacts: archive.blobs.location, latestRun: runs[0]?.id ?? null };
    if (options.json) printJson(info);
    else process.stdout.write(`archive: ${info.backend} at ${info.location}\nartifacts: ${info.artifacts}\nlatest run: ${info.latestRun ?? '(none)'}\n`);
    return ExitCode.Pass;
  });
}
