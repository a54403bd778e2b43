import type { TestResult } from '../model/run-state.ts';
import type { RuleResult } from '../model/verdict.ts';
import { recordedAnnotations } from './threshold-rule.ts';

/** drivers/soak records one annotation of this type per criterion (JSON); the name is the contract between them. */
export const SOAK_CRITERION_ANNOTATION = 'soak-criterion';

interface RecordedCriterion {
  soak: string;
  criterion: string;
  ok: boolean;
  measured: string;
  limit: string;
  message: string;
}

/**
 * The `soak` rule (issue 6): fails when any drift or leak criterion of any
 * soak failed, naming it with its measured value and limit, e.g.
 * `memory.slope = 23.1 GB/h, limit < 2GB/h`. Absent when no test ran a soak.
 */
export function soakRule(results: Iterable<TestResult>): RuleResult | null {
  const held: { testId: string; criterion: RecordedCriterion }[] = [];
  for (const result of results) {
    for (const criterion of recordedAnnotations<RecordedCriterion>(result, SOAK_CRITERION_ANNOTATION)) held.push({ testId: result.test.id, criterion });
  }
  if (!held.length) return null;
  const failed = held.filter((h) => !h.criterion.ok);
  const first = failed[0]?.criterion;
  return {
    rule: 'soak',
    outcome: failed.length ? 'fail' : 'pass',
    measured: first ? `${first.criterion} = ${first.measured}` : `${held.length} criteria held`,
    limit: first ? `${first.criterion} ${first.limit}` : 'every soak criterion holds',
    message: failed.length
      ? `${failed.length} of ${held.length} soak criteria failed: ${failed.map((f) => `${f.criterion.message} (soak "${f.criterion.soak}", ${f.testId})`).join('; ')}`
      : `all ${held.length} soak criteria held: ${held.map((h) => `${h.criterion.criterion} = ${h.criterion.measured}`).join('; ')}`,
    ...(failed.length ? { tests: [...new Set(failed.map((f) => f.testId))] } : {}),
  };
}
