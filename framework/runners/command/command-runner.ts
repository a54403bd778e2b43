import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { SuiteRunner, SuiteRunnerContext } from '../../model/runner.ts';
import { childProcessEnv } from '../shared/child-env.ts';
import { ForeignSuiteError } from '../shared/foreign-suite-error.ts';
import { junitToTests } from '../shared/junit-to-tests.ts';
import type { SpawnResult } from '../shared/spawn-with-abort.ts';
import { LineBuffer, spawnWithAbort } from '../shared/spawn-with-abort.ts';
import { StderrTail } from '../shared/stderr-tail.ts';
import { SuiteEmitter } from '../shared/suite-emitter.ts';
import { TapToEvents } from '../shared/tap-to-events.ts';
import { findJunitReports } from './junit-reports.ts';

/**
 * Runner 'command': runs `suite.command` through the shell in rootDir and
 * ingests what it produces, TAP on stdout (format 'tap', the default, parsed
 * as it arrives) or a JUnit XML report written to `suite.report` (format
 * 'junit', read once the command has exited).
 *
 * The suite fails as a whole (ForeignSuiteError, after every test found was
 * emitted) when the command gave no test at all, when it failed although
 * every test passed, when its report is missing or stale, or when its TAP
 * broke its plan or bailed out.
 */
export const commandRunner: SuiteRunner = { run: runCommandSuite };

export async function runCommandSuite(ctx: SuiteRunnerContext): Promise<void> {
  const { suite, rootDir } = ctx;
  const command = suite.command?.trim();
  if (!command) {
    throw new ForeignSuiteError([`suite "${suite.name}" uses runner 'command' but has no "command"; set command to the command line that runs its tests`]);
  }
  const format = suite.format ?? 'tap';
  if (format === 'junit' && !suite.report) {
    throw new ForeignSuiteError([`suite "${suite.name}" has format 'junit' but no "report"; set report to the JUnit XML file its command writes (relative to ${rootDir})`]);
  }
  const emitter = new SuiteEmitter({ suite, runner: 'command', emit: ctx.emit });
  const tap = format === 'tap' ? new TapToEvents({ emitter, rootDir, layout: 'single', file: '' }) : undefined;
  const stdout = new LineBuffer();
  const stderr = new LineBuffer();
  const tail = new StderrTail();
  const startedAt = Date.now();
  const result = await spawnWithAbort({
    command,
    shell: true,
    cwd: rootDir,
    env: childProcessEnv(ctx),
    signal: ctx.signal,
    onStdout: (chunk) => (tap ? tap.write(chunk) : emitter.log('stdout', stdout.push(chunk))),
    onStderr: (chunk) => {
      const lines = stderr.push(chunk);
      tail.push(lines);
      emitter.log('stderr', lines);
    },
  });
  emitter.log('stdout', stdout.flush());
  const rest = stderr.flush();
  tail.push(rest);
  emitter.log('stderr', rest);

  const problems: string[] = [];
  if (tap) {
    const summary = tap.end({ interrupted: result.aborted });
    problems.push(...summary.problems.map((p) => `command "${command}": ${p}`));
    if (summary.bailout !== undefined) problems.push(`command "${command}" bailed out: ${summary.bailout}; the tests after it did not run`);
  }
  if (result.aborted) return;
  if (result.spawnError) throw new ForeignSuiteError([`could not start command "${command}": ${result.spawnError.message}`]);
  if (format === 'junit') problems.push(...(await ingestJunit(ctx, suite.report!, startedAt, emitter)));

  const how = exitDescription(result);
  const { tests, failed } = emitter.stats;
  const stderrNote = () => {
    const excerpt = tail.last();
    return excerpt ? `; its stderr ended with:\n${excerpt}` : '; its output is in the suite log';
  };
  if (tests === 0) {
    const what = format === 'tap' ? 'no TAP test points on its stdout' : 'no <testcase> in its report';
    problems.push(`command "${command}" produced no test results (${what}) and ${how}${stderrNote()}`);
  } else if (how !== 'exited with code 0' && failed === 0) {
    problems.push(`command "${command}" ${how} although all its ${tests} tests passed or were skipped${stderrNote()}`);
  }
  if (problems.length > 0) throw new ForeignSuiteError(problems);
}

async function ingestJunit(ctx: SuiteRunnerContext, pattern: string, startedAt: number, emitter: SuiteEmitter): Promise<string[]> {
  const found = await findJunitReports(pattern, ctx.rootDir, startedAt);
  const problems = [...found.problems];
  for (const file of found.files) {
    const reportFile = relative(ctx.rootDir, file);
    const read = junitToTests(await readFile(file, 'utf8'), { rootDir: ctx.rootDir, reportFile });
    problems.push(...read.problems);
    for (const log of read.logs) emitter.log(log.stream, log.text);
    for (const test of read.tests) emitter.report(test);
  }
  return problems;
}

function exitDescription(result: SpawnResult): string {
  return result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
}
