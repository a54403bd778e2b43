import path from 'node:path';
import type { Archive } from './archive.ts';
import { readEvents, RunDirectoryError } from './run-directory.ts';
import type { RunEvent } from '../model/events.ts';
import { runIdProblem } from '../model/run-id.ts';
import type { Verdict } from '../model/verdict.ts';

export interface ImportResult {
  runId: string;
  events: number;
  /** True when the archive held this run already and it was replaced. */
  replaced: boolean;
  /** True when the run directory has no run.end: the run is archived as incomplete. */
  incomplete: boolean;
  /** The verdict the archive keeps, judged again from the events; null when the run has none. */
  verdict: Verdict['status'] | null;
  /** Set when the run directory's own verdict said otherwise (it is not believed: gate/rejudge-run.ts). */
  recordedVerdict?: Verdict['status'];
}

/**
 * Loads a run directory made elsewhere (a CI job's artifacts) into the
 * archive: its events.ndjson through the same ingest as a live run, its
 * attachments into the blob store. Importing a run twice replaces it.
 * Its verdict is judged again from its events (issue 13.5), and only
 * attachment files inside the run directory are stored (attachmentFile).
 */
export interface ImportOptions {
  /**
   * Judges the run again from its events (gate/rejudge-run.ts, given by the
   * caller: the archive does not depend on the gate) and returns the events
   * with the verdict event replaced.
   */
  judge(events: RunEvent[]): { events: RunEvent[]; verdict: Verdict | null; mismatch: { recorded: Verdict['status'] } | null };
}

export async function importRunDirectory(archive: Archive, runDir: string, options: ImportOptions): Promise<ImportResult> {
  const dir = path.resolve(runDir);
  const read = readEvents(dir);
  const begin = read.find((e) => e.type === 'run.begin');
  if (begin?.type !== 'run.begin') throw new RunDirectoryError(`${dir}/events.ndjson has no run.begin event: it is not the start of a tollgate run`);
  const problem = runIdProblem(begin.runId);
  if (problem) throw new RunDirectoryError(`${dir}/events.ndjson: its run id ${JSON.stringify(begin.runId)} ${problem}; a run id is a name (letters, digits, ".", "_", "-", not starting with a dot, at most 128 characters)`);
  // The events are data from elsewhere: the verdict the archive keeps is judged here, not read.
  const { events, verdict, mismatch } = options.judge(read);
  const replaced = (await archive.run(begin.runId))?.id === begin.runId;
  if (replaced) await archive.deleteRun(begin.runId);
  const ingest = archive.ingest({ runDir: dir, pid: null });
  for (const event of events) {
    ingest.add(event);
    if (ingest.pending >= 2000) await ingest.flush();
  }
  await ingest.finish({ markIncompleteWithoutEnd: true });
  return {
    runId: begin.runId,
    events: events.length,
    replaced,
    incomplete: !events.some((e) => e.type === 'run.end'),
    verdict: verdict?.status ?? null,
    ...(mismatch ? { recordedVerdict: mismatch.recorded } : {}),
  };
}
