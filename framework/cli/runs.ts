import { analyseRun, HISTORY_WINDOW } from '../archive/analyse-run.ts';
import { formatRunAnalysis, formatRuns } from '../archive/format-history.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { printJson, withArchive } from './archive.ts';
import { UsageError } from './usage-error.ts';

export interface RunsCliOptions {
  gate?: string;
  env?: string;
  subject?: string;
  limit?: string;
  json?: boolean;
}

/**
 * `tollgate runs`: the archived runs, newest first. `tollgate runs RUN`
 * (an id, a unique prefix, or 'latest'): that run, its failures judged new,
 * known or flaky by the history of its line, and clustered by error.
 */
export async function runsCommand(ref: string | undefined, options: RunsCliOptions): Promise<number> {
  return withArchive(async (archive) => {
    if (ref) {
      const run = await archive.run(ref);
      if (!run) throw new UsageError(`no archived run "${ref}" (or the prefix matches several): \`tollgate runs\` lists them`);
      const analysis = await analyseRun(archive, run, HISTORY_WINDOW);
      if (options.json) printJson({ ...analysis, tests: await archive.tests(run.id) });
      else process.stdout.write(formatRunAnalysis(analysis));
      return ExitCode.Pass;
    }
    const runs = await archive.runs({ gate: options.gate, environment: options.env, subject: options.subject, limit: parseLimit(options.limit, 20) });
    if (options.json) printJson(runs);
    else process.stdout.write(formatRuns(runs));
    return ExitCode.Pass;
  });
}

export function parseLimit(text: string | undefined, fallback: number, flag = '--limit'): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number of at least 1, not "${text}"`);
  return n;
}
