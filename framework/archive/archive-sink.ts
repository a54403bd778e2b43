import type { RunEvent } from '../model/events.ts';
import type { Reporter } from '../model/reporter.ts';
import type { Archive, RunIngest } from './archive.ts';
import { openArchive, type OpenArchiveOptions } from './open-archive.ts';
import { heartbeatEveryMs } from './runner-liveness.ts';

/** How long other events may wait before they are written; results are written at once. */
const FLUSH_DELAY_MS = 50;
const FLUSH_SIZE = 500;

/**
 * The archive as an event sink on the run's bus. Every test result is
 * committed when its test.end arrives (on SQLite before the next event is
 * handled), so a run killed with SIGKILL keeps every finished result;
 * steps, metrics and the like ride along in the same transaction or are
 * written within FLUSH_DELAY_MS, in batches.
 */
export class ArchiveSink implements Reporter {
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly ingest: RunIngest;

  constructor(private readonly archive: Archive, runDir: string) {
    this.ingest = archive.ingest({ runDir, pid: process.pid });
  }

  onEvent(event: RunEvent): void {
    this.ingest.add(event);
    if (event.type === 'run.begin') this.startHeartbeat();
    const urgent = event.type === 'run.begin' || event.type === 'test.end' || event.type === 'verdict' || event.type === 'run.end' || event.type === 'error';
    if (urgent || this.ingest.pending >= FLUSH_SIZE) this.flushNow();
    else this.timer ??= setTimeout(() => this.flushNow(), FLUSH_DELAY_MS);
  }

  async onEnd(): Promise<void> {
    clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      await this.ingest.finish();
    } finally {
      await this.archive.close();
    }
  }

  /** While the run goes, the archive hears from it (runner-liveness.ts): a run killed on another machine is seen as dead. */
  private startHeartbeat(): void {
    const beat = () => {
      this.ingest.beat();
      this.flushNow();
    };
    beat();
    this.heartbeat ??= setInterval(beat, heartbeatEveryMs());
    this.heartbeat.unref();
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // On PostgreSQL the write goes on in the background; a failure is thrown from the next event or onEnd.
    this.ingest.flush().catch(() => {});
  }
}

/**
 * The sink execute-run adds to the bus. An archive that cannot be opened
 * does not stop the run: the sink fails on its first event, which the bus
 * reports as an error (the gate's no-errors rule then fails the run).
 */
export async function openArchiveSink(options: OpenArchiveOptions & { runDir: string; replaceRun?: string }): Promise<Reporter> {
  let archive: Archive;
  try {
    archive = await openArchive(options);
    // A resumed run (tollgate run --resume) is ingested again from its first event: one run, whatever the first process flushed.
    if (options.replaceRun) await archive.deleteRun(options.replaceRun);
  } catch (error) {
    const message = (error as Error).message;
    return {
      onEvent() {
        throw new Error(message);
      },
    };
  }
  return new ArchiveSink(archive, options.runDir);
}
