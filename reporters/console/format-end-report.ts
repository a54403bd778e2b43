import type { RunState } from 'tollgate/reporter';
import { countOutcomes } from 'tollgate/reporter';
import { noColors, type Colors } from './colors.ts';
import { formatFailure, formatRunErrors } from './format-failure.ts';
import { formatFlakyList, formatSummary, formatVerdict } from './format-summary.ts';

export interface EndReportOptions {
  colors?: Colors;
  runDir?: string;
  outputLines?: number;
}

/**
 * Everything the console prints once the run is over, in the order a person
 * reads it: failures first (the reason to look), then errors outside any
 * test, flaky tests, the counts and last the verdict with its reasons.
 */
export function formatEndReport(state: RunState, options: EndReportOptions = {}): string {
  const colors = options.colors ?? noColors;
  const sections: string[] = [];
  const failed = [...state.tests.values()].filter((r) => r.outcome === 'failed');
  if (failed.length > 0) {
    const blocks = failed.map((r, i) => formatFailure(r, i + 1, { ...options, colors }));
    sections.push([colors.bold(colors.red(`Failures (${failed.length}):`)), '', blocks.join('\n\n')].join('\n'));
  }
  const errorCount = state.errors.length + state.suiteErrors.size;
  if (errorCount > 0) sections.push([colors.bold(colors.red(`Errors outside tests (${errorCount}):`)), '', formatRunErrors(state, colors)].join('\n'));
  const flaky = formatFlakyList(state, colors);
  if (flaky) sections.push([colors.bold(colors.yellow('Flaky:')), flaky].join('\n'));

  const closing: string[] = [];
  if (state.endStatus === 'interrupted') {
    const notRun = countOutcomes(state).missing;
    closing.push(colors.yellow(`  The run was interrupted${notRun > 0 ? `; ${notRun} ${notRun === 1 ? 'test' : 'tests'} did not run` : ''}.`));
  }
  closing.push(formatSummary(state, colors));
  if (state.verdict) closing.push(formatVerdict(state.verdict, colors));
  sections.push(closing.join('\n'));
  return `\n${sections.join('\n\n')}\n`;
}
