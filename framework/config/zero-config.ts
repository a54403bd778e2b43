/**
 * `tollgate run PATH...` without a tollgate.config.ts, like `node --test
 * FILE`: one native unit suite named 'default' over the given files, or
 * over the test files inside the given folders; .robot files make a second
 * suite, named robot, run by the Robot Framework adapter.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { escapePath, globSync } from 'tinyglobby';
import { ConfigError, type ConfigProblem } from './config-error.ts';
import { resolveConfig } from './resolve-config.ts';
import type { ResolvedConfig, SuiteConfig } from '../model/config.ts';

/** The test files a folder contributes in zero-config mode. */
export const ZERO_CONFIG_TEST_FILES = '**/*.{spec,test}.{ts,mts,js,mjs}';
export const ZERO_CONFIG_SUITE = 'default';
export const ZERO_CONFIG_ROBOT_FILES = '**/*.robot';

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
  const robotPatterns: string[] = [];
  /** The folders given that hold .robot files: one is the top Robot suite, as `robot DIR` names it after the folder. */
  const robotFolders: string[] = [];
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
    if (!isDirectory) (absolute.endsWith('.robot') ? robotPatterns : patterns).push(base);
    else {
      patterns.push(base === '.' ? ZERO_CONFIG_TEST_FILES : `${base}/${ZERO_CONFIG_TEST_FILES}`);
      // Robot Framework files in a folder make a robot suite of their own, as `robot FOLDER` would.
      const robot = base === '.' ? ZERO_CONFIG_ROBOT_FILES : `${base}/${ZERO_CONFIG_ROBOT_FILES}`;
      if (globSync(robot, { cwd, ignore: ['**/node_modules/**'] }).length) {
        robotPatterns.push(robot);
        robotFolders.push(absolute);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError('tollgate run', problems);

  const files = [...new Set(patterns)];
  const suites: SuiteConfig[] = [];
  if (files.length) suites.push({ name: ZERO_CONFIG_SUITE, kind: 'unit', runner: 'native', files });
  const robotRoot = robotPatterns.length === 1 && robotFolders.length === 1 ? { robot: { root: robotFolders[0] } } : {};
  if (robotPatterns.length) suites.push({ name: 'robot', kind: 'unit', runner: 'robot', files: [...new Set(robotPatterns)], ...robotRoot });
  return resolveConfig(
    { suites },
    {
      configFile: null,
      rootDir: cwd,
      // No file to hash: the selection itself identifies the "config" in the archive.
      hash: createHash('sha256').update(JSON.stringify({ zeroConfig: files, robot: robotPatterns })).digest('hex'),
      ...(options.cores === undefined ? {} : { cores: options.cores }),
    },
  );
}
