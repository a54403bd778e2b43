import type { Reporter } from '../model/reporter.ts';
import { loadReporter } from '../../reporters/registry.ts';
import { UsageError } from './usage-error.ts';

/** Builds the reporters named on the command line; an unknown name is a usage error (exit 2). */
export async function createReporters(
  specs: readonly string[],
  where: { runDir: string; rootDir: string; replay: boolean },
): Promise<{ name: string; reporter: Reporter }[]> {
  const reporters: { name: string; reporter: Reporter }[] = [];
  for (const spec of specs) {
    try {
      const reporter = await loadReporter(spec, {
        runDir: where.runDir,
        rootDir: where.rootDir,
        stdout: process.stdout,
        isTTY: Boolean(process.stdout.isTTY),
        replay: where.replay,
      });
      reporters.push({ name: spec, reporter });
    } catch (error) {
      throw new UsageError(`--reporter ${spec}: ${(error as Error).message}`);
    }
  }
  return reporters;
}
