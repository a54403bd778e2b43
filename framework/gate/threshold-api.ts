/**
 * `import { ... } from 'tollgate/performance'`: k6-style thresholds, baseline
 * comparison against the archive and the statistics behind it, for drivers
 * that put load on a system (drivers/traffic) and for user tooling. The gate
 * reads their results from test annotations (threshold-rule.ts, baseline-rule.ts).
 */
export {
  parseThresholds,
  parseThreshold,
  parseMetricKey,
  parseDuration,
  ThresholdSyntaxError,
  type ThresholdsConfig,
  type ThresholdObject,
  type ParsedThreshold,
  type ThresholdAggregation,
  type ThresholdOperator,
} from './threshold-parse.ts';
export { evaluateThreshold, withZeroCounters, BUILT_IN_COUNTERS, limitInMetricUnit, formatValue, seriesMatching, rateView, counterView, type MetricKind, type MetricView, type MetricLookup, type ThresholdResult } from './threshold-evaluate.ts';
export { THRESHOLD_ANNOTATION, thresholdRule } from './threshold-rule.ts';
export { compareWithBaseline, parsePercent, validateBaselineConfig, type BaselineConfig, type BaselineResult, type BaselineHistoryRun, type BaselineStatus } from './baseline-compare.ts';
export { BASELINE_ANNOTATION, baselineRule } from './baseline-rule.ts';
export { judgeThresholds, judgeBaselines, combinedGeneratorHealth, type GeneratorVerdictInput } from './generator-judgement.ts';
export { mannWhitneyU, normalCdf, median, type MannWhitneyResult } from './statistics-mann-whitney.ts';
export { metricHistory, type MetricHistoryQuery, type MetricHistoryRun } from '../archive/metric-history.ts';
export { LOAD_METRICS_ANNOTATION, loadMetricRow, loadMetricRows, type LoadMetricRow, type LoadMetricsRecord } from '../model/load-metrics.ts';
