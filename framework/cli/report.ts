import path from 'node:path';
import { readEvents, RunDirectoryError } from '../archive/run-directory.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { createReporters } from './create-reporters.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

/** `tollgate report RUN_DIR --reporter ...`: every report is rebuilt from events.ndjson alone. */
export async function reportCommand(runDir: string, options: { reporter?: string[] }): Promise<number> {
  const dir = path.resolve(runDir);
  try {
    const events = readEvents(dir);
    const begin = events.find((e) => e.type === 'run.begin');
    const reporters = await createReporters(options.reporter ?? ['console'], { runDir: dir, rootDir: begin?.type === 'run.begin' ? begin.rootDir : process.cwd(), replay: true });
    for (const event of events) for (const { reporter } of reporters) reporter.onEvent?.(event);
    for (const { reporter } of reporters) await reporter.onEnd?.();
    const verdict = events.find((e) => e.type === 'verdict');
    return verdict?.type === 'verdict' ? verdict.verdict.exitCode : ExitCode.Failed;
  } catch (error) {
    if (error instanceof RunDirectoryError || error instanceof UsageError) return reportUsageError(error);
    throw error;
  }
}
