import fs from 'node:fs';
import path from 'node:path';
import type { RobotFlags } from '../model/robot-flags.ts';

/** The file in a run directory that says how the run was started: what `tollgate run --resume` needs. */
export const RUN_RECORD_FILE = 'run.json';

/**
 * How a run was started, written into its run directory before the first
 * test: `tollgate run --resume RUN` reads it to run the same selection
 * (gate, suites, tags, environment, soak duration...) against the same
 * config, so a resumed run needs nothing but its id or directory.
 */
export interface RunRecord {
  version: 1;
  runId: string;
  /** The folder the command ran in (relative paths in `paths` are resolved against it). */
  cwd: string;
  configFile: string | null;
  /** The test paths given on the command line. */
  paths: string[];
  /** The command line's options, as given (strings), minus what only concerned that process. */
  options: RunRecordOptions;
  /** The soak settings from the environment (TOLLGATE_SOAK_*, e.g. the window length): a resume sets those it is not given. */
  env?: Record<string, string>;
  /** --last-failed, resolved: the failed tests it selected when the run began. */
  lastFailedTests?: string[];
  /** The machine and process writing the run: a resume refuses a run whose writer is still alive. */
  host: string;
  pid: number;
  /** Each resume so far: when it began. */
  resumes?: string[];
}

/** Robot Framework's flags are part of the selection too. */
export interface RunRecordOptions extends RobotFlags {
  gate?: string;
  suite?: string[];
  kind?: string[];
  tag?: string;
  grep?: string;
  grepInvert?: string;
  shard?: string;
  workers?: string;
  retries?: string;
  reporter?: string[];
  env?: string;
  subject?: string;
  duration?: string;
  metricsPort?: string;
  instance?: string;
  leaseTimeout?: string;
}

export function writeRunRecord(runDir: string, record: RunRecord): void {
  fs.mkdirSync(runDir, { recursive: true });
  const file = path.join(runDir, RUN_RECORD_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, JSON.stringify(record, null, 2) + '\n');
  fs.renameSync(temporary, file);
}

/** The run's record, or undefined for a run directory written before run.json existed (or by `tollgate report`). */
export function readRunRecord(runDir: string): RunRecord | undefined {
  const file = path.join(runDir, RUN_RECORD_FILE);
  if (!fs.existsSync(file)) return undefined;
  const record = JSON.parse(fs.readFileSync(file, 'utf8')) as RunRecord;
  if (record.version !== 1) throw new Error(`${file}: version ${String(record.version)} is not one this tollgate reads (1)`);
  return record;
}
