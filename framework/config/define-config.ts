import type { Config } from '../model/config.ts';

/** Gives tollgate.config.ts its types. Validation happens when the config is loaded. */
export function defineConfig(config: Config): Config {
  return config;
}
