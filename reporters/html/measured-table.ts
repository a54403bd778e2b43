import type { MetricCheck, MetricSummary } from '../shared/metric-summary.ts';
import { tagText } from '../shared/metric-summary.ts';
import { escapeHtml } from './escape-html.ts';

const MARK: Record<MetricCheck['status'], [string, string]> = {
  pass: ['✓', 't-held'],
  warn: ['!', 't-inconclusive'],
  fail: ['✗', 't-crossed'],
  'not judged': ['✗', 't-not-judged'],
  inconclusive: ['?', 't-inconclusive'],
};

const COLUMNS = ['count', 'rate', 'avg', 'min', 'med', 'p90', 'p95', 'p99', 'max'] as const;

/**
 * The end-of-run table of every measured metric (issue 16, item 2), the
 * same rows the console prints (reporters/shared/metric-summary.ts): per
 * load or soak, a row per metric and tag set with k6's statistics, each
 * threshold held on it with ✓ or ✗; then the baselines and soak criteria.
 */
export function measuredTableHtml(summary: MetricSummary, titles?: ReadonlyMap<string, string>): string {
  if (!summary.rows.length && !summary.checks.length) return '';
  const check = (c: MetricCheck) => {
    const [mark, cls] = MARK[c.status];
    return `<span class="${cls}" title="${escapeHtml(c.message)}"><b class="mark">${mark}</b> ${escapeHtml(`'${c.expression}' ${c.measured}`)}</span>`;
  };
  const body: string[] = [];
  let group = '';
  for (const row of summary.rows) {
    const key = `${row.group}\u0000${row.testId}`;
    if (key !== group) {
      group = key;
      const title = titles?.get(row.testId);
      body.push(`<tr class="m-group"><th colspan="${COLUMNS.length + 2}">${escapeHtml(row.group)}${title ? ` <span class="muted">· ${escapeHtml(title)}</span>` : ''}</th></tr>`);
    }
    const tags = tagText(row.tags);
    const name = tags ? `<span class="m-tags">${escapeHtml(tags)}</span>` : escapeHtml(row.metric);
    body.push(`<tr${tags ? ' class="m-sub"' : ''}><td>${name}</td>${COLUMNS.map((c) => `<td class="num">${escapeHtml(row.cells[c])}</td>`).join('')}<td>${row.checks.map(check).join('<br>')}</td></tr>`);
  }
  const table = summary.rows.length
    ? `<table class="data-table measured-table"><thead><tr><th>metric</th>${COLUMNS.map((c) => `<th>${c}</th>`).join('')}<th>thresholds</th></tr></thead><tbody>${body.join('')}</tbody></table>`
    : '';
  // Thresholds sit on their rows; baselines and soak criteria judge series, not one row: listed under the table.
  const others = summary.checks.filter((c) => c.kind !== 'threshold' || !summary.rows.some((r) => r.checks.includes(c)));
  const list = others.length
    ? `<ul class="measured-checks">${others.map((c) => `<li>${escapeHtml(`${c.kind} · ${c.group} · ${c.subject}`)}: ${check(c)} <span class="muted">limit ${escapeHtml(c.limit)}</span></li>`).join('')}</ul>`
    : '';
  return table + list;
}
