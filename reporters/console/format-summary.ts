import type { RunState, TestOutcome, Verdict } from 'tollgate/reporter';
import { countOutcomes } from 'tollgate/reporter';
import { attemptErrors, formatDuration } from '../shared/test-facts.ts';
import { noColors, type Colors } from './colors.ts';
import { firstLine } from './format-test-line.ts';
import { wrapText } from './wrap-text.ts';

type Count = TestOutcome | 'missing';

/** `3 passed · 2 failed · 1 flaky · 1 skipped  (7 tests in 5.0s)`; zero counts are left out. */
export function formatSummary(state: RunState, colors: Colors = noColors): string {
  const counts = countOutcomes(state);
  const paint: Record<Count, (s: string) => string> = {
    passed: colors.green, failed: colors.red, flaky: colors.yellow, skipped: colors.cyan, interrupted: colors.yellow, missing: colors.yellow,
  };
  const label: Record<Count, string> = { passed: 'passed', failed: 'failed', flaky: 'flaky', skipped: 'skipped', interrupted: 'interrupted', missing: 'did not run' };
  const parts = (Object.keys(label) as Count[]).filter((k) => counts[k] > 0).map((k) => paint[k](`${counts[k]} ${label[k]}`));
  const total = state.tests.size;
  const duration = state.duration ?? elapsedFromEvents(state);
  const tail = `(${total} ${total === 1 ? 'test' : 'tests'}${duration !== undefined ? ` in ${formatDuration(duration)}` : ''})`;
  return `  ${parts.length > 0 ? parts.join(' · ') : 'no tests ran'}  ${colors.dim(tail)}`;
}

function elapsedFromEvents(state: RunState): number | undefined {
  if (!state.begin || !state.endTime) return undefined;
  return Date.parse(state.endTime) - Date.parse(state.begin.time);
}

/** Flaky tests, one line each with the error of their first failed attempt. */
export function formatFlakyList(state: RunState, colors: Colors = noColors): string {
  const lines: string[] = [];
  for (const result of state.tests.values()) {
    if (result.outcome !== 'flaky') continue;
    const failed = result.attempts.find((a) => a.status !== 'passed' && a.status !== 'skipped');
    const error = failed ? attemptErrors(failed, result.test)[0] : undefined;
    const why = failed && error ? colors.dim(` (attempt ${failed.attempt + 1}: ${firstLine(error.message)})`) : '';
    lines.push(`  ${colors.yellow('~')} ${result.test.id}${why}`);
  }
  return lines.join('\n');
}

const RULE_MARK = { pass: '✓', warn: '!', fail: '✘', error: '✘' } as const;
const MAX_TESTS_PER_RULE = 10;

/**
 * The verdict and every rule that did not pass, with what was measured
 * against which limit: the reason a CD system will act on, in words.
 * Rule messages wrap to `width` (a threshold's or baseline's message runs
 * to hundreds of characters), each part of a `;`-joined message on its own
 * line, under the rule's mark.
 */
export function formatVerdict(verdict: Verdict, colors: Colors = noColors, width = 80): string {
  const paint = verdict.status === 'PASS' ? colors.green : verdict.status === 'WARN' ? colors.yellow : colors.red;
  const scope = verdict.gate ? `gate ${verdict.gate}` : 'no gate';
  const lines = [`  ${colors.bold('Verdict:')} ${paint(colors.bold(verdict.status))} ${colors.dim(`(${scope}, exit code ${verdict.exitCode})`)}`];
  const text = width - RULE_INDENT.length;
  for (const rule of verdict.rules) {
    if (rule.outcome === 'pass') continue;
    const mark = rule.outcome === 'warn' ? colors.yellow(RULE_MARK.warn) : colors.red(RULE_MARK[rule.outcome]);
    const [first, ...rest] = wrapText(`${rule.rule}: ${rule.message.split('; ').join(';\n')}`, text);
    lines.push(`    ${mark} ${first}`, ...rest.map((l) => RULE_INDENT + l));
    lines.push(...wrapText(`measured ${rule.measured ?? 'n/a'}, limit ${rule.limit ?? 'n/a'}`, text).map((l) => RULE_INDENT + colors.dim(l)));
    const tests = rule.tests ?? [];
    for (const id of tests.slice(0, MAX_TESTS_PER_RULE)) lines.push(`        ${colors.dim(id)}`);
    if (tests.length > MAX_TESTS_PER_RULE) lines.push(`        ${colors.dim(`... and ${tests.length - MAX_TESTS_PER_RULE} more`)}`);
  }
  return lines.join('\n');
}

const RULE_INDENT = '      ';
