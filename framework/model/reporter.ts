import type { RunEvent } from './events.ts';

/**
 * A reporter consumes the event stream. Every hook is optional, so a new
 * need becomes a new optional hook, not a breaking change.
 *
 * Call order: onEvent for every event in order (run.begin first, run.end
 * last), then onEnd once. A reporter that throws, in onEvent or onEnd, is
 * reported as an error event and stopped; the run goes on, and the gate
 * fails it (README "Reporters").
 */
export interface Reporter {
  onEvent?(event: RunEvent): void;
  /** Called once after run.end: write files, print summaries, flush. */
  onEnd?(): Promise<void> | void;
  /** True when this reporter writes to the terminal (so others stay quiet there). */
  printsToStdout?: boolean;
  /** The files or folders it will write: checked before the run starts, so a path that cannot be written is refused with exit 2. */
  outputs?: readonly ReporterOutput[];
}

/** A file or folder a reporter writes (absolute, or relative to the working directory). */
export interface ReporterOutput {
  path: string;
  kind: 'file' | 'directory';
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
  /**
   * What the run's reporters write, for the one that prints to the terminal
   * to say where each output went (issue 16). Read it once the run is over.
   */
  outputs?: () => readonly WrittenOutput[];
  /** The attestation the verdict was signed into (TOLLGATE_SIGNING_KEY), once the run is over; undefined when not signed. */
  attestation?: () => string | undefined;
}

/** One output of one reporter: `junit` wrote out.xml. */
export interface WrittenOutput extends ReporterOutput {
  /** The `--reporter` value that named it ('junit=out.xml'). */
  reporter: string;
}

export type ReporterFactory = (ctx: ReporterContext) => Reporter;

/** Identity helper that gives a reporter module its types. */
export function defineReporter(factory: ReporterFactory): ReporterFactory {
  return factory;
}
