// The model's runtime values, each from the file that holds it, for the
// public entries (tollgate, tollgate/reporter): model/index.ts would also
// load the type-only model files, which every worker and the tollgate
// process would pay for.
export { ExitCode } from './exit-codes.ts';
export { makeTestId, SUITE_KINDS } from './test-case.ts';
export { defineReporter } from './reporter.ts';
export { applyEvent, buildRunState, countOutcomes, createRunState, lastAttempt, outcomeOf } from './run-state.ts';
export { xmlSafeText } from './xml-text.ts';
export { attemptBroken, CAPABILITY_MISSING, isHarnessError, missingCapability, testBroken } from './harness-failure.ts';
export { attachmentFile } from './attachment-file.ts';
export { LOAD_METRICS_ANNOTATION } from './load-metrics.ts';
