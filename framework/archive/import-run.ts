import path from 'node:path';
import type { Archive } from './archive.ts';
import { readEvents, RunDirectoryError } from './run-directory.ts';

export interface ImportResult {
  runId: string;
  events: number;
  /** True when the archive held this run already and it was replaced. */
  replaced: boolean;
  /** True when the run directory has no run.end: the run is archived as incomplete. */
  incomplete: boolean;
}

/**
 * Loads a run directory made elsewhere (a CI job's artifacts) into the
 * archive: its events.ndjson through the same ingest as a live run, its
 * attachments into the blob store. Importing a run twice replaces it.
 */
export async function importRunDirectory(archive: Archive, runDir: string): Promise<ImportResult> {
  const dir = path.resolve(runDir);
  const events = readEvents(dir);
  const begin = events.find((e) => e.type === 'run.begin');
  if (begin?.type !== 'run.begin') throw new RunDirectoryError(`${dir}/events.ndjson has no run.begin event: it is not the start of a tollgate run`);
  const replaced = (await archive.run(begin.runId))?.id === begin.runId;
  if (replaced) await archive.deleteRun(begin.runId);
  const ingest = archive.ingest({ runDir: dir, pid: null });
  for (const event of events) {
    ingest.add(event);
    if (ingest.pending >= 2000) await ingest.flush();
  }
  await ingest.finish({ markIncompleteWithoutEnd: true });
  return { runId: begin.runId, events: events.length, replaced, incomplete: !events.some((e) => e.type === 'run.end') };
}
