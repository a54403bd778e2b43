import { compareRuns } from '../archive/compare-runs.ts';
import { formatComparison } from '../archive/format-history.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { printJson, withArchive } from './archive.ts';
import { UsageError } from './usage-error.ts';

/** `tollgate compare RUN_A RUN_B`: which tests broke, which were fixed, which appeared, vanished or slowed down. */
export async function compareCommand(refA: string, refB: string, options: { json?: boolean }): Promise<number> {
  return withArchive(async (archive) => {
    const [a, b] = await Promise.all([archive.run(refA), archive.run(refB)]);
    const missing = [[refA, a], [refB, b]].filter(([, run]) => !run).map(([ref]) => `"${ref}"`);
    if (!a || !b) throw new UsageError(`no archived run ${missing.join(' or ')} (or a prefix matches several): \`tollgate runs\` lists them`);
    const comparison = await compareRuns(archive, a, b);
    if (options.json) printJson(comparison);
    else process.stdout.write(formatComparison(comparison));
    return ExitCode.Pass;
  });
}
