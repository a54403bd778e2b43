import path from 'node:path';
import { RunDirectoryError } from '../archive/run-directory.ts';
import { mergeRunDirectories } from '../gate/merge-run-dirs.ts';
import { loadQuarantine } from '../gate/quarantine.ts';
import { gatePolicyOf, loadProjectConfig } from './project-config.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

export interface MergeCliOptions {
  output: string;
  gate?: string;
  config?: string;
}

/**
 * `tollgate merge DIR... --output DIR [--gate NAME]`: the shards' run
 * directories into one, judged once; the exit code is that verdict's.
 * `tollgate report DIR` and `tollgate archive import DIR` take it as any run.
 */
export async function mergeCommand(dirs: string[], options: MergeCliOptions): Promise<number> {
  const cwd = process.cwd();
  const project = await loadProjectConfig(cwd, options);
  if ('exitCode' in project) return project.exitCode;
  const { config } = project;
  try {
    const result = mergeRunDirectories(dirs.map((d) => path.resolve(cwd, d)), path.resolve(cwd, options.output), {
      gate: options.gate,
      quarantine: config ? loadQuarantine(config.rootDir) : undefined,
      policyOf: gatePolicyOf(config),
    });
    for (const [index, dir] of result.taken) process.stderr.write(`  shard ${index}/${result.report.total}: ${path.relative(cwd, dir) || dir}\n`);
    for (const rule of result.verdict.rules.filter((r) => r.outcome !== 'pass')) process.stderr.write(`  ${rule.outcome.toUpperCase()} ${rule.rule}: ${rule.message}\n`);
    process.stderr.write(`tollgate: run ${result.runId} merged into ${options.output}: verdict ${result.verdict.status}\n`);
    return result.verdict.exitCode;
  } catch (error) {
    if (error instanceof RunDirectoryError) return reportUsageError(error);
    throw error;
  }
}
