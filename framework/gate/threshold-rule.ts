import type { TestResult } from '../model/run-state.ts';
import type { NotJudgedPolicy } from '../model/config.ts';
import type { RuleResult } from '../model/verdict.ts';
import type { ThresholdResult } from './threshold-evaluate.ts';

/**
 * The annotation a load run leaves on its test for each threshold it held
 * (description: the ThresholdResult as JSON). Annotations travel in
 * test.end, so the gate, `tollgate report` and the archive all see them.
 */
export const THRESHOLD_ANNOTATION = 'threshold';

/** Reads the threshold results recorded on a test's last attempt. */
export function recordedAnnotations<T>(result: TestResult, type: string): T[] {
  const last = result.attempts[result.attempts.length - 1];
  const found: T[] = [];
  for (const annotation of last?.annotations ?? []) {
    if (annotation.type !== type || !annotation.description) continue;
    try {
      found.push(JSON.parse(annotation.description) as T);
    } catch {
      // A hand-written annotation of the same type is not ours to judge.
    }
  }
  return found;
}

/**
 * The `thresholds` rule: fails when any threshold of any test failed,
 * naming the metric, its value and the limit. A threshold whose load
 * generator could not hold its schedule is inconclusive: without a proven
 * failure beside it the rule says ERROR naming the generator, never FAIL
 * blaming the system (issue 13, item 8). A threshold that measured nothing was not judged: it fails, or
 * warns when the gate's policy says `notJudged: 'warn'` (item 7). Absent
 * when no test held a threshold, so gates without performance suites read
 * as before.
 */
export function thresholdRule(results: Iterable<TestResult>, notJudged: NotJudgedPolicy = 'fail'): RuleResult | null {
  const held: { testId: string; result: ThresholdResult }[] = [];
  for (const result of results) {
    for (const threshold of recordedAnnotations<ThresholdResult>(result, THRESHOLD_ANNOTATION)) held.push({ testId: result.test.id, result: threshold });
  }
  if (!held.length) return null;
  const inconclusive = held.filter((h) => h.result.inconclusive);
  const unjudged = held.filter((h) => !h.result.inconclusive && h.result.value === null);
  const failed = held.filter((h) => !h.result.inconclusive && h.result.value !== null && !h.result.ok);
  // A threshold the system crossed by itself fails the gate even beside inconclusive ones: that failure is proven.
  const outcome = failed.length ? 'fail' : inconclusive.length ? 'error' : unjudged.length ? notJudged : 'pass';
  const first = failed[0] ?? inconclusive[0] ?? unjudged[0];
  const named = (list: typeof held, text: (h: (typeof held)[number]) => string) => list.map((h) => `${text(h)} (${h.testId})`).join('; ');
  const generators = [...new Set(held.map((h) => h.result.generator).filter(Boolean))];
  const parts = [
    inconclusive.length ? `${inconclusive.length} of ${held.length} threshold(s) inconclusive: ${named(inconclusive, (h) => `${h.result.message}; ${h.result.inconclusive}`)}` : '',
    failed.length ? `${failed.length} of ${held.length} threshold(s) crossed: ${named(failed, (h) => h.result.message)}` : '',
    unjudged.length ? `${unjudged.length} of ${held.length} threshold(s) not judged (policy notJudged: ${notJudged}): ${named(unjudged, (h) => h.result.message)}` : '',
  ].filter(Boolean);
  return {
    rule: 'thresholds',
    outcome,
    measured: first ? `${first.result.key} ${first.result.aggregation} = ${first.result.value === null ? 'not judged (no samples)' : valueText(first.result)}` : `${held.length} threshold(s) held`,
    limit: first ? `${first.result.key} ${first.result.expression}` : 'every threshold holds',
    message: (parts.length ? parts.join('; ') : `all ${held.length} threshold(s) held`) + (generators.length ? ` [load generator: ${generators.join('; ')}]` : ''),
    ...(first ? { tests: [...new Set([...inconclusive, ...failed, ...unjudged].map((f) => f.testId))] } : {}),
  };
}

function valueText(result: ThresholdResult): string {
  if (result.value === null) return 'not judged (no samples)';
  if (result.unit === 'us') return `${Math.round(result.value)} µs`;
  return `${Math.round(result.value * 10_000) / 10_000}${result.unit && result.unit !== 'ratio' ? ` ${result.unit}` : ''}`;
}
