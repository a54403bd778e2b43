import { ExitCode } from '../model/exit-codes.ts';

/** A mistake in the command line or the project's files: printed without a stack, exit code 2. */
export class UsageError extends Error {}

export function reportUsageError(error: Error): number {
  process.stderr.write(`tollgate: ${error.message}\n`);
  return ExitCode.Usage;
}
