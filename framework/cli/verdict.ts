import path from 'node:path';
import { ConfigError, formatConfigError } from '../config/config-error.ts';
import { findConfigFile, loadConfig } from '../config/load-config.ts';
import { answerVerdictQuery, RunDirectoryVerdicts, type VerdictSource } from '../gate/verdict-query.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { UsageError } from './usage-error.ts';

export interface VerdictSourceOptions {
  config?: string;
  /** Read run directories under this folder instead of the config's outputDir. */
  runs?: string;
}

/**
 * Where `verdict` and `serve` look verdicts up: the run directories under
 * --runs, or under the config's outputDir (default .tollgate/runs).
 */
export async function openVerdictSource(options: VerdictSourceOptions, cwd = process.cwd()): Promise<VerdictSource> {
  if (options.runs) return new RunDirectoryVerdicts(path.resolve(cwd, options.runs));
  const configFile = options.config ?? findConfigFile(cwd);
  if (!configFile) return new RunDirectoryVerdicts(path.resolve(cwd, '.tollgate', 'runs'));
  try {
    const config = await loadConfig({ cwd, configPath: options.config });
    return new RunDirectoryVerdicts(path.resolve(config.rootDir, config.outputDir));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(formatConfigError(error, cwd));
    throw error;
  }
}

export interface VerdictCliOptions extends VerdictSourceOptions {
  gate: string;
  subject: string;
  env?: string;
}

/**
 * `tollgate verdict --gate G --subject S [--env E]`: exit 0 when the newest
 * run of G for S passed (PASS or WARN), 1 when it did not or there is none;
 * the answer as JSON on stdout, one line for people on stderr.
 */
export async function verdictCommand(options: VerdictCliOptions): Promise<number> {
  if (!options.gate.trim()) throw new UsageError('--gate needs a gate name, e.g. --gate deploy');
  if (!options.subject.trim()) throw new UsageError('--subject needs the version to ask about (git commit, sha256:digest, chart version)');
  const source = await openVerdictSource(options);
  try {
    const answer = await answerVerdictQuery(source, { gate: options.gate, subject: options.subject, environment: options.env });
    process.stdout.write(JSON.stringify(answer, null, 2) + '\n');
    process.stderr.write(`tollgate: ${answer.message}\n`);
    return answer.passed ? ExitCode.Pass : ExitCode.Failed;
  } finally {
    await source.close?.();
  }
}
