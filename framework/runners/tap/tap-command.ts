import { relative } from 'node:path';
import type { ResolvedSuite } from '../../model/config.ts';
import type { TapInstall } from './resolve-tap.ts';
import { tsxLoaderUrl } from './resolve-tap.ts';

/**
 * The tap command line for a suite:
 *
 *   node <tap bin> --reporter=tap --disable-coverage --timeout=<s> [--node-arg=--import=<tsx>] -- <files>
 *
 * - `--reporter=tap`: raw TAP 14 on stdout, parsed as it arrives.
 * - `--disable-coverage`: otherwise tap 21 exits 1 when it gathers no coverage.
 * - `--timeout`: tap's timeout is per test *file* process, in seconds; the
 *   suite's per-test timeout (ms) is rounded up; 0 turns it off.
 * - TypeScript: tap's own typescript plugin (ts-node) by default; tollgate's
 *   tsx loader when the plugin cannot work (see TapInstall.typescript). tap's
 *   plugin list is left alone, since changing it makes tap rebuild itself
 *   inside node_modules.
 */

export interface TapCommand {
  command: string;
  args: string[];
  /** Added over the inherited environment. */
  env: Record<string, string>;
}

export function tapCommand(install: TapInstall, suite: ResolvedSuite, files: readonly string[], rootDir: string): TapCommand {
  const args = [install.bin, '--reporter=tap', '--disable-coverage', `--timeout=${Math.ceil(Math.max(0, suite.timeout) / 1000)}`];
  const env: Record<string, string> = {};
  if (install.typescript === 'tsx') {
    args.push(`--node-arg=--import=${tsxLoaderUrl()}`);
    // Makes the typescript plugin's loader stand aside (it skips ts-node then).
    env.TAP_TYPE_STRIP_ONLY = '1';
  }
  args.push('--', ...files.map((file) => relative(rootDir, file) || file));
  return { command: process.execPath, args, env };
}

/** The command line as a person would type it, for logs and error messages. */
export function formatCommand(command: TapCommand): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const env = Object.entries(command.env).map(([k, v]) => `${k}=${quote(v)}`);
  return [...env, 'node', ...command.args.map(quote)].join(' ');
}
