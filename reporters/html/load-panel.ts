import { escapeHtml } from './escape-html.ts';
import { formatMetricValue as formatValue, formatMicros } from '../shared/metric-units.ts';
import { latencySeriesOf, type LoadPanel, type RecordedBaseline, type RecordedThreshold } from './load-panels.ts';
import type { MetricSeries } from './metric-series.ts';
import { formatElapsed, svgPanelChart, type PanelLine, type PanelRule } from './svg-panel-chart.ts';

/** Latency percentiles drawn on every load's latency chart (judged ones are added), each with a fixed colour. */
const LATENCY_LINES: Record<string, number> = { 'latency.p50': 0, 'latency.p90': 1, 'latency.p95': 2, 'latency.p99': 3, 'latency.p10': 6, 'latency.min': 7, 'latency.max': 4, 'latency.mean': 5 };
const ALWAYS = ['latency.p50', 'latency.p90', 'latency.p99'];
const DURATION_TO_US: Record<string, number> = { us: 1, ms: 1000, s: 1_000_000 };
/** drivers/traffic/generator-health.ts: the least send-lag limit, and the CPU share that counts as saturated. */
const MIN_LAG_LIMIT_US = 10_000;
const SATURATED = 0.9;

/** A load shorter than this, with nothing judged on it, is a table row rather than a panel of charts. */
export const MIN_PANEL_INTERVALS = 3;

export function isShortLoad(panel: LoadPanel): boolean {
  return panel.intervals < MIN_PANEL_INTERVALS && !panel.thresholds.length && !panel.baselines.length && !panel.steps.length;
}

/**
 * One load as one panel (issue 16, item 1): latency percentiles over time
 * with each judged percentile's limit drawn across, achieved against target
 * rate, errors by kind, the generator's health, and each baseline as this
 * run beside the passing runs it was compared with.
 */
export function loadPanelHtml(panel: LoadPanel, testTitle?: string): string {
  const t0 = Math.min(...[...panel.series.values(), ...panel.errorKinds].flatMap((s) => s.points.map((p) => p[0])), Infinity);
  const at = (s: MetricSeries, pick: 2 | 3 = 2): [number, number][] => s.points.map((p) => [p[0] - (Number.isFinite(t0) ? t0 : 0), p[pick]]);
  const formatX = (x: number) => formatElapsed(x);
  const charts: string[] = [];

  // Latency: the percentiles over time, the limits of the judged ones across.
  const latencyRules = rulesOf(panel.thresholds.filter((t) => t.unit && DURATION_TO_US[t.unit] && (latencySeriesOf(t.aggregation) ?? '').startsWith('latency.')));
  const judged = panel.thresholds.map((t) => latencySeriesOf(t.aggregation)).filter((n): n is string => n !== undefined);
  const names = Object.keys(LATENCY_LINES).filter((n) => panel.series.has(n) && (ALWAYS.includes(n) || judged.includes(n)));
  if (names.length) {
    // Buckets of a long load merge: the worst of each keeps a spike visible.
    const lines: PanelLine[] = names.map((n) => ({ name: n.slice('latency.'.length), points: at(panel.series.get(n)!, 3), style: LATENCY_LINES[n] }));
    charts.push(svgPanelChart({ title: 'latency percentiles', lines, rules: latencyRules, format: formatMicros, formatX, fromZero: true, crossed: latencyRules.some((r) => r.crossed), width: 470, height: 190 }));
  }

  const rate = panel.series.get('rate');
  const target = panel.series.get('rate.target');
  if (rate && rate.count > 1) {
    const lines: PanelLine[] = [{ name: 'achieved', points: at(rate), style: 0 }, ...(target ? [{ name: 'target', points: at(target), style: 4 }] : [])];
    charts.push(svgPanelChart({ title: 'rate: achieved against target', lines, format: (v) => `${formatValue(v, undefined)}/s`, formatX, fromZero: true, width: 300, height: 150 }));
  }

  const kinds = panel.errorKinds.filter((s) => s.points.some((p) => p[3] > 0));
  if (kinds.length) {
    charts.push(svgPanelChart({ title: 'errors per interval, by kind', lines: kinds.map((s, i) => ({ name: s.tags?.kind ?? 'errors', points: at(s), style: (i + 3) % 8 })), format: (v) => formatValue(v, 'count'), formatX, fromZero: true, crossed: panel.thresholds.some((t) => t.unit === 'ratio' && !t.ok && t.value !== null), width: 300, height: 150 }));
  }

  const lag = panel.series.get('generator_send_lag');
  const loop = panel.series.get('generator_event_loop_delay');
  if ((lag && lag.count > 1) || (loop && loop.count > 1)) {
    const targetMean = target?.points.length ? target.points.reduce((a, p) => a + p[2], 0) / target.points.length : undefined;
    const limit = Math.max(MIN_LAG_LIMIT_US, targetMean ? 0.1 * (1_000_000 / targetMean) : 0);
    const lines = [...(lag ? [{ name: 'send lag p99', points: at(lag, 3), style: 3 }] : []), ...(loop ? [{ name: 'event-loop delay p99', points: at(loop, 3), style: 1 }] : [])];
    const worst = Math.max(...lines.flatMap((l) => l.points.map((p) => p[1])));
    charts.push(svgPanelChart({ title: 'load generator: send lag, event-loop delay', lines, rules: [{ label: `generator limit ${formatMicros(limit)}`, value: limit, crossed: worst > limit }], format: formatMicros, formatX, fromZero: true, width: 300, height: 150 }));
  }
  const cpu = panel.series.get('generator_cpu');
  const machine = panel.series.get('machine_cpu');
  if (cpu && cpu.count > 1) {
    const lines = [{ name: 'generator CPU (of a core)', points: at(cpu, 3), style: 0 }, ...(machine ? [{ name: 'machine CPU (all cores)', points: at(machine, 3), style: 2 }] : [])];
    const worst = Math.max(...lines.flatMap((l) => l.points.map((p) => p[1])));
    charts.push(svgPanelChart({ title: 'CPU', lines, rules: [{ label: `saturated ${formatValue(SATURATED, 'ratio')}`, value: SATURATED, crossed: worst >= SATURATED }], format: (v) => formatValue(v, 'ratio'), formatX, fromZero: true, width: 300, height: 150 }));
  }
  for (const baseline of panel.baselines) charts.push(baselineChartHtml(baseline));

  const status = panel.crossed ? ['crossed', 'CROSSED'] : panel.inconclusive ? ['inconclusive', 'INCONCLUSIVE'] : panel.thresholds.some((t) => t.value === null) ? ['not-judged', 'NOT JUDGED'] : panel.thresholds.length || panel.baselines.length ? ['held', 'HELD'] : ['none', ''];
  const title = `load ${panel.load}${testTitle ? ` · ${testTitle}` : ''}`;
  return [
    `<div class="load-panel lp-${status[0]}" data-load="${escapeHtml(panel.load)}">`,
    `<h3>${status[1] ? `<span class="lp-status">${status[1]}</span> ` : ''}${escapeHtml(title)}</h3>`,
    `<p class="lp-summary">${escapeHtml(summaryOf(panel))}</p>`,
    '<div class="charts">',
    charts[0] ?? '',
    thresholdsTableHtml(panel.thresholds),
    panel.steps.length ? stepsTableHtml(panel.steps) : '',
    ...charts.slice(1),
    '</div>',
    '</div>',
  ].join('');
}

/** Loads of one or two intervals (a warm-up) with nothing judged: one row each, not a wall of one-point charts. */
export function shortLoadsTableHtml(panels: LoadPanel[], titles?: ReadonlyMap<string, string>): string {
  if (!panels.length) return '';
  const cell = (panel: LoadPanel, name: string, pick: 2 | 3 = 2) => {
    const s = panel.series.get(name);
    return s?.points.length ? formatValue(Math.max(...s.points.map((p) => p[pick])), s.unit) : '—';
  };
  const rows = panels.map((p) => {
    const errors = p.series.get('errors')?.points.reduce((a, x) => a + x[2], 0) ?? 0;
    return `<tr><td>${escapeHtml(p.load)}</td><td>${escapeHtml(p.testId ? titles?.get(p.testId) ?? p.testId : '')}</td><td class="num">${p.intervals}</td><td class="num">${escapeHtml(cell(p, 'rate'))}</td><td class="num">${escapeHtml(cell(p, 'latency.p50', 3))}</td><td class="num">${escapeHtml(cell(p, 'latency.p99', 3))}</td><td class="num">${errors}</td></tr>`;
  });
  return `<table class="data-table short-loads"><caption>Short loads (fewer than ${MIN_PANEL_INTERVALS} intervals, nothing judged)</caption><thead><tr><th>load</th><th>test</th><th>intervals</th><th>rate</th><th>p50 (worst)</th><th>p99 (worst)</th><th>errors</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** One line per limit: thresholds with the same limit and state ('p(99)' on all requests and on {name:get}) share it and its label. */
function rulesOf(thresholds: RecordedThreshold[]): PanelRule[] {
  const rules = new Map<string, { names: string[]; measured: string[]; value: number; crossed: boolean; operator: string }>();
  for (const t of thresholds) {
    const scale = DURATION_TO_US[t.unit!]!;
    const crossed = !t.ok && t.value !== null;
    const key = `${t.limit * scale}\u0000${crossed}\u0000${t.operator}`;
    const rule = rules.get(key) ?? { names: [], measured: [], value: t.limit * scale, crossed, operator: t.operator };
    rule.names.push(`${t.aggregation}${/\{[^}]*\}/.exec(t.key)?.[0] ?? ''}`);
    rule.measured.push(t.value === null ? 'not judged' : crossed ? `✗ ${formatMicros(t.value * scale)}` : '');
    rules.set(key, rule);
  }
  return [...rules.values()].map((r) => {
    const measured = r.measured.filter(Boolean);
    return { label: `${r.names.join(', ')} ${r.operator} ${formatMicros(r.value)}${measured.length ? ` · ${measured.join(', ')}` : ''}`, value: r.value, crossed: r.crossed };
  });
}

function summaryOf(panel: LoadPanel): string {
  const parts: string[] = [];
  const mean = (name: string) => {
    const s = panel.series.get(name);
    return s?.points.length ? s.points.reduce((a, p) => a + p[2], 0) / s.points.length : undefined;
  };
  if (panel.intervals && !panel.steps.length) parts.push(`${panel.intervals} intervals`);
  const achieved = mean('rate');
  const target = mean('rate.target');
  if (achieved !== undefined) parts.push(`rate ${formatValue(achieved, 'ops/s')}${target !== undefined ? ` of ${formatValue(target, 'ops/s')} target` : ''}`);
  const p99 = panel.series.get('latency.p99');
  if (p99?.points.length) parts.push(`worst interval p99 ${formatMicros(Math.max(...p99.points.map((p) => p[3])))}`);
  const errors = panel.series.get('errors')?.points.reduce((a, p) => a + p[2], 0);
  if (errors !== undefined) parts.push(errors ? `${errors} errors (${panel.errorKinds.map((s) => s.tags?.kind).join(', ')})` : 'no errors');
  const maxRate = panel.series.get('max_rate');
  if (maxRate?.points.length) parts.push(`max_rate ${formatValue(maxRate.points[maxRate.points.length - 1]![2], maxRate.unit)}`);
  const generator = panel.thresholds.find((t) => t.generator)?.generator;
  if (generator) parts.push(`load generator: ${generator}`);
  return parts.join(' · ');
}

function thresholdsTableHtml(thresholds: RecordedThreshold[]): string {
  if (!thresholds.length) return '';
  const rows = thresholds.map((t) => {
    const [cls, mark] = t.inconclusive ? ['t-inconclusive', '?'] : t.value === null ? ['t-not-judged', '–'] : t.ok ? ['t-held', '✓'] : ['t-crossed', '✗'];
    const why = t.inconclusive ?? (t.value === null ? t.message : '');
    return `<tr class="${cls}"><td class="mark">${mark}</td><td>${escapeHtml(t.key)} ${escapeHtml(t.aggregation)}</td><td class="num">${escapeHtml(t.value === null ? 'not measured' : formatValue(t.value, t.unit))}</td><td class="num">${escapeHtml(`${t.operator} ${formatValue(t.limit, t.unit)}`)}</td></tr>${why ? `<tr class="${cls}"><td></td><td colspan="3" class="muted">${escapeHtml(why)}</td></tr>` : ''}`;
  });
  return `<table class="data-table thresholds"><caption>thresholds</caption><thead><tr><th></th><th>metric</th><th>measured</th><th>limit</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function stepsTableHtml(steps: LoadPanel['steps']): string {
  const rows = steps.map((s) => `<tr><td class="num">${escapeHtml(formatValue(s.target, 'ops/s'))}</td><td class="num">${escapeHtml(s.achieved === undefined ? '—' : formatValue(s.achieved, 'ops/s'))}</td><td class="num">${escapeHtml(s.p99 === undefined ? '—' : formatMicros(s.p99))}</td><td class="num">${s.errors}</td></tr>`);
  return `<table class="data-table steps"><caption>steps of the search</caption><thead><tr><th>target</th><th>achieved</th><th>p99 (worst)</th><th>errors</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A baseline: this run's median beside each earlier passing run's, as bars (red when it regressed). */
function baselineChartHtml(b: RecordedBaseline): string {
  const format = (v: number) => formatValue(v, b.unit);
  const medians = b.baselineRunMedians ?? [];
  const title = `baseline ${b.metric}: this run against ${b.baselineRuns.length} earlier passing run(s)`;
  const note = b.message;
  if (!medians.length || b.currentMedian === null) return `<figure class="chart baseline-chart"><figcaption>${escapeHtml(title)}</figcaption><div class="chart-note">${escapeHtml(note)}</div></figure>`;
  const bars = [...medians.map((m, i) => ({ label: shortRun(b.baselineRuns[i] ?? `run ${i + 1}`), value: m, cls: 'bar-past' })), { label: 'this run', value: b.currentMedian, cls: b.outcome === 'fail' ? 'bar-fail' : 'bar-now' }];
  const width = 300;
  const height = 150;
  const pad = { left: 62, right: 8, top: 12, bottom: 30 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const hi = Math.max(...bars.map((x) => x.value), 1e-9) * 1.08;
  const slot = w / bars.length;
  const parts = [
    `<figure class="chart baseline-chart${b.outcome === 'fail' ? ' chart-crossed' : ''}"><figcaption>${escapeHtml(title)}</figcaption>`,
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<line x1="${pad.left}" y1="${pad.top + h}" x2="${pad.left + w}" y2="${pad.top + h}" class="axis"/>`,
    `<text x="${pad.left - 4}" y="${pad.top + 8}" text-anchor="end">${escapeHtml(format(hi))}</text>`,
    `<text x="${pad.left - 4}" y="${pad.top + h}" text-anchor="end">0</text>`,
  ];
  bars.forEach((bar, i) => {
    const bh = (bar.value / hi) * h;
    const bx = pad.left + i * slot + slot * 0.15;
    parts.push(`<rect x="${bx.toFixed(1)}" y="${(pad.top + h - bh).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${bh.toFixed(1)}" class="${bar.cls}"><title>${escapeHtml(`${bar.label}: median ${format(bar.value)}`)}</title></rect>`);
    parts.push(`<text x="${(bx + slot * 0.35).toFixed(1)}" y="${pad.top + h + 12}" text-anchor="middle">${escapeHtml(bar.label)}</text>`);
    parts.push(`<text x="${(bx + slot * 0.35).toFixed(1)}" y="${pad.top + h + 24}" text-anchor="middle">${escapeHtml(format(bar.value))}</text>`);
  });
  parts.push(`</svg><div class="chart-note">${escapeHtml(note)}</div></figure>`);
  return parts.join('');
}

/** The end of a run id, enough to tell runs apart under a bar. */
function shortRun(runId: string): string {
  return runId.length > 10 ? `…${runId.slice(-8)}` : runId;
}
