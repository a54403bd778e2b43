/**
 * The entry of a custom reporter's process (issue 13): a reporter module
 * the user gave (`--reporter ./mine.ts`) is loaded and called here, not in
 * the tollgate process, which sends it the run's events (already redacted)
 * over IPC (reporter-process-host.ts). What it prints goes to the tollgate
 * process's output.
 */
import type { RunEvent } from '../model/events.ts';
import type { Reporter, ReporterOutput, WrittenOutput } from '../model/reporter.ts';
import { serveUserCode } from '../run/user-code-main.ts';
import { loadReporter } from '../../reporters/registry.ts';

export interface ReporterLoad {
  spec: string;
  runDir: string;
  rootDir: string;
  isTTY: boolean;
  replay: boolean;
}

/** What the tollgate process learns of the reporter when it is built. */
export interface ReporterTraits {
  printsToStdout: boolean;
  outputs: ReporterOutput[];
}

/** What the run tells the reporter at its end, for its ctx.outputs() and ctx.attestation() (as built-in reporters read them). */
export interface ReporterEnd {
  outputs: WrittenOutput[];
  attestation: string | undefined;
}

let reporter: Reporter = {};
let rootDir = process.cwd();
let ended: ReporterEnd = { outputs: [], attestation: undefined };

serveUserCode(
  'a reporter',
  {
    load: async (load: ReporterLoad): Promise<ReporterTraits> => {
      rootDir = load.rootDir;
      reporter = await loadReporter(load.spec, {
        runDir: load.runDir,
        rootDir: load.rootDir,
        stdout: process.stdout,
        isTTY: load.isTTY,
        replay: load.replay,
        outputs: () => ended.outputs,
        attestation: () => ended.attestation,
      });
      return { printsToStdout: Boolean(reporter.printsToStdout), outputs: [...(reporter.outputs ?? [])] };
    },
    event: (event: RunEvent) => reporter.onEvent?.(event),
    end: async (end: ReporterEnd) => {
      ended = end;
      await reporter.onEnd?.();
    },
  },
  () => rootDir,
);
