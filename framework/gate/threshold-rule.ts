import type { TestResult } from '../model/run-state.ts';
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
 * naming the metric, its value and the limit. Absent when no test held a
 * threshold, so gates without performance suites read as before.
 */
export function thresholdRule(results: Iterable<TestResult>): RuleResult | null {
  const held: { testId: string; result: ThresholdResult }[] = [];
  for (const result of results) {
    for (const threshold of recordedAnnotations<ThresholdResult>(result, THRESHOLD_ANNOTATION)) held.push({ testId: result.test.id, result: threshold });
  }
  if (!held.length) return null;
  const failed = held.filter((h) => !h.result.ok);
  const first = failed[0];
  return {
    rule: 'thresholds',
    outcome: failed.length ? 'fail' : 'pass',
    measured: first ? `${first.result.key} ${first.result.aggregation} = ${first.result.value === null ? 'no samples' : valueText(first.result)}` : `${held.length} threshold(s) held`,
    limit: first ? `${first.result.key} ${first.result.expression}` : 'every threshold holds',
    message: failed.length
      ? `${failed.length} of ${held.length} threshold(s) crossed: ${failed.map((f) => `${f.result.message} (${f.testId})`).join('; ')}`
      : `all ${held.length} threshold(s) held`,
    ...(failed.length ? { tests: [...new Set(failed.map((f) => f.testId))] } : {}),
  };
}

function valueText(result: ThresholdResult): string {
  if (result.value === null) return 'no samples';
  if (result.unit === 'us') return `${Math.round(result.value)} µs`;
  return `${Math.round(result.value * 10_000) / 10_000}${result.unit && result.unit !== 'ratio' ? ` ${result.unit}` : ''}`;
}
