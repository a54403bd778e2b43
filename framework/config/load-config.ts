/**
 * Finds, imports, validates and resolves tollgate.config.ts. Every stage
 * after this one receives the ResolvedConfig it returns, and never the
 * user's raw config.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config, ResolvedConfig } from '../model/config.ts';
import { ConfigError } from './config-error.ts';
import { importConfig } from './import-config.ts';
import { resolveConfig } from './resolve-config.ts';
import { validateConfig } from './validate-config.ts';

export { zeroConfig } from './zero-config.ts';

/** Looked for in this order in the current folder. */
export const CONFIG_FILE_NAMES = ['tollgate.config.ts', 'tollgate.config.mts', 'tollgate.config.js', 'tollgate.config.mjs'] as const;

export interface LoadConfigOptions {
  cwd: string;
  /** A config file (relative to cwd or absolute); when absent, CONFIG_FILE_NAMES are looked for in cwd. */
  configPath?: string;
  /** Available cores, for workers; defaults to os.availableParallelism(). */
  cores?: number;
}

/** The config file in `cwd`, or null when there is none (the CLI then uses zeroConfig). */
export function findConfigFile(cwd: string): string | null {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(resolve(cwd), name);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * @throws ConfigError when the file is missing, does not load, or holds
 * invalid values (then with every problem at once).
 */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd);
  const file = options.configPath === undefined ? findConfigFile(cwd) : resolve(cwd, options.configPath);
  if (file === null) {
    throw new ConfigError(cwd, [
      {
        path: '',
        message: `no ${CONFIG_FILE_NAMES.join(', ')} in this folder`,
        hint: "Create tollgate.config.ts with `export default defineConfig({ suites: [...] })`, or run test files directly: tollgate run PATH...",
      },
    ]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ConfigError(file, [
      {
        path: '',
        message: missing ? 'config file not found' : `cannot read the config file (${(err as Error).message})`,
        hint: missing ? `Check the path given with --config; it is relative to ${cwd}.` : 'Check the file permissions.',
      },
    ]);
  }

  const config = await importConfig(file);
  const problems = validateConfig(config);
  if (problems.length > 0) throw new ConfigError(file, problems);

  return resolveConfig(config as Config, {
    configFile: file,
    rootDir: dirname(file),
    hash: createHash('sha256').update(text).digest('hex'),
    ...(options.cores === undefined ? {} : { cores: options.cores }),
  });
}
