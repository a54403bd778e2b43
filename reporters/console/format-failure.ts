import { join } from 'node:path';
import { shownPath } from './format-outputs.ts';
import type { RunState, TestError, TestResult } from 'tollgate/reporter';
import { attemptErrors, failingStep, fullTitle, mentionsTimeout, stackFrames, stripAnsi, tailLines } from '../shared/test-facts.ts';
import { noColors, type Colors } from './colors.ts';

/**
 * The block printed for each failed test at the end of a run: what failed,
 * in which step, the error with its diff, where in the source, and the end
 * of what the test printed. Pure, so the layout is tested without a stream.
 */
export interface FailureFormatOptions {
  colors?: Colors;
  /** Attachment paths are shown inside this folder (the run directory). */
  runDir?: string;
  /** ...relative to this one (the working directory), when given. */
  cwd?: string;
  /** How many lines of stdout/stderr to show. */
  outputLines?: number;
}

const INDENT = '     ';

export function formatFailure(result: TestResult, index: number, options: FailureFormatOptions = {}): string {
  const colors = options.colors ?? noColors;
  const attempt = result.attempts[result.attempts.length - 1];
  const lines: string[] = [colors.red(`  ${index}) ${fullTitle(result.test)}`), ''];
  if (!attempt) {
    lines.push(`${INDENT}The test never started.`);
    return lines.join('\n');
  }
  if (result.attempts.length > 1) lines.push(`${INDENT}${colors.dim(`Failed on all ${result.attempts.length} attempts; the last one:`)}`);
  const errors = attemptErrors(attempt, result.test);
  if (attempt.status === 'timedOut' && !errors.some((e) => mentionsTimeout(e.message))) lines.push(`${INDENT}${colors.red('Timed out')}`);
  const step = failingStep(attempt.steps);
  if (step) lines.push(`${INDENT}Step: ${colors.bold(step.path.join(' › '))}`);
  if (lines[lines.length - 1] !== '') lines.push('');

  errors.forEach((error, i) => {
    if (errors.length > 1) lines.push(`${INDENT}${colors.dim(`Error ${i + 1} of ${errors.length}:`)}`);
    lines.push(...formatError(error, colors).map((l) => (l ? INDENT + l : l)), '');
  });

  const outputLines = options.outputLines ?? 20;
  for (const stream of ['stdout', 'stderr'] as const) {
    const { lines: tail, omitted } = tailLines(attempt[stream], outputLines);
    if (tail.length === 0) continue;
    const label = omitted > 0 ? `${stream} (last ${tail.length} of ${tail.length + omitted} lines):` : `${stream}:`;
    const shown = colors.enabled ? tail : tail.map(stripAnsi);
    lines.push(`${INDENT}${colors.dim(label)}`, ...shown.map((l) => `${INDENT}  ${l}`), '');
  }
  if (attempt.attachments.length > 0) {
    // One line, paths a person can open from where they ran the command (issue 16): a dozen screenshots are not a dozen lines.
    const where = attempt.attachments.map((a) => (a.path ? shownPath(options.runDir ? join(options.runDir, a.path) : a.path, options.cwd) : `${a.name} (inline)`));
    lines.push(`${INDENT}${colors.dim('attachments:')} ${where.join(' ')}`, '');
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** An error as lines (not indented): message, thrown value, diff, location, snippet or stack. */
export function formatError(error: TestError, colors: Colors = noColors): string[] {
  const lines: string[] = [];
  const [head, ...rest] = error.message.split('\n');
  // The expect package puts its diff into the message: its - Expected / + Received lines are coloured there too.
  lines.push(colors.red(head), ...(colors.enabled && hasDiff(error) ? colorDiff(rest.join('\n'), colors) : rest));
  if (error.value !== undefined && !error.message.includes(error.value)) lines.push(`Thrown value: ${error.value}`);
  // The expect package already puts its diff into the message; print it once.
  if (error.diff && !error.message.includes(error.diff.trim())) lines.push('', ...colorDiff(error.diff, colors));
  if (error.location) lines.push('', colors.cyan(`at ${error.location.file}:${error.location.line}:${error.location.column}`));
  if (error.snippet) lines.push('', ...error.snippet.split('\n'));
  else {
    const frames = stackFrames(error)?.split('\n') ?? [];
    if (frames.length > 0) lines.push('', ...frames.slice(0, 8).map((f) => colors.dim(f)));
  }
  return lines;
}

function hasDiff(error: TestError): boolean {
  return error.diff !== undefined || (/^(- Expected|Expected:)/m.test(error.message) && /^(\+ Received|Received:)/m.test(error.message));
}

function colorDiff(diff: string, colors: Colors): string[] {
  return diff.split('\n').map((line) => {
    if (/^(\+|Received)/.test(line)) return colors.red(line);
    if (/^(-|Expected)/.test(line)) return colors.green(line);
    return line;
  });
}

/** Errors that belong to no test: files that failed to load, suites that failed as a whole, reporters that threw. */
export function formatRunErrors(state: RunState, colors: Colors = noColors): string {
  const blocks: string[] = [];
  for (const { source, error, file, suite } of state.errors) {
    const where = [suite, file].filter(Boolean).join(' › ');
    blocks.push(formatLooseError(`${source} error${where ? ` in ${where}` : ''}`, error, colors));
  }
  for (const [suite, error] of state.suiteErrors) blocks.push(formatLooseError(`suite ${suite} failed`, error, colors));
  return blocks.join('\n\n');
}

function formatLooseError(title: string, error: TestError, colors: Colors): string {
  return [colors.red(`  ${title}`), '', ...formatError(error, colors).map((l) => (l ? INDENT + l : l))].join('\n');
}
