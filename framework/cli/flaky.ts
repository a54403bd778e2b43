import { flakyTests, HISTORY_WINDOW } from '../archive/analyse-run.ts';
import { formatFlaky } from '../archive/format-history.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { printJson, withArchive } from './archive.ts';
import { parseLimit } from './runs.ts';
import { UsageError } from './usage-error.ts';

/**
 * `tollgate flaky`: the tests that flip between pass and fail (or pass only
 * on retry) over the last runs of one line: the gate and environment given,
 * or those of the newest run.
 */
export async function flakyCommand(options: { gate?: string; env?: string; runs?: string; json?: boolean }): Promise<number> {
  return withArchive(async (archive) => {
    const window = parseLimit(options.runs, HISTORY_WINDOW, '--runs');
    const [latest] = await archive.runs({ gate: options.gate, environment: options.env, limit: 1 });
    if (!latest) throw new UsageError(`no archived run${options.gate ? ` of gate "${options.gate}"` : ''}${options.env ? ` in environment "${options.env}"` : ''} yet`);
    const line = { gate: options.gate ?? latest.gate, environment: options.env ?? latest.environment };
    const stats = await flakyTests(archive, line, window);
    if (options.json) printJson({ line, runs: window, tests: stats });
    else process.stdout.write(formatFlaky(stats, line, window));
    return ExitCode.Pass;
  });
}
