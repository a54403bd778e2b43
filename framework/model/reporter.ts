import type { RunEvent } from './events.ts';

/**
 * A reporter consumes the event stream. Every hook is optional, so a new
 * need becomes a new optional hook, not a breaking change.
 *
 * Call order: onEvent for every event in order (run.begin first, run.end
 * last), then onEnd once. A reporter that throws is reported as an error
 * event and the run goes on; it never crashes the run.
 */
export interface Reporter {
  onEvent?(event: RunEvent): void;
  /** Called once after run.end: write files, print summaries, flush. */
  onEnd?(): Promise<void> | void;
  /** True when this reporter writes to the terminal (so others stay quiet there). */
  printsToStdout?: boolean;
}

export interface ReporterContext {
  /** The value after '=' in `--reporter name=value`, if any (usually an output path). */
  option: string | undefined;
  /** The run directory (events.ndjson, artifacts/). Attachment paths are relative to it. */
  runDir: string;
  rootDir: string;
  stdout: NodeJS.WritableStream;
  /** Whether stdout is an interactive terminal (live progress line, colours). */
  isTTY: boolean;
  /** True when `tollgate report` replays a saved run (no live progress). */
  replay: boolean;
}

export type ReporterFactory = (ctx: ReporterContext) => Reporter;

/** Identity helper that gives a reporter module its types. */
export function defineReporter(factory: ReporterFactory): ReporterFactory {
  return factory;
}
