import type { RunBeginEvent } from '../model/events.ts';
import { formatOnlyMark } from '../model/test-case.ts';
import type { RuleResult } from '../model/verdict.ts';

/**
 * The `only` rule (issue 13): a run that a `.only` narrowed (forbidOnly
 * off, so not on CI) warns and names each `.only`, since the tests it left
 * out did not run and the verdict must not read as theirs. Absent when no
 * `.only` narrowed the run; on CI forbidOnly refuses such a run instead.
 */
export function onlyRule(begin: RunBeginEvent | undefined): RuleResult | null {
  const marks = begin?.only ?? [];
  if (!marks.length) return null;
  return {
    rule: 'only',
    outcome: 'warn',
    measured: marks.length,
    limit: '0 (forbidOnly is off)',
    message: `the run was narrowed to the tests marked by ${marks.map(formatOnlyMark).join(', ')}; the other tests did not run`,
  };
}
