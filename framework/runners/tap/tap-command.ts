import { relative } from 'node:path';
import type { ResolvedSuite } from '../../model/config.ts';
import type { TapInstall } from './resolve-tap.ts';
import { tsxLoaderUrl } from './resolve-tap.ts';

/**
 * The tap command line for a suite:
 *
 *   node <tap bin> --reporter=tap --disable-coverage --timeout=<s> -- <files>
 *
 * and, when TypeScript must go through tsx, before the `--`:
 *
 *   --test-env=TAP_TYPE_STRIP_ONLY=1 --node-arg=--import=<tollgate's tsx loader URL>
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
}

export function tapCommand(install: TapInstall, suite: ResolvedSuite, files: readonly string[], rootDir: string): TapCommand {
  const args = [install.bin, '--reporter=tap', '--disable-coverage', `--timeout=${Math.ceil(Math.max(0, suite.timeout) / 1000)}`];
  if (install.typescript === 'tsx') {
    // The plugin's loader skips ts-node when this is set in the test process;
    // an inherited variable would not do, since tap resets it to 0 on Node < 22.
    args.push('--test-env=TAP_TYPE_STRIP_ONLY=1', `--node-arg=--import=${tsxLoaderUrl()}`);
  }
  args.push('--', ...files.map((file) => relative(rootDir, file) || file));
  return { command: process.execPath, args };
}

/** The command line as a person would type it, for logs and error messages. */
export function formatCommand(command: TapCommand): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return ['node', ...command.args.map(quote)].join(' ');
}
