import type { RunEvent } from '../model/events.ts';
import type { TestOutcome } from '../model/results.ts';
import type { Verdict } from '../model/verdict.ts';
import type { BlobStore } from './blob-store.ts';

/**
 * - running: run.begin written, run.end not yet
 * - complete: run.end with status completed
 * - interrupted: run.end with status interrupted (SIGINT/SIGTERM, stopped gracefully)
 * - incomplete: the run never wrote run.end (killed, crashed, machine lost); never PASS
 */
export type ArchivedRunStatus = 'running' | 'complete' | 'incomplete' | 'interrupted';

export interface ArchivedRun {
  id: string;
  gate: string | null;
  environment: string;
  subject: string | null;
  startTime: string;
  endTime: string | null;
  /** Milliseconds. */
  duration: number | null;
  host: string | null;
  tollgateVersion: string | null;
  configHash: string | null;
  shard: string | null;
  status: ArchivedRunStatus;
  /** The stored verdict; for an incomplete run an ERROR verdict made by the archive. Null while running. */
  verdict: Verdict | null;
  /** Tests by final outcome; 'missing' = no outcome (yet). */
  counts: Record<TestOutcome | 'missing', number>;
}

export interface ArchivedTest {
  runId: string;
  testId: string;
  title: string;
  suite: string | null;
  kind: string | null;
  file: string | null;
  tags: string[];
  outcome: TestOutcome | null;
  /** Milliseconds, of the last attempt. */
  duration: number | null;
  attempts: number;
  /** The first error of the last failing attempt. */
  errorMessage: string | null;
  errorSignature: string | null;
}

/** One test in one run, with the run's line: what history is made of. Newest first wherever listed. */
export interface TestHistoryEntry {
  runId: string;
  startTime: string;
  gate: string | null;
  environment: string;
  subject: string | null;
  runStatus: ArchivedRunStatus;
  testId: string;
  outcome: TestOutcome | null;
  duration: number | null;
  attempts: number;
  errorMessage: string | null;
  errorSignature: string | null;
}

/**
 * A line of versions: the runs of one gate in one environment, ordered by
 * start time. "New failure" and "flaky" are judged within a line, so a
 * nightly failure on staging says nothing about the merge gate on a laptop.
 */
export interface Line {
  gate: string | null;
  environment: string;
}

/** A run of load instances that waits for `tollgate gate --run-id runId` to give it a verdict. */
export interface AwaitingGate {
  runId: string;
  startTime: string;
  /** The instances that ended, as 'i/n'. */
  instances: string[];
}

export interface RunFilter {
  gate?: string | null;
  environment?: string;
  subject?: string;
  status?: ArchivedRunStatus;
  /** Only runs that started before this ISO time. */
  before?: string;
  /** Default 20. */
  limit?: number;
}

export interface HistoryOptions {
  gate?: string | null;
  environment?: string;
  /** Only runs that started at or before this ISO time (the run being judged and older ones). */
  until?: string;
}

/**
 * Turns one run's events into archive rows as they come. The archive sink
 * feeds it live; `tollgate archive import` feeds it a saved run directory.
 *
 * Call order: add(run.begin), add(...) for each event in order, flush()
 * whenever results must be durable, finish() once at the end.
 */
export interface RunIngest {
  add(event: RunEvent): void;
  /** Writes what was added so far. On SQLite the write is done before this returns. */
  flush(): Promise<void>;
  /** Flushes, stores pending artifact bodies and, when no run.end came, marks the run incomplete. */
  finish(options?: { markIncompleteWithoutEnd?: boolean }): Promise<void>;
  /** Queues a renewal of the running run's heartbeat (runner-liveness.ts); the next flush writes it. */
  beat(): void;
  /** Statements waiting to be written. */
  readonly pending: number;
  /** The run's id once run.begin was added. */
  readonly runId: string | undefined;
}

/**
 * The results archive: every run with its tests, attempts, steps, errors,
 * metrics and artifacts, written while the run goes; the history queries
 * that `tollgate history/flaky/runs/compare/verdict` and the HTML report
 * ask. SQLite (`.tollgate/archive.db`) by default, PostgreSQL when
 * TOLLGATE_ARCHIVE=postgres://... (see openArchive).
 *
 * @example
 *   const archive = await openArchive({ rootDir: process.cwd() });
 *   const verdict = await archive.latestVerdict({ gate: 'merge', subject: 'abc123' });
 *   await archive.close();
 */
export interface Archive {
  readonly backend: 'sqlite' | 'postgres';
  /** A path, or a URL without its password. */
  readonly location: string;
  readonly blobs: BlobStore;

  /** Starts writing one run. `runDir` is where the events' attachment paths point; `pid` the process writing it live (none for an import). */
  ingest(options: { runDir: string; pid?: number | null }): RunIngest;
  /** Removes a run and everything of it (an import replaces a run it already holds). */
  deleteRun(runId: string): Promise<void>;

  /**
   * Reserves a run id for a run about to start (tollgate run --run-id): one
   * row insert, so of two runs claiming one id at once exactly one wins.
   * False when the id is taken; the run's run.begin later fills the row.
   */
  claimRun(runId: string, claimant: { host: string; pid: number; environment: string }): Promise<boolean>;

  /** Newest first. */
  runs(filter?: RunFilter): Promise<ArchivedRun[]>;
  /** By id, unique id prefix, or 'latest'. */
  run(ref: string): Promise<ArchivedRun | null>;
  tests(runId: string): Promise<ArchivedTest[]>;
  /** The test's last n outcomes (newest first), optionally on one line and up to a time. */
  testHistory(testId: string, n?: number, options?: HistoryOptions): Promise<TestHistoryEntry[]>;
  /** Every test's outcomes in the last `runs` runs of a line, newest first per test. */
  lineHistory(line: Line, runs?: number, options?: { until?: string }): Promise<Map<string, TestHistoryEntry[]>>;
  /** Test ids that contain the text (for `tollgate history` given part of an id). */
  findTests(text: string, limit?: number): Promise<string[]>;
  /**
   * The verdict of the newest run of a gate for a subject (and environment),
   * or null when that subject never ran through that gate. An incomplete
   * run answers with its ERROR verdict, never with PASS.
   */
  latestVerdict(query: { gate: string; subject: string; environment?: string }): Promise<Verdict | null>;
  /** The run's signed verdict (a DSSE envelope, as the run wrote it), or null when it was not signed. */
  attestation(runId: string): Promise<string | null>;
  /**
   * The newest run of load instances of that gate and subject that ended
   * without the verdict of `tollgate gate --run-id`, when it is newer than
   * every verdict latestVerdict could give; else null. Each instance's own
   * verdict is never the run's (migration 006).
   */
  awaitingGate?(query: { gate: string; subject: string; environment?: string }): Promise<AwaitingGate | null>;
  /** Marks runs whose writer is gone without run.end as incomplete; returns their ids. */
  sweepIncomplete(): Promise<string[]>;
  close(): Promise<void>;
}
