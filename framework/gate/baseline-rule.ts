import type { TestResult } from '../model/run-state.ts';
import type { RuleResult } from '../model/verdict.ts';
import type { BaselineResult } from './baseline-compare.ts';
import { recordedAnnotations } from './threshold-rule.ts';

/** The annotation a load run leaves for each baseline comparison (description: the BaselineResult as JSON). */
export const BASELINE_ANNOTATION = 'baseline';

/**
 * The `baseline` rule: a regression against the archive's earlier passing
 * runs fails (or warns, per config); too little history is said in the
 * message (and warns when configured so) rather than passing silently.
 * Absent when no test compared against a baseline.
 */
export function baselineRule(results: Iterable<TestResult>): RuleResult | null {
  const compared: { testId: string; result: BaselineResult }[] = [];
  for (const result of results) {
    for (const baseline of recordedAnnotations<BaselineResult>(result, BASELINE_ANNOTATION)) compared.push({ testId: result.test.id, result: baseline });
  }
  if (!compared.length) return null;
  // Measured while the load generator fell behind: neither a regression nor a pass (issue 13.8), ERROR naming the generator.
  const inconclusive = compared.filter((c) => c.result.inconclusive);
  const judged = compared.filter((c) => !c.result.inconclusive);
  const regressions = judged.filter((c) => c.result.status === 'regression');
  const missing = judged.filter((c) => c.result.status === 'insufficient-history');
  const outcomes = judged.map((c) => c.result.outcome);
  const outcome = outcomes.includes('fail') ? 'fail' : inconclusive.length ? 'error' : outcomes.includes('warn') ? 'warn' : 'pass';
  const shown = regressions[0] ?? inconclusive[0] ?? missing[0] ?? compared[0]!;
  const parts = [
    inconclusive.length ? `${inconclusive.length} of ${compared.length} comparison(s) inconclusive: ${inconclusive.map((c) => `${c.result.message} (${c.testId}); ${c.result.inconclusive}`).join('; ')}` : '',
    regressions.length ? `${regressions.length} regression(s) against the archive: ${regressions.map((r) => `${r.result.message} (${r.testId})`).join('; ')}` : '',
    missing.length ? `${missing.length} of ${compared.length} comparison(s) without enough history: ${missing.map((m) => `${m.result.message} (${m.testId})`).join('; ')}` : '',
    !regressions.length && judged.length > missing.length ? `${judged.length - missing.length} comparison(s) within their baseline` : '',
  ].filter(Boolean);
  return {
    rule: 'baseline',
    outcome,
    measured:
      shown.result.change === null
        ? `${shown.result.metric}: ${shown.result.baselineRuns.length} earlier run(s)`
        : `${shown.result.metric} ${shown.result.change >= 0 ? '+' : ''}${Math.round(shown.result.change * 1000) / 10}% (p = ${formatP(shown.result.pValue)})`,
    limit: shown.result.limit,
    message: parts.join('; '),
    ...(regressions.length || inconclusive.length || (outcome === 'warn' && missing.length) ? { tests: [...new Set([...regressions, ...inconclusive, ...missing].map((c) => c.testId))] } : {}),
  };
}

function formatP(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 0.0001 ? p.toExponential(1) : String(Math.round(p * 10_000) / 10_000);
}
