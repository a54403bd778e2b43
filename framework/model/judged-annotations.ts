import type { Annotation } from './test-case.ts';

/**
 * The annotations by which the gate's rules judge a test beyond its own
 * status: a load's thresholds and baselines (drivers/traffic) and a soak's
 * criteria (drivers/soak), each a JSON result. The type names are the
 * contract with framework/gate/threshold-rule.ts, baseline-rule.ts and
 * soak-rule.ts. The worker reads them to give `test.fail()` its meaning
 * (issue 14.6): a crossed threshold is a failure of the test, so it is the
 * failure a test expected to fail was waiting for.
 */
const FAILED: Record<string, (recorded: Record<string, unknown>) => string | undefined> = {
  threshold: (r) => (r.ok === false ? `threshold ${String(r.key)} "${String(r.expression)}" failed: ${String(r.message)}` : undefined),
  baseline: (r) => (r.outcome === 'fail' ? `baseline regression: ${String(r.message)}` : undefined),
  'soak-criterion': (r) => (r.ok === false ? `soak criterion ${String(r.criterion)} failed: ${String(r.message)}` : undefined),
};

/** What the judged annotations say failed, one line each; empty when every one held. */
export function judgedFailures(annotations: readonly Annotation[]): string[] {
  const failures: string[] = [];
  for (const annotation of annotations) {
    const failed = FAILED[annotation.type];
    if (!failed || !annotation.description) continue;
    try {
      const message = failed(JSON.parse(annotation.description) as Record<string, unknown>);
      if (message) failures.push(message);
    } catch {
      // A hand-written annotation of the same type is not a rule's result.
    }
  }
  return failures;
}
