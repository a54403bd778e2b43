import type { AttemptResult, TestResult } from 'tollgate/reporter';
import { attemptErrors, formatDuration, fullTitle, skipReason } from '../shared/test-facts.ts';
import { noColors, type Colors } from './colors.ts';

/**
 * One line per finished test, for a log that is not a terminal:
 *   ✓ smoke › suites/a.spec.ts › lists sites (12ms)
 * Pure, so the format is tested without a stream.
 */
export function formatTestLine(result: TestResult, colors: Colors = noColors): string {
  const attempt = result.attempts[result.attempts.length - 1];
  const title = fullTitle(result.test);
  const time = attempt ? colors.dim(` (${formatDuration(attempt.duration)})`) : '';
  switch (result.outcome) {
    case 'passed':
      return `  ${colors.green('✓')} ${title}${time}`;
    case 'flaky':
      return `  ${colors.yellow('~ flaky')} ${title}${time}${colors.dim(` passed on attempt ${result.attempts.length}`)}`;
    case 'skipped': {
      const reason = skipReason(result, attempt);
      return `  ${colors.cyan('- skipped')} ${title}${reason ? colors.dim(` (${reason})`) : ''}`;
    }
    case 'interrupted':
      return `  ${colors.yellow('! interrupted')} ${title}${time}`;
    case 'failed':
    default: {
      const timedOut = attempt?.status === 'timedOut' ? colors.red(' timed out') : '';
      return `  ${colors.red('✘')} ${title}${timedOut}${time}`;
    }
  }
}

/** A failed attempt that will be retried: `  ↻ retrying title (attempt 1 failed: socket hang up)`. */
export function formatRetryLine(result: TestResult, attempt: AttemptResult, colors: Colors = noColors): string {
  const first = attemptErrors(attempt, result.test)[0];
  const why = first ? `: ${firstLine(first.message)}` : '';
  const what = attempt.status === 'timedOut' ? 'timed out' : 'failed';
  return `  ${colors.yellow('↻ retrying')} ${fullTitle(result.test)}${colors.dim(` (attempt ${attempt.attempt + 1} ${what}${why})`)}`;
}

export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}
