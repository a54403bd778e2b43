import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, WrittenOutput } from '../model/reporter.ts';
import { ATTESTATION_FILE } from '../archive/run-directory.ts';
import { builtinReporters, isModulePath, loadReporter, parseReporterSpec, verdictLineReporter } from '../../reporters/registry.ts';
import { loadReporterInItsProcess } from './reporter-process-host.ts';
import { unwritableReason } from '../../reporters/shared/output-path.ts';
import { UsageError } from './usage-error.ts';

/**
 * Builds the reporters named on the command line; an unknown name, or an
 * output a reporter could not write (its `outputs`), is a usage error
 * (exit 2) before the run starts, all of them in one message: found at
 * the end, after every test ran, it would cost the run its report.
 */
export async function createReporters(
  specs: readonly string[],
  where: { runDir: string; rootDir: string; replay: boolean; signal?: AbortSignal },
): Promise<{ name: string; reporter: Reporter }[]> {
  const reporters: { name: string; reporter: Reporter }[] = [];
  const problems: string[] = [];
  // A live run makes its run directory first (a replay reads one that exists); the reporters' defaults are in it.
  const outputs: WrittenOutput[] = [];
  // Whatever reporters are chosen, the terminal hears the verdict, where each output went and what was signed (issue 16).
  const shared = {
    outputs: () => outputs,
    attestation: () => {
      const file = path.join(where.runDir, ATTESTATION_FILE);
      return fs.existsSync(file) ? file : undefined;
    },
  };
  const runDirReason = where.replay ? undefined : unwritableReason({ path: where.runDir, kind: 'directory' });
  if (runDirReason) problems.push(`the run directory ${where.runDir} cannot be made: ${runDirReason}. Pick another with --output DIR.`);
  for (const spec of specs) {
    let reporter: Reporter;
    try {
      // The user's own reporter runs in a process of its own (issue 13); built-in ones are tollgate's code.
      const { name } = parseReporterSpec(spec);
      if (!Object.hasOwn(builtinReporters, name) && isModulePath(name)) {
        reporter = await loadReporterInItsProcess({ spec, runDir: where.runDir, rootDir: where.rootDir, isTTY: Boolean(process.stdout.isTTY), replay: where.replay }, where.signal, shared);
      } else reporter = await loadReporter(spec, {
        runDir: where.runDir,
        rootDir: where.rootDir,
        stdout: process.stdout,
        isTTY: Boolean(process.stdout.isTTY),
        replay: where.replay,
        ...shared,
      });
    } catch (error) {
      throw new UsageError(`--reporter ${spec}: ${(error as Error).message}`);
    }
    for (const output of reporter.outputs ?? []) {
      const reason = unwritableReason(output);
      if (reason) problems.push(`--reporter ${spec}: cannot write its ${output.kind === 'file' ? 'file' : 'folder'} ${output.path}: ${reason}. Pick another with --reporter ${spec.split('=')[0]}=PATH.`);
    }
    for (const output of reporter.outputs ?? []) outputs.push({ ...output, reporter: spec });
    reporters.push({ name: spec, reporter });
  }
  if (problems.length) throw new UsageError(problems.join('\n'));
  if (!reporters.some(({ reporter }) => reporter.printsToStdout)) {
    reporters.push({ name: 'verdict line', reporter: await verdictLineReporter({ runDir: where.runDir, rootDir: where.rootDir, stdout: process.stdout, isTTY: Boolean(process.stdout.isTTY), replay: where.replay, option: undefined, ...shared }) });
  }
  return reporters;
}
