import type { TestResult } from '../model/run-state.ts';
import type { NotJudgedPolicy } from '../model/config.ts';
import type { RuleResult } from '../model/verdict.ts';
import { recordedAnnotations } from './threshold-rule.ts';

/** drivers/soak records one annotation of this type per criterion (JSON); the name is the contract between them. */
export const SOAK_CRITERION_ANNOTATION = 'soak-criterion';

interface RecordedCriterion {
  soak: string;
  criterion: string;
  ok: boolean;
  /** False when the criterion measured nothing (no memory scraped, no request made); absent in older runs. */
  judged?: boolean;
  measured: string;
  limit: string;
  message: string;
}

/**
 * The `soak` rule (issue 6): fails when any drift or leak criterion of any
 * soak failed, naming it with its measured value and limit, e.g.
 * `memory.slope = 23.1 GB/h, limit < 2GB/h`. A criterion that measured
 * nothing was not judged (issue 13, item 7): it fails, or warns when the
 * gate's policy says `notJudged: 'warn'`; it never passes. Absent when no
 * test ran a soak.
 */
export function soakRule(results: Iterable<TestResult>, notJudged: NotJudgedPolicy = 'fail'): RuleResult | null {
  const held: { testId: string; criterion: RecordedCriterion }[] = [];
  for (const result of results) {
    for (const criterion of recordedAnnotations<RecordedCriterion>(result, SOAK_CRITERION_ANNOTATION)) held.push({ testId: result.test.id, criterion });
  }
  if (!held.length) return null;
  const unjudged = held.filter((h) => h.criterion.judged === false);
  const failed = held.filter((h) => h.criterion.judged !== false && !h.criterion.ok);
  const first = failed[0]?.criterion ?? unjudged[0]?.criterion;
  const named = (list: typeof held) => list.map((f) => `${f.criterion.message} (soak "${f.criterion.soak}", ${f.testId})`).join('; ');
  const parts = [
    failed.length ? `${failed.length} of ${held.length} soak criteria failed: ${named(failed)}` : '',
    unjudged.length ? `${unjudged.length} of ${held.length} soak criteria not judged (policy notJudged: ${notJudged}): ${named(unjudged)}` : '',
  ].filter(Boolean);
  return {
    rule: 'soak',
    outcome: failed.length ? 'fail' : unjudged.length ? notJudged : 'pass',
    measured: first ? `${first.criterion} = ${first.measured}` : `${held.length} criteria held`,
    limit: first ? `${first.criterion} ${first.limit}` : 'every soak criterion holds',
    message: parts.length ? parts.join('; ') : `all ${held.length} soak criteria held: ${held.map((h) => `${h.criterion.criterion} = ${h.criterion.measured}`).join('; ')}`,
    ...(first ? { tests: [...new Set([...failed, ...unjudged].map((f) => f.testId))] } : {}),
  };
}
