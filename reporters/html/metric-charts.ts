import { escapeHtml } from './escape-html.ts';
import { formatMetricValue as formatValue } from '../shared/metric-units.ts';
import type { MetricSeries } from './metric-series.ts';
import { formatElapsed, svgPanelChart } from './svg-panel-chart.ts';

/** Most series drawn on one metric's chart; the rest are named in its note. */
const MAX_LINES = 8;

const label = (s: MetricSeries, titles?: ReadonlyMap<string, string>) => {
  const tags = s.tags ? Object.entries(s.tags).map(([k, v]) => `${k}=${v}`).join(', ') : '';
  const test = s.testId ? titles?.get(s.testId) ?? s.testId : '';
  return [tags && `{${tags}}`, test].filter(Boolean).join(' · ') || 'all';
};

/**
 * The metrics that belong to no load (a test's own `test.info().metric()`
 * series and the like): the series of one metric share one chart, and a
 * series of a single sample is a table row, not a one-point chart.
 */
export function otherMetricsHtml(series: readonly MetricSeries[], titles?: ReadonlyMap<string, string>, maxCharts = 40): string {
  if (!series.length) return '';
  const byName = new Map<string, MetricSeries[]>();
  const singles: MetricSeries[] = [];
  for (const s of series) {
    if (s.count <= 1 || s.points.length <= 1) {
      singles.push(s);
      continue;
    }
    const list = byName.get(s.name) ?? [];
    list.push(s);
    byName.set(s.name, list);
  }
  const groups = [...byName.entries()];
  const t0 = Math.min(...series.flatMap((s) => s.points.map((p) => p[0])));
  const charts = groups.slice(0, maxCharts).map(([name, list]) => {
    const unit = list[0]!.unit;
    const drawn = list.slice(0, MAX_LINES);
    const samples = list.reduce((a, s) => a + s.count, 0);
    const more = list.length > MAX_LINES ? ` · ${list.length - MAX_LINES} more series not drawn: ${list.slice(MAX_LINES).map((s) => label(s, titles)).join('; ')}` : '';
    return svgPanelChart({
      title: name,
      lines: drawn.map((s) => ({ name: label(s, titles), points: s.points.map((p) => [p[0] - t0, p[2]] as [number, number]) })),
      format: (v) => formatValue(v, unit),
      formatX: formatElapsed,
      note: `${samples} samples${more}`,
      width: 380,
      height: 150,
    });
  });
  const notDrawn = groups.length > maxCharts ? `<p class="muted">${groups.length - maxCharts} more metrics are not drawn: ${escapeHtml(groups.slice(maxCharts).map(([n]) => n).join(', '))}.</p>` : '';
  const rows = singles.map((s) => `<tr><td>${escapeHtml(s.name)}</td><td>${escapeHtml(label(s, titles))}</td><td class="num">${escapeHtml(formatValue(s.points[0]?.[2] ?? 0, s.unit))}</td></tr>`);
  const table = rows.length ? `<table class="data-table single-samples"><caption>Single samples</caption><thead><tr><th>metric</th><th>series</th><th>value</th></tr></thead><tbody>${rows.join('')}</tbody></table>` : '';
  return `<section class="metrics" id="metrics"><h2>Other metrics</h2>${charts.length ? `<div class="charts">${charts.join('')}</div>` : ''}${notDrawn}${table}</section>`;
}
