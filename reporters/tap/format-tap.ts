import type { AttemptResult, RunState, TestError, TestResult } from 'tollgate/reporter';
import { countOutcomes } from 'tollgate/reporter';
import { attemptErrors, failingStep, fullTitle, skipReason, stackFrames, stripAnsi, tailLines } from '../shared/test-facts.ts';
import { toYaml, type YamlValue } from './yaml.ts';

/**
 * TAP 14 (https://testanything.org/tap-version-14-specification.html) for a
 * tollgate run, one test point per test, written as each test ends. Pure
 * functions; the reporter only decides where the text goes.
 */
export const TAP_HEADER = 'TAP version 14\n';

/** In a description, '#' starts a directive and '\' escapes: both are escaped, line breaks become spaces. */
export function escapeDescription(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/#/g, '\\#').replace(/\s*[\r\n]+\s*/g, ' ');
}

function directiveText(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function diagnostics(data: { [key: string]: YamlValue }): string[] {
  return ['  ---', ...toYaml(data).map((l) => `  ${l}`), '  ...'];
}

function errorData(error: TestError, attempt?: AttemptResult): { [key: string]: YamlValue } {
  const step = attempt && failingStep(attempt.steps);
  return {
    message: error.message,
    value: error.value,
    step: step?.path.join(' › '),
    at: error.location ? { file: error.location.file, line: error.location.line, column: error.location.column } : undefined,
    diff: error.diff && !error.message.includes(error.diff.trim()) ? error.diff : undefined,
    source: error.snippet,
    stack: stackFrames(error),
  };
}

/** `ok`/`not ok` with its diagnostics, as lines ending in '\n'. */
export function formatTestPoint(n: number, result: TestResult): string {
  const { test, attempts, outcome } = result;
  const last = attempts[attempts.length - 1];
  const head = escapeDescription(fullTitle(test));
  const lines: string[] = [];
  switch (outcome) {
    case 'passed':
      lines.push(`ok ${n} - ${head}`);
      break;
    case 'skipped': {
      const reason = skipReason(result, last);
      lines.push(`ok ${n} - ${head} # SKIP${reason ? ` ${directiveText(reason)}` : ''}`);
      break;
    }
    case 'flaky': {
      const failures = attempts.slice(0, -1).filter((a) => a.status !== 'passed' && a.status !== 'skipped');
      lines.push(`ok ${n} - ${head}`);
      lines.push(...diagnostics({
        outcome: 'flaky',
        attempts: attempts.length,
        failures: failures.map((a) => ({ attempt: a.attempt + 1, status: a.status, message: attemptErrors(a, test)[0]?.message })),
      }));
      lines.push(`# flaky: passed on attempt ${attempts.length} after ${failures.length} failed ${failures.length === 1 ? 'attempt' : 'attempts'}`);
      break;
    }
    case 'failed':
    case 'interrupted':
    case undefined: {
      if (!last) {
        lines.push(`ok ${n} - ${head} # SKIP not run: the run ended before this test started`);
        break;
      }
      const status = last.status === 'running' ? 'unfinished' : last.status;
      const errors = last.status === 'running' ? [{ message: 'The test started but never finished (its worker or the run stopped).' }] : attemptErrors(last, test);
      const [first, ...more] = errors;
      lines.push(`not ok ${n} - ${head}`);
      lines.push(...diagnostics({
        ...errorData(first, last),
        outcome: outcome ?? 'unfinished',
        status,
        attempts: attempts.length,
        duration_ms: last.duration,
        errors: more.length > 0 ? more.map((e) => errorData(e)) : undefined,
        stdout: outputTail(last.stdout),
        stderr: outputTail(last.stderr),
      }));
      break;
    }
  }
  return `${lines.join('\n')}\n`;
}

/** An error that belongs to no test, as a failing test point: a TAP consumer must not read the run as clean. */
export function formatErrorPoint(n: number, title: string, error: TestError): string {
  return `${[`not ok ${n} - ${escapeDescription(title)}`, ...diagnostics(errorData(error))].join('\n')}\n`;
}

/**
 * The plan, then a summary and the verdict as comments. An interrupted run
 * ends in "Bail out!" instead of a plan, so no consumer reads it as whole.
 */
export function formatTapEnd(count: number, state: RunState): string {
  const interrupted = state.endStatus === 'interrupted';
  const lines: string[] = [];
  if (!interrupted) lines.push(count === 0 ? '1..0 # SKIP no tests ran' : `1..${count}`);
  const counts = countOutcomes(state);
  const parts = Object.entries(counts).filter(([, v]) => v > 0).map(([k, v]) => `${v} ${k === 'missing' ? 'not run' : k}`);
  lines.push(`# ${parts.length > 0 ? parts.join(', ') : 'no tests'}`);
  const verdict = state.verdict;
  if (verdict) {
    lines.push(`# verdict ${verdict.status}${verdict.gate ? ` (gate ${verdict.gate})` : ''}, exit code ${verdict.exitCode}`);
    for (const rule of verdict.rules) {
      if (rule.outcome !== 'pass') lines.push(`# ${rule.outcome} ${rule.rule}: ${directiveText(rule.message)} (measured ${rule.measured ?? 'n/a'}, limit ${rule.limit ?? 'n/a'})`);
    }
  }
  if (interrupted) lines.push('Bail out! The run was interrupted.');
  return `${lines.join('\n')}\n`;
}

function outputTail(chunks: readonly string[]): string | undefined {
  const { lines } = tailLines(chunks, 20);
  return lines.length > 0 ? stripAnsi(lines.join('\n')) : undefined;
}
