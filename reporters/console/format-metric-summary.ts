import type { MetricCheck, MetricSummary, MetricSummaryRow } from '../shared/metric-summary.ts';
import { tagText } from '../shared/metric-summary.ts';
import { noColors, type Colors } from './colors.ts';

/**
 * The end-of-run table in k6's layout (issue 16, item 2): the limits first,
 * each with ✓ or ✗, what it measured and its limit; then every metric per
 * load or soak, a line per metric and an indented line per tag set.
 *
 *   █ THRESHOLDS
 *
 *     load "read" · http_req_duration{name:read}
 *     ✓ 'p(99)<200' p(99)=12.3ms  limit < 200ms
 *
 *   █ TOTAL RESULTS
 *
 *     load "read" · performance › suites/performance/api.spec.ts › reads
 *     ✓ http_req_duration..........: avg=1.2ms min=310µs med=1.1ms max=9ms p(90)=2ms p(95)=2.3ms p(99)=4ms count=1,000
 *         { name:read }............: avg=...
 *       http_req_failed............: 0%  0 out of 1,000
 *       http_reqs..................: 1,000  199.8/s
 *
 * Empty when the run measured nothing.
 */
export function formatMetricSummary(summary: MetricSummary, colors: Colors = noColors): string {
  if (summary.rows.length === 0 && summary.checks.length === 0) return '';
  const sections: string[] = [];
  for (const [kind, title] of [['threshold', 'THRESHOLDS'], ['baseline', 'BASELINES'], ['soak criterion', 'SOAK CRITERIA']] as const) {
    const checks = summary.checks.filter((c) => c.kind === kind);
    if (checks.length) sections.push(formatChecks(title, checks, colors));
  }
  if (summary.rows.length) sections.push(formatRows(summary.rows, colors));
  return sections.join('\n\n');
}

const MARK: Record<MetricCheck['status'], [string, keyof Pick<Colors, 'green' | 'red' | 'yellow'>]> = {
  pass: ['✓', 'green'],
  warn: ['!', 'yellow'],
  fail: ['✗', 'red'],
  'not judged': ['✗', 'red'],
  inconclusive: ['?', 'yellow'],
};

function mark(check: Pick<MetricCheck, 'status'>, colors: Colors): string {
  const [text, paint] = MARK[check.status];
  return colors[paint](text);
}

function formatChecks(title: string, checks: MetricCheck[], colors: Colors): string {
  const lines = [colors.bold(`  █ ${title}`)];
  let heading = '';
  for (const check of checks) {
    const head = `${check.group} · ${check.subject}`;
    if (head !== heading) lines.push('', `    ${colors.bold(head)}`), (heading = head);
    const rule = check.kind === 'threshold' ? `'${check.expression}' ` : '';
    const status = check.status === 'pass' || check.status === 'fail' ? '' : colors.yellow(` (${check.status})`);
    lines.push(`    ${mark(check, colors)} ${rule}${check.measured}  ${colors.dim(`limit ${check.limit}`)}${status}`);
  }
  return lines.join('\n');
}

const TREND_CELLS = [['avg', 'avg'], ['min', 'min'], ['med', 'med'], ['max', 'max'], ['p90', 'p(90)'], ['p95', 'p(95)'], ['p99', 'p(99)']] as const;

/** A row's statistics as k6 prints them for its kind. */
export function metricCellsText(row: MetricSummaryRow): string {
  const c = row.cells;
  if (row.kind === 'rate') return `${c.rate.padEnd(8)} ${c.count}`;
  if (row.kind === 'counter') return `${c.count.padEnd(8)} ${c.rate}`;
  if (row.count === 0) return 'no samples';
  return [...TREND_CELLS.map(([key, label]) => `${label}=${c[key]}`), `count=${c.count}`].join(' ');
}

function formatRows(rows: MetricSummaryRow[], colors: Colors): string {
  const label = (row: MetricSummaryRow) => (Object.keys(row.tags).length && rows.some((r) => r !== row && r.group === row.group && r.metric === row.metric && Object.keys(r.tags).length === 0) ? `  ${tagText(row.tags)}` : `${row.metric}${Object.keys(row.tags).length ? ` ${tagText(row.tags)}` : ''}`);
  const width = Math.min(48, Math.max(...rows.map((r) => label(r).length)) + 3);
  const lines = [colors.bold('  █ TOTAL RESULTS')];
  let group = '';
  for (const row of rows) {
    const head = `${row.group}${row.testId ? colors.dim(` · ${row.testId}`) : ''}`;
    if (row.group + row.testId !== group) lines.push('', `    ${colors.bold(head)}`), (group = row.group + row.testId);
    const name = label(row);
    const dots = '.'.repeat(Math.max(0, width - name.length));
    const marked = row.checks.length ? mark({ status: row.checks.find((c) => !c.ok)?.status ?? 'pass' }, colors) : ' ';
    lines.push(`    ${marked} ${name}${colors.dim(`${dots}:`)} ${metricCellsText(row)}`);
  }
  return lines.join('\n');
}
