import { escapeHtml } from './escape-html.ts';
import { formatBytes, formatMicros } from '../shared/metric-units.ts';
import type { SoakCriterionResult, SoakSeries, SoakWindowPoint } from './soak-series.ts';

/** A limit drawn on a chart: a level (error rate), or a line rising from a point (memory slope per window). */
export type ChartLimit = { label: string; level: number } | { label: string; from: [number, number]; slope: number };

export interface SoakChartInput {
  title: string;
  /** [window number, value] per line, drawn in order (the first is the main one). */
  lines: { name: string; points: [number, number][] }[];
  limit?: ChartLimit;
  /** Windows after which the soak stood still (a resumed run). */
  gaps?: { afterWindow: number; label: string }[];
  format: (value: number) => string;
  /** Start the y axis at zero (latency, error rate). */
  fromZero?: boolean;
  /** Windows (x values) whose value crossed the limit: shaded red. */
  crossed?: number[];
  /** The criterion's result, named under the title; a crossed one frames the chart in red. */
  result?: SoakCriterionResult;
}

/**
 * One soak series per window as a small inline SVG: the window number on
 * x, the value on y, the criterion's limit as a dashed red line, and each
 * gap of a resumed soak as a dotted vertical line. No script, no external
 * resource: it renders in a report opened offline.
 */
export function svgSoakChart(input: SoakChartInput, width = 360, height = 150): string {
  const pad = { left: 56, right: 8, top: 10, bottom: 22 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const all = input.lines.flatMap((l) => l.points);
  const x0 = Math.min(...all.map((p) => p[0]), 1);
  const x1 = Math.max(...all.map((p) => p[0]), x0 + 1);
  const limitAt = (x: number) => (!input.limit ? undefined : 'level' in input.limit ? input.limit.level : input.limit.from[1] + input.limit.slope * (x - input.limit.from[0]));
  // Latency and error rate are read from zero; memory from its lowest sample, so its drift shows.
  const data = all.map((p) => p[1]);
  const dataLo = data.length ? Math.min(...data) : 0;
  const dataHi = data.length ? Math.max(...data) : 1;
  let lo = input.fromZero ? Math.min(0, dataLo) : dataLo;
  let hi = dataHi;
  if (input.limit && 'level' in input.limit) (hi = Math.max(hi, input.limit.level)), (lo = Math.min(lo, input.limit.level));
  else if (input.limit) {
    // A generous slope over a long soak would flatten the series: show the rising limit up to one data range above the data.
    const span = Math.max(dataHi - lo, Math.abs(dataHi) * 0.01, 1);
    hi = Math.max(hi, Math.min(limitAt(x1)!, dataHi + span));
  }
  if (hi === lo) hi = lo + Math.max(Math.abs(lo) * 0.01, 1);
  const x = (v: number) => pad.left + ((v - x0) / (x1 - x0)) * w;
  const y = (v: number) => pad.top + h - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * h;
  const f = (n: number) => n.toFixed(1);
  const path = (points: [number, number][]) => points.map(([px, py], i) => `${i ? 'L' : 'M'}${f(x(px))},${f(y(py))}`).join('');

  const result = input.result;
  const failed = result !== undefined && result.judged && !result.ok;
  const verdict = result ? `<div class="soak-result ${failed ? 't-crossed' : result.judged ? 't-held' : 't-not-judged'}">${failed ? '✗' : result.judged ? '✓' : '–'} ${escapeHtml(`${result.criterion} ${result.measured}, limit ${result.limit}`)}</div>` : '';
  const parts: string[] = [
    `<figure class="chart soak-chart${failed ? ' chart-crossed' : ''}"><figcaption>${escapeHtml(input.title)}</figcaption>${verdict}`,
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(input.title)}">`,
    `<line x1="${pad.left}" y1="${pad.top + h}" x2="${pad.left + w}" y2="${pad.top + h}" class="axis"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${pad.top + h}" class="axis"/>`,
    `<text x="${pad.left - 4}" y="${pad.top + 8}" text-anchor="end">${escapeHtml(input.format(hi))}</text>`,
    `<text x="${pad.left - 4}" y="${pad.top + h}" text-anchor="end">${escapeHtml(input.format(lo))}</text>`,
    `<text x="${pad.left}" y="${height - 6}">window ${x0}</text>`,
    `<text x="${pad.left + w}" y="${height - 6}" text-anchor="end">${x1}</text>`,
  ];
  // Each crossing window as a red band one window wide; a long soak's neighbours merge into one band.
  const slot = w / Math.max(x1 - x0, 1);
  for (const window of input.crossed ?? []) {
    const left = Math.max(pad.left, x(window) - slot / 2);
    const right = Math.min(pad.left + w, x(window) + slot / 2);
    parts.push(`<rect x="${f(left)}" y="${pad.top}" width="${f(Math.max(right - left, 1.5))}" height="${h}" class="crossed-window"><title>window ${window} crossed</title></rect>`);
  }
  for (const gap of input.gaps ?? []) {
    const gx = f(x(gap.afterWindow + 0.5));
    parts.push(`<line x1="${gx}" y1="${pad.top}" x2="${gx}" y2="${pad.top + h}" class="soak-gap"><title>${escapeHtml(gap.label)}</title></line>`);
  }
  if (input.limit) {
    const a = limitAt(x0)!;
    const b = limitAt(x1)!;
    parts.push(`<line x1="${f(x(x0))}" y1="${f(y(a))}" x2="${f(x(x1))}" y2="${f(y(b))}" class="soak-limit"><title>${escapeHtml(input.limit.label)}</title></line>`);
    parts.push(`<text x="${pad.left + w}" y="${f(Math.max(pad.top + 8, y(b) - 3))}" text-anchor="end" class="soak-limit-label">${escapeHtml(input.limit.label)}</text>`);
  }
  input.lines.forEach((line, i) => {
    if (!line.points.length) return;
    parts.push(line.points.length > 1
      ? `<path d="${path(line.points)}" class="mline${i ? ' soak-second' : ''}"><title>${escapeHtml(line.name)}</title></path>`
      : `<circle cx="${f(x(line.points[0]![0]))}" cy="${f(y(line.points[0]![1]))}" r="3" class="mline-dot"/>`);
  });
  const legend = input.lines.length > 1 ? input.lines.map((l) => l.name).join(', ') + ' · ' : '';
  parts.push(`</svg><div class="chart-note">${escapeHtml(legend)}${all.length ? `${input.lines[0]!.points.length} windows` : 'no windows'}</div></figure>`);
  return parts.join('');
}

/** The three charts of one soak: latency (p99 and p50, with the latency-creep limit), error rate, SUT memory (with the slope limit), each with the windows that crossed its limit shaded. */
export function soakChartsHtml(series: SoakSeries, testTitle?: string): string {
  const limits = series.limits ?? {};
  const pick = (field: keyof Omit<SoakWindowPoint, 'window'>): [number, number][] =>
    series.windows.filter((p) => p[field] !== undefined).map((p) => [p.window + 1, p[field]!]);
  const gaps = series.gaps.map((g) => ({ afterWindow: g.afterWindow, label: `gap of ${(g.ms / 1000).toFixed(1)} s after window ${g.afterWindow}` }));
  const criterion = (name: string) => series.criteria?.find((c) => c.criterion === name);
  const over = (points: [number, number][], limitAt: (window: number) => number) => points.filter(([window, value]) => value > limitAt(window)).map(([window]) => window);
  const p50 = pick('p50');
  const charts: string[] = [];

  // Latency creep compares the late third's p50 with the early third's (after the first window): draw the early median raised by the allowed increase.
  const third = Math.floor((p50.length - 1) / 3);
  const early = p50.slice(1, 1 + third).map((p) => p[1]).sort((a, b) => a - b);
  const creepLimit = limits.latencyCreepMaxIncrease !== undefined && third >= 1 ? median(early) * (1 + limits.latencyCreepMaxIncrease) : undefined;
  charts.push(svgSoakChart({
    title: 'latency per window (p99, p50)',
    lines: [{ name: 'p99', points: pick('p99') }, { name: 'p50', points: p50 }],
    ...(creepLimit !== undefined ? { limit: { label: `p50 creep limit +${Math.round(limits.latencyCreepMaxIncrease! * 100)}%`, level: creepLimit } } : {}),
    ...(creepLimit !== undefined ? { crossed: over(p50.slice(1 + third), () => creepLimit) } : {}),
    ...optional('result', criterion('latency.creep')),
    gaps,
    fromZero: true,
    format: formatMicros,
  }));
  const errorRate = pick('errorRate');
  charts.push(svgSoakChart({
    title: 'error rate per window',
    lines: [{ name: 'error rate', points: errorRate }],
    ...(limits.errorRate !== undefined ? { limit: { label: `limit < ${limits.errorRate}`, level: limits.errorRate }, crossed: over(errorRate, () => limits.errorRate!) } : {}),
    ...optional('result', criterion('error.rate')),
    gaps,
    fromZero: true,
    format: (v) => `${Number((v * 100).toPrecision(2))}%`,
  }));
  const memory = pick('memory');
  // The slope criterion starts after the warm-up window: the limit rises from the first judged sample.
  const start = memory.find(([window]) => window >= 2) ?? memory[0];
  const perWindow = limits.memorySlopeBytesPerHour !== undefined && limits.windowMs ? (limits.memorySlopeBytesPerHour * limits.windowMs) / 3_600_000 : undefined;
  const slopeLimit = perWindow !== undefined && start ? { label: `slope limit ${formatBytes(limits.memorySlopeBytesPerHour!)}/h`, from: start, slope: perWindow } : undefined;
  charts.push(svgSoakChart({
    title: 'SUT memory per window',
    lines: [{ name: 'resident memory', points: memory }],
    ...(slopeLimit ? { limit: slopeLimit, crossed: over(memory.filter(([window]) => window >= start![0]), (window) => slopeLimit.from[1] + slopeLimit.slope * (window - slopeLimit.from[0])) } : {}),
    ...optional('result', criterion('memory.slope')),
    gaps,
    format: formatBytes,
  }));
  const title = `soak ${series.soak}${testTitle ? ` · ${testTitle}` : ''}`;
  const gapNote = series.gaps.length ? ` · resumed ${series.gaps.length} time(s), ${(series.gaps.reduce((a, g) => a + g.ms, 0) / 1000).toFixed(1)} s without load` : '';
  const crossed = soakCrossed(series);
  return `<div class="soak${crossed ? ' soak-crossed' : ''}"><h3>${crossed ? '<span class="lp-status">CROSSED</span> ' : ''}${escapeHtml(title)}</h3><p class="muted">${series.windows.length} windows${escapeHtml(gapNote)}</p><div class="charts">${charts.join('')}</div></div>`;
}

/** A criterion of the soak measured and crossed its limit: its panel goes to the top of the report. */
export function soakCrossed(series: SoakSeries): boolean {
  return series.criteria?.some((c) => c.judged && !c.ok) ?? false;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function median(sorted: number[]): number {
  if (!sorted.length) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
