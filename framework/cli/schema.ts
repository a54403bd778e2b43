import { configSchema } from '../config/schema.ts';
import { verdictSchema } from '../gate/verdict-schema.ts';
import { ExitCode } from '../model/exit-codes.ts';

/** `tollgate schema` prints the config's JSON Schema; `--verdict`, verdict.json's. */
export function schemaCommand(options: { verdict?: boolean } = {}): number {
  process.stdout.write(JSON.stringify(options.verdict ? verdictSchema : configSchema, null, 2) + '\n');
  return ExitCode.Pass;
}
