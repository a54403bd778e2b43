import {
  BASELINE_ANNOTATION,
  THRESHOLD_ANNOTATION,
  compareWithBaseline,
  evaluateThreshold,
  metricHistory,
  parseThresholds,
  validateBaselineConfig,
  type BaselineConfig,
  type BaselineResult,
  type MetricLookup,
  type ParsedThreshold,
  type ThresholdResult,
  type ThresholdsConfig,
} from 'tollgate/performance';

/** Where baselines come from and where results are recorded: the running test, when there is one. */
export interface CheckContext {
  /** The test's annotations: each threshold and baseline result is recorded there for the gate. */
  annotations?: { type: string; description?: string }[];
  testId?: string;
  environment?: string;
  /** The project's root (where .tollgate/archive.db is). */
  rootDir?: string;
}

/**
 * Thresholds held live and at the end, and baselines compared at the end
 * (issue 5, items 3 and 4). Made before the load starts, so that a typo in
 * a threshold fails at once rather than after a long run.
 */
export class LoadChecks {
  readonly thresholds: ParsedThreshold[];
  readonly baselines: BaselineConfig[];
  private started = performance.now();
  abortReason: string | undefined;

  constructor(thresholds: ThresholdsConfig | undefined, baseline: BaselineConfig | BaselineConfig[] | undefined, private readonly where: string) {
    try {
      this.thresholds = parseThresholds(thresholds);
      this.baselines = baseline === undefined ? [] : Array.isArray(baseline) ? baseline : [baseline];
      for (const config of this.baselines) validateBaselineConfig(config);
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  }

  /** delayAbortEval counts from now: a distributed load restarts it at the instances' common start. */
  restart(): void {
    this.started = performance.now();
  }

  /** Evaluates the abortOnFail thresholds whose delayAbortEval has passed; remembers the first that fails. */
  live(lookup: MetricLookup): string | undefined {
    if (this.abortReason) return this.abortReason;
    const elapsed = performance.now() - this.started;
    for (const threshold of this.thresholds) {
      if (!threshold.abortOnFail || elapsed < threshold.delayAbortEval) continue;
      const result = evaluateThreshold(threshold, lookup);
      // With no samples yet there is nothing to abort on.
      if (!result.ok && result.value !== null) return (this.abortReason = `aborted after ${Math.round(elapsed)} ms: ${result.message}`);
    }
    return undefined;
  }

  /** `names`: the metrics the load recorded, so that a misspelt metric is named as such rather than as empty. */
  final(lookup: MetricLookup, names?: string[]): ThresholdResult[] {
    return this.thresholds.map((threshold) => {
      const result = evaluateThreshold(threshold, lookup);
      if (result.value !== null || !names || names.includes(threshold.metric)) return result;
      return { ...result, message: `${threshold.key}: this load recorded no metric "${threshold.metric}" (it has ${names.join(', ')}); check the name in thresholds` };
    });
  }

  async compare(load: string, series: (name: string) => number[], context: CheckContext, unitOf: (name: string) => string | undefined): Promise<BaselineResult[]> {
    const results: BaselineResult[] = [];
    for (const config of this.baselines) {
      const current = series(config.metric);
      const history =
        context.testId && context.environment
          ? await metricHistory({
              rootDir: context.rootDir ?? process.cwd(),
              testId: context.testId,
              environment: context.environment,
              metric: config.metric,
              tags: { load, ...config.tags },
              runs: config.runs ?? 5,
            })
          : [];
      results.push(compareWithBaseline({ ...config, tags: { load, ...config.tags } }, current, history, unitOf(config.metric)));
    }
    return results;
  }
}

/**
 * Records results on the test, for the gate's `thresholds` and `baseline` rules. Each names its
 * load, so a report can draw a threshold on the series of the load it judged (a test may run several).
 */
export function recordResults(context: CheckContext, thresholds: ThresholdResult[], baselines: BaselineResult[], load?: string): void {
  if (!context.annotations) return;
  const of = load === undefined ? {} : { load };
  for (const result of thresholds) context.annotations.push({ type: THRESHOLD_ANNOTATION, description: JSON.stringify({ ...result, ...of }) });
  for (const result of baselines) context.annotations.push({ type: BASELINE_ANNOTATION, description: JSON.stringify({ ...result, ...of }) });
}

/**
 * A threshold the system crossed: measured, and not explained by a load generator that fell behind.
 * One that measured nothing or is inconclusive is the gate's to judge (its policy), not the test's failure.
 */
export function crossed(result: ThresholdResult): boolean {
  return !result.ok && result.value !== null && !result.inconclusive;
}

/** A baseline the system regressed from: measured, and not explained by a load generator that fell behind. */
export function regressed(result: BaselineResult): boolean {
  return result.outcome === 'fail' && !result.inconclusive;
}

/** Thrown at the end of a load whose thresholds or baselines failed: names each metric, its value and its limit. */
export class LoadCheckError extends Error {
  constructor(load: string, thresholds: ThresholdResult[], baselines: BaselineResult[], stoppedBy?: string) {
    const lines = [
      ...thresholds.filter(crossed).map((t) => `threshold ${t.key} "${t.expression}" failed: ${t.message}`),
      ...baselines.filter(regressed).map((b) => `baseline regression: ${b.message}`),
    ];
    super(`load "${load}" did not meet its limits${stoppedBy ? ` (${stoppedBy})` : ''}:\n  ${lines.join('\n  ')}`);
    this.name = 'LoadCheckError';
  }
}
