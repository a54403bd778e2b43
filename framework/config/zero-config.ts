/**
 * `tollgate run PATH...` without a tollgate.config.ts, like `node --test
 * FILE`: one native unit suite named 'default' over the given files, or
 * over the test files inside the given folders.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { escapePath } from 'tinyglobby';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import { resolveConfig } from './resolve-config.ts';
import type { ResolvedConfig } from '../model/config.ts';

/** The test files a folder contributes in zero-config mode. */
export const ZERO_CONFIG_TEST_FILES = '**/*.{spec,test}.{ts,mts,js,mjs}';
export const ZERO_CONFIG_SUITE = 'default';

export interface ZeroConfigOptions {
  cwd: string;
  /** Files and folders from the command line, relative to cwd or absolute. None means cwd. */
  paths: readonly string[];
  /** Available cores, for workers; defaults to os.availableParallelism(). */
  cores?: number;
}

function toPattern(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute).split(sep).join('/');
  // The planner reads `files` as globs: a file named "a[1].spec.ts" must match only itself.
  return escapePath(rel === '' ? '.' : rel);
}

/**
 * @throws ConfigError naming every path that does not exist.
 */
export function zeroConfig(options: ZeroConfigOptions): ResolvedConfig {
  const cwd = resolve(options.cwd);
  const paths = options.paths.length > 0 ? options.paths : ['.'];
  const patterns: string[] = [];
  const problems: ConfigProblem[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(absolute).isDirectory();
    } catch {
      problems.push({
        path,
        message: `no such file or folder (looked for ${absolute})`,
        hint: 'Check the path: it is relative to the current folder. Pass test files or folders that hold *.spec.ts / *.test.ts files.',
      });
      continue;
    }
    const base = toPattern(cwd, absolute);
    patterns.push(isDirectory ? (base === '.' ? ZERO_CONFIG_TEST_FILES : `${base}/${ZERO_CONFIG_TEST_FILES}`) : base);
  }
  if (problems.length > 0) throw new ConfigError('tollgate run', problems);

  const files = [...new Set(patterns)];
  return resolveConfig(
    { suites: [{ name: ZERO_CONFIG_SUITE, kind: 'unit', runner: 'native', files }] },
    {
      configFile: null,
      rootDir: cwd,
      // No file to hash: the selection itself identifies the "config" in the archive.
      hash: createHash('sha256').update(JSON.stringify({ zeroConfig: files })).digest('hex'),
      ...(options.cores === undefined ? {} : { cores: options.cores }),
    },
  );
}
