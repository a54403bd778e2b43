import { ExitCode } from '../model/exit-codes.ts';

export { UsageError } from '../model/usage-error.ts';

export function reportUsageError(error: Error): number {
  process.stderr.write(`tollgate: ${error.message}\n`);
  return ExitCode.Usage;
}
