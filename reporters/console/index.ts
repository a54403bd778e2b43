import { defineReporter } from 'tollgate/reporter';
import { createConsoleReporter } from './console-reporter.ts';

/** `--reporter console`: live progress on a terminal, a line per test elsewhere, then failures, summary and verdict. */
export default defineReporter((ctx) => createConsoleReporter(ctx));

export { createConsoleReporter, type ConsoleReporterOptions } from './console-reporter.ts';
export { colorsEnabled, createColors, type Colors } from './colors.ts';
export { formatEndReport } from './format-end-report.ts';
export { formatError, formatFailure, formatRunErrors } from './format-failure.ts';
export { estimateEta, formatLiveLine, type LiveProgress } from './format-live-line.ts';
export { formatFlakyList, formatSummary, formatVerdict } from './format-summary.ts';
export { formatRetryLine, formatTestLine } from './format-test-line.ts';
