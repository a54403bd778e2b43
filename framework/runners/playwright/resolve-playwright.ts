import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Finds the @playwright/test to run: the project's own (next to its
 * playwright config; its version is the one its tests were written for),
 * else the one installed with tollgate.
 */
export interface PlaywrightInstall {
  /** Absolute path of @playwright/test's cli.js (run with node). */
  cli: string;
  version: string;
  from: 'project' | 'tollgate';
}

export function resolvePlaywright(configDir: string): PlaywrightInstall | undefined {
  return fromBase(join(configDir, 'package.json'), 'project') ?? fromBase(import.meta.url, 'tollgate');
}

function fromBase(base: string, from: PlaywrightInstall['from']): PlaywrightInstall | undefined {
  let manifestPath: string;
  try {
    manifestPath = createRequire(base).resolve('@playwright/test/package.json');
  } catch {
    return undefined;
  }
  const cli = join(dirname(manifestPath), 'cli.js');
  if (!existsSync(cli)) return undefined;
  const { version } = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: string };
  return { cli, version: version ?? 'unknown', from };
}

/** The reporter file Playwright loads (`--reporter=<path>`). */
export const REPORTER_PATH = new URL('./tollgate-reporter.mjs', import.meta.url).pathname;
