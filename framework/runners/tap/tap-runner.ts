import { resolve } from 'node:path';
import type { SuiteRunner, SuiteRunnerContext } from '../../model/runner.ts';
import { childProcessEnv } from '../shared/child-env.ts';
import { ForeignSuiteError } from '../shared/foreign-suite-error.ts';
import { LineBuffer, spawnWithAbort } from '../shared/spawn-with-abort.ts';
import { StderrTail } from '../shared/stderr-tail.ts';
import { SuiteEmitter } from '../shared/suite-emitter.ts';
import { relativeFile } from '../shared/tap-diagnostics.ts';
import { TapToEvents } from '../shared/tap-to-events.ts';
import type { TapInstall } from './resolve-tap.ts';
import { resolveTap } from './resolve-tap.ts';
import { formatCommand, tapCommand } from './tap-command.ts';

/**
 * Runner 'tap': runs the suite's files with the tap package and streams its
 * TAP into test events (see TapToEvents for what counts as a test).
 *
 * Retries: tap has no per-test retry, so a file whose tests failed is run
 * again, whole, up to `suite.retries` times; only the tests still waiting
 * for a final outcome take their next attempt from that run.
 *
 * Everything that no failing test shows (a crashed or killed file, a broken
 * plan, a bail out, a file tap never reported, tap failing with no failed
 * test) is thrown at the end as one ForeignSuiteError, so the suite fails.
 */
export const tapRunner: SuiteRunner = createTapRunner();

export interface TapRunnerOptions {
  /** Which tap to run for a project; default: the project's, else tollgate's (resolveTap). */
  resolveTap?: (rootDir: string) => TapInstall | undefined;
}

export function createTapRunner(options: TapRunnerOptions = {}): SuiteRunner {
  return { run: (ctx) => runTapSuite(ctx, options) };
}

export async function runTapSuite(ctx: SuiteRunnerContext, options: TapRunnerOptions = {}): Promise<void> {
  const { suite, rootDir } = ctx;
  if (ctx.files.length === 0) {
    throw new ForeignSuiteError([
      `suite "${suite.name}" (runner 'tap') has no test files: its files ${JSON.stringify(suite.files)} match nothing under ${rootDir}; fix the globs in the suite's "files"`,
    ]);
  }
  const install = (options.resolveTap ?? resolveTap)(rootDir);
  if (!install) {
    throw new ForeignSuiteError([
      `suite "${suite.name}" uses runner 'tap', but the tap package is not installed in ${rootDir}; run: npm install --save-dev tap`,
    ]);
  }
  const emitter = new SuiteEmitter({ suite, runner: 'tap', emit: ctx.emit, retries: suite.retries });
  const problems: string[] = [];
  let files = [...ctx.files];
  for (let pass = 0; pass <= suite.retries && files.length > 0; pass++) {
    emitter.startPass();
    problems.push(...(await runPass(ctx, install, files, emitter, pass)));
    if (ctx.signal.aborted) break;
    files = [...new Set(emitter.pending().map((p) => resolve(rootDir, p.file)))];
  }
  if (ctx.signal.aborted) {
    emitter.closePending({ message: 'the run was interrupted before this test was retried' }, 'interrupted');
    return;
  }
  emitter.closePending({ message: 'failed, and gave no result when its file was run again for a retry' });
  if (problems.length > 0) throw new ForeignSuiteError(problems);
}

/** One tap process over `files`; returns the problems no failing test shows. */
async function runPass(ctx: SuiteRunnerContext, install: TapInstall, files: string[], emitter: SuiteEmitter, pass: number): Promise<string[]> {
  const command = tapCommand(install, ctx.suite, files, ctx.rootDir);
  const converter = new TapToEvents({ emitter, rootDir: ctx.rootDir, layout: 'files' });
  const stderr = new LineBuffer();
  const tail = new StderrTail();
  const result = await spawnWithAbort({
    command: command.command,
    args: command.args,
    cwd: ctx.rootDir,
    env: childProcessEnv(ctx),
    signal: ctx.signal,
    onStdout: (chunk) => converter.write(chunk),
    onStderr: (chunk) => {
      const lines = stderr.push(chunk);
      tail.push(lines);
      emitter.log('stderr', lines);
    },
  });
  const rest = stderr.flush();
  tail.push(rest);
  emitter.log('stderr', rest);
  const summary = converter.end({ interrupted: result.aborted });
  const runLabel = pass === 0 ? 'tap' : `tap (retry ${pass})`;
  if (result.spawnError) return [`could not start ${runLabel}: ${result.spawnError.message} (command: ${formatCommand(command)})`];
  if (result.aborted) return [];

  const problems = summary.problems.filter((p) => !summary.files.some((f) => f.problem === p));
  for (const file of summary.files) {
    if (!file.problem) continue;
    const excerpt = tail.excerptFor([file.file, resolve(ctx.rootDir, file.file)]);
    const message = excerpt ? `${file.problem}; its stderr:\n${excerpt}` : `${file.problem}; see the suite log for its stderr`;
    emitter.error('tap', { message }, file.file);
    problems.push(message);
  }
  if (summary.bailout !== undefined) problems.push(`${runLabel} bailed out: ${summary.bailout}; the tests after it did not run`);
  const reported = new Set(summary.files.map((f) => f.file));
  const missing = files.map((f) => relativeFile(f, ctx.rootDir)).filter((f) => !reported.has(f));
  if (missing.length > 0 && summary.bailout === undefined) {
    problems.push(`${runLabel} reported no result for ${missing.length === 1 ? 'file' : 'files'} ${missing.join(', ')}`);
  }
  const exitedBadly = result.exitCode !== 0 || result.signal !== null;
  if (problems.length === 0 && summary.failed === 0 && exitedBadly) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
    problems.push(`${runLabel} ${how} although no test failed; its stderr is in the suite log (command: ${formatCommand(command)})`);
  }
  if (problems.length === 0 && summary.tests === 0 && pass === 0) {
    problems.push(`${runLabel} ran ${files.length} ${files.length === 1 ? 'file' : 'files'} but they reported no tests`);
  }
  return problems;
}
