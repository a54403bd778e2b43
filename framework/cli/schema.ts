import { configSchema } from '../config/schema.ts';
import { ExitCode } from '../model/exit-codes.ts';

export function schemaCommand(): number {
  process.stdout.write(JSON.stringify(configSchema, null, 2) + '\n');
  return ExitCode.Pass;
}
