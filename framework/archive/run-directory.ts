import fs from 'node:fs';
import path from 'node:path';
import type { RunEvent } from '../model/events.ts';
import type { Reporter } from '../model/reporter.ts';
import { UsageError } from '../model/usage-error.ts';
import type { Verdict } from '../model/verdict.ts';

export const EVENTS_FILE = 'events.ndjson';
export const VERDICT_FILE = 'verdict.json';
/** The signed verdict (a DSSE envelope), when the run was signed (gate/attestation-sign-run.ts). */
export const ATTESTATION_FILE = 'attestation.intoto.json';

/**
 * The run directory: events.ndjson appended as the run goes (one
 * synchronous write per event, so a killed run keeps everything that was
 * emitted before the kill), verdict.json at the end, artifacts/ beside.
 */
export class RunDirectoryWriter implements Reporter {
  private readonly fd: number;
  /** While set, events go to the other sinks only: a resumed run replays what this file holds already. */
  replaying = false;

  /** `append`: a resumed run (tollgate run --resume) goes on writing the same events.ndjson. */
  constructor(readonly dir: string, options: { append?: boolean } = {}) {
    try {
      fs.mkdirSync(path.join(dir, 'artifacts'), { recursive: true });
    } catch (error) {
      // Before the first event: a usage error (exit 2) naming the folder, not a stack trace (issue 13).
      throw new UsageError(`cannot make the run directory ${dir}: ${whyNotAFolder(dir, error as NodeJS.ErrnoException)}; give --output a folder that can be written`);
    }
    // A reused --output folder starts over: events of an earlier run must not be read as this one's.
    fs.rmSync(path.join(dir, VERDICT_FILE), { force: true });
    const file = path.join(dir, EVENTS_FILE);
    if (options.append) dropCutLine(file);
    this.fd = fs.openSync(file, options.append ? 'a' : 'w');
  }

  onEvent(event: RunEvent): void {
    if (this.replaying) return;
    fs.writeSync(this.fd, JSON.stringify(event) + '\n');
    if (event.type === 'verdict') writeVerdict(this.dir, event.verdict);
  }

  onEnd(): void {
    fs.closeSync(this.fd);
  }
}

/** The file that stands where a folder must be, or the system's reason. */
function whyNotAFolder(dir: string, error: NodeJS.ErrnoException): string {
  if (error.code !== 'ENOTDIR' && error.code !== 'EEXIST') return error.message;
  for (let at = path.join(dir, 'artifacts'); at !== path.dirname(at); at = path.dirname(at)) {
    if (fs.existsSync(at) && !fs.statSync(at).isDirectory()) return `${at} is a file, not a folder`;
  }
  return error.message;
}

export function writeVerdict(dir: string, verdict: Verdict): void {
  fs.writeFileSync(path.join(dir, VERDICT_FILE), JSON.stringify(verdict, null, 2) + '\n');
}

/** A line cut short by a kill would glue onto the next event appended: cut the file back to its last whole line. */
export function dropCutLine(file: string): void {
  if (!fs.existsSync(file)) return;
  // Read backwards from the end: events.ndjson of a days-long soak is too big to read whole.
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const chunk = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - chunk.length);
      fs.readSync(fd, chunk, 0, end - start, start);
      const at = chunk.subarray(0, end - start).lastIndexOf(0x0a);
      if (at >= 0) {
        if (start + at + 1 < size) fs.truncateSync(file, start + at + 1);
        return;
      }
      end = start;
    }
    if (size > 0) fs.truncateSync(file, 0);
  } finally {
    fs.closeSync(fd);
  }
}

export class RunDirectoryError extends Error {}

/** Reads a run directory's events; a last line cut short by a kill is dropped, not fatal. */
export function readEvents(dir: string): RunEvent[] {
  const file = path.join(dir, EVENTS_FILE);
  if (!fs.existsSync(file)) throw new RunDirectoryError(`${dir} is not a run directory: it has no ${EVENTS_FILE}`);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const events: RunEvent[] = [];
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    try {
      events.push(JSON.parse(line) as RunEvent);
    } catch {
      if (index < lines.length - 2) throw new RunDirectoryError(`${file}:${index + 1} is not valid JSON`);
    }
  });
  return events;
}

/** A sortable, readable run id: 2026-11-27T10-31-05-123Z-ab12. */
export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 6)}`;
}
