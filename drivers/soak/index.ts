/**
 * The soak driver (issue 6): a steady load and a periodic probe against the
 * system under test for a duration, in windows, with the SUT's memory
 * scraped from its Prometheus endpoint and drift and leak criteria judged
 * over the windows. Suites import `test` (with the `soak` fixture) from here.
 */
export { expect } from 'tollgate';
export { test, soakDriver, type SoakFunction } from './soak-driver.ts';
export { runSoak, soakDuration, SoakFailure, SOAK_ANNOTATION, SOAK_GAP_ANNOTATION, SOAK_LIMITS_ANNOTATION, SOAK_DURATION_ENV, SOAK_CHECKPOINT_DIR_ENV, type SoakOptions, type SoakResult, type SoakContext, type SoakLimits } from './soak-run.ts';
export { evaluateCriteria, linearSlope, parseMemorySlope, formatBytesPerHour, type SoakCriteria, type SoakWindow, type CriterionResult } from './soak-criteria.ts';
export { parsePrometheusText, sampleValue, type PrometheusSample } from './prometheus-text.ts';
export { SoakMetricsServer, METRICS_PORT_ENV } from './soak-metrics-server.ts';
export { writeCheckpoint, readCheckpoint, type SoakCheckpoint, type SoakGap } from './soak-checkpoint.ts';
