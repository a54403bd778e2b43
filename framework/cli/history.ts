import { formatHistory } from '../archive/format-history.ts';
import { testStats } from '../archive/history.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { printJson, withArchive } from './archive.ts';
import { parseLimit } from './runs.ts';
import { UsageError } from './usage-error.ts';

/** `tollgate history TEST`: a test's last outcomes, flip rate and flaky score. TEST is its id or a part that names one test. */
export async function historyCommand(test: string, options: { gate?: string; env?: string; limit?: string; json?: boolean }): Promise<number> {
  return withArchive(async (archive) => {
    const limit = parseLimit(options.limit, 20);
    let testId = test;
    if (!(await archive.testHistory(test, 1)).length) {
      const matches = await archive.findTests(test, 11);
      if (matches.length !== 1) {
        throw new UsageError(
          matches.length
            ? `"${test}" matches ${matches.length > 10 ? 'more than 10' : matches.length} tests; give more of the id:\n${matches.slice(0, 10).map((m) => `  ${m}`).join('\n')}`
            : `no archived test id contains "${test}": \`tollgate runs latest\` shows a run's tests`,
        );
      }
      testId = matches[0]!;
    }
    const entries = await archive.testHistory(testId, limit, { gate: options.gate, environment: options.env });
    const stats = testStats(testId, entries);
    if (options.json) printJson({ testId, stats, history: entries });
    else process.stdout.write(formatHistory(testId, entries, stats));
    return ExitCode.Pass;
  });
}
