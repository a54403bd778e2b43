import path from 'node:path';
import { ConfigError, formatConfigError } from '../config/config-error.ts';
import { findConfigFile, loadConfig } from '../config/load-config.ts';
import type { GateInput } from '../gate/evaluate-gate.ts';
import { gateInputPolicy } from '../gate/gate-policy.ts';
import type { ResolvedConfig } from '../model/config.ts';
import { ExitCode } from '../model/exit-codes.ts';
import { reportUsageError, UsageError } from './usage-error.ts';

/**
 * The project's config for commands that work with or without one (gate,
 * merge): `--config FILE`, else tollgate.config.ts in `cwd`, else none. A
 * config with mistakes is printed and becomes exit 2, as for `run`; so is a
 * `--gate` the config does not define.
 */
export async function loadProjectConfig(cwd: string, options: { config?: string; gate?: string }): Promise<{ config: ResolvedConfig | undefined } | { exitCode: number }> {
  let config: ResolvedConfig | undefined;
  const configFile = options.config ? path.resolve(cwd, options.config) : findConfigFile(cwd);
  if (configFile) {
    try {
      config = await loadConfig({ cwd, configPath: options.config });
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(formatConfigError(error, cwd) + '\n');
        return { exitCode: ExitCode.Usage };
      }
      throw error;
    }
  }
  if (options.gate && config && !config.gates[options.gate]) {
    return { exitCode: reportUsageError(new UsageError(`--gate ${options.gate}: no such gate in ${config.configFile}; the gates are ${Object.keys(config.gates).join(', ')}`)) };
  }
  return { config };
}

/** The policy of a gate as the project's config defines it (the merge gate's defaults without a config): for commands that judge a run again. */
export function gatePolicyOf(config: ResolvedConfig | undefined): (gate: string | null) => GateInput['policy'] {
  return (gate) => gateInputPolicy(gate, gate && config?.gates[gate] ? config.gates[gate]!.policy : {});
}
