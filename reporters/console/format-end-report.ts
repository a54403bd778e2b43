import type { RunState, TestResult, WrittenOutput } from 'tollgate/reporter';
import { countOutcomes } from 'tollgate/reporter';
import { attemptErrors } from '../shared/test-facts.ts';
import type { MetricSummary } from '../shared/metric-summary.ts';
import { noColors, type Colors } from './colors.ts';
import { formatError, formatFailure, formatRunErrors } from './format-failure.ts';
import { formatMetricSummary } from './format-metric-summary.ts';
import { formatOutputs } from './format-outputs.ts';
import { formatFlakyList, formatSummary, formatVerdict } from './format-summary.ts';
import { groupFailures } from './group-failures.ts';
import { wrapText } from './wrap-text.ts';

export interface EndReportOptions {
  colors?: Colors;
  runDir?: string;
  /** Attachment and output paths are shown relative to it. */
  cwd?: string;
  outputLines?: number;
  /** The terminal's width (80 off a terminal): long rule messages and test lists wrap to it. */
  width?: number;
  /** The k6-style table of what the run measured (reporters/shared/metric-summary.ts). */
  metrics?: MetricSummary;
  /** Where the reporters wrote. */
  outputs?: readonly WrittenOutput[];
  /** The attestation file, when the verdict was signed. */
  attestation?: string;
}

const INDENT = '     ';

/**
 * Everything the console prints once the run is over, in the order a person
 * reads it: failures first (the reason to look), then errors outside any
 * test, flaky tests, what the run measured, the counts, the verdict with
 * its reasons, and where the reports went.
 */
export function formatEndReport(state: RunState, options: EndReportOptions = {}): string {
  const colors = options.colors ?? noColors;
  const width = options.width ?? 80;
  const sections: string[] = [];
  const failed = [...state.tests.values()].filter((r) => r.outcome === 'failed');
  if (failed.length > 0) {
    const blocks = groupFailures(failed).map((group, i) =>
      group.results.length === 1 ? formatFailure(group.results[0]!, i + 1, { ...options, colors }) : formatFailureGroup(group.results, i + 1, colors, width),
    );
    sections.push([colors.bold(colors.red(`Failures (${failed.length}):`)), '', blocks.join('\n\n')].join('\n'));
  }
  const errorCount = state.errors.length + state.suiteErrors.size;
  if (errorCount > 0) sections.push([colors.bold(colors.red(`Errors outside tests (${errorCount}):`)), '', formatRunErrors(state, colors)].join('\n'));
  const flaky = formatFlakyList(state, colors);
  if (flaky) sections.push([colors.bold(colors.yellow('Flaky:')), flaky].join('\n'));
  const measured = options.metrics ? formatMetricSummary(options.metrics, colors) : '';
  if (measured) sections.push(measured);

  const closing: string[] = [];
  if (state.endStatus === 'interrupted') {
    const notRun = countOutcomes(state).missing;
    closing.push(colors.yellow(`  The run was interrupted${notRun > 0 ? `; ${notRun} ${notRun === 1 ? 'test' : 'tests'} did not run` : ''}.`));
  }
  closing.push(formatSummary(state, colors));
  if (state.verdict) closing.push(formatVerdict(state.verdict, colors, width));
  const outputs = formatOutputs(state, { colors, cwd: options.cwd, outputs: options.outputs, attestation: options.attestation });
  if (outputs) closing.push(outputs);
  sections.push(closing.join('\n'));
  return `\n${sections.join('\n\n')}\n`;
}

/**
 * Tests that failed with one identical error, as one block (issue 16):
 *   3) 24 tests: the packet driver needs root (or CAP_NET_ADMIN) ...
 *      switch › suites/integration/switch/bridge.spec.ts › forwards a VLAN · drops a bad frame · ...
 *      <the error, once>
 */
function formatFailureGroup(results: TestResult[], index: number, colors: Colors, width: number): string {
  const first = results[0]!;
  const attempt = first.attempts[first.attempts.length - 1]!;
  const error = attemptErrors(attempt, first.test)[0]!;
  const head = error.message.split('\n').find((l) => l.trim() !== '') ?? '';
  const lines = [colors.red(`  ${index}) ${results.length} tests: ${head}`), ''];
  // Names by suite and file, each title once: the list a person scans, not 24 full paths.
  const byFile = new Map<string, string[]>();
  for (const r of results) {
    const where = [r.test.suite, r.test.location.file].filter(Boolean).join(' › ');
    byFile.set(where, [...(byFile.get(where) ?? []), r.test.titlePath.join(' › ')]);
  }
  for (const [where, titles] of byFile) {
    for (const line of wrapText(`${where} › ${titles.join(' · ')}`, width - INDENT.length - 2)) lines.push(`${INDENT}${colors.dim(line)}`);
  }
  // The error once, its first line being the header's.
  const rest = formatError(error, colors).slice(1);
  while (rest[0] === '') rest.shift();
  if (rest.length) lines.push('', ...rest.map((l) => (l ? INDENT + l : l)));
  while (lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}
