import { shortNumber } from '../shared/metric-units.ts';
import { escapeHtml } from './escape-html.ts';

/** One series on a chart: [x, y] points in x order. `style` picks its colour (0-7) and dashes (CSS classes s0..s7). */
export interface PanelLine {
  name: string;
  points: [number, number][];
  style?: number;
}

/** A limit drawn across the chart: red and labelled when crossed, grey when held. */
export interface PanelRule {
  label: string;
  value: number;
  crossed: boolean;
}

export interface PanelChartInput {
  title: string;
  lines: PanelLine[];
  rules?: PanelRule[];
  /** x ranges shaded red: the windows or intervals that crossed a limit. */
  highlight?: [number, number][];
  format: (value: number) => string;
  formatX: (x: number) => string;
  /** Start the y axis at zero (latency, rates, error counts). */
  fromZero?: boolean;
  /** A red frame: this chart holds a crossed limit. */
  crossed?: boolean;
  /** A line under the chart (sample counts, what is not drawn). */
  note?: string;
  width?: number;
  height?: number;
}

/**
 * A limit this far above the data would flatten the series to a line along
 * the bottom; such a limit is named at the top of the chart instead, with an
 * arrow, so the series stays readable and the headroom is still said.
 */
const MAX_STRETCH = 1.5;

/**
 * Several series of one metric on one inline SVG chart, with horizontal
 * limit lines, y gridlines in readable units and a legend. No script and no
 * external resource, so it renders in a report opened offline and before
 * the page script runs.
 */
export function svgPanelChart(input: PanelChartInput): string {
  const width = input.width ?? 420;
  const height = input.height ?? 170;
  const pad = { left: 62, right: 10, top: 12, bottom: 20 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const f = (n: number) => n.toFixed(1);
  let x0 = Infinity;
  let x1 = -Infinity;
  let lo = Infinity;
  let hi = -Infinity;
  for (const line of input.lines) {
    for (const [x, y] of line.points) {
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
  }
  if (!Number.isFinite(x0)) (x0 = 0), (x1 = 1), (lo = 0), (hi = 1);
  if (x1 === x0) x1 = x0 + 1;
  if (input.fromZero) lo = Math.min(lo, 0);
  const dataSpan = Math.max(hi - lo, Math.abs(hi) * 0.05, 1e-9);
  const rules = input.rules ?? [];
  const above: PanelRule[] = [];
  for (const rule of rules) {
    if (rule.value > hi + dataSpan * MAX_STRETCH) above.push(rule);
    else (hi = Math.max(hi, rule.value)), (lo = Math.min(lo, rule.value));
  }
  if (hi === lo) hi = lo + Math.max(Math.abs(lo) * 0.1, 1);
  // Round ticks (1, 2 or 5 times a power of ten) a person can read off: 0, 50 ms, 100 ms, 150 ms.
  const step = niceStep((hi - lo) / 3);
  lo = Math.floor(lo / step) * step;
  hi = Math.max(Math.ceil((hi + (hi - lo) * 0.04) / step) * step, lo + step);
  const ticks = Math.round((hi - lo) / step);
  const x = (v: number) => pad.left + ((v - x0) / (x1 - x0)) * w;
  const y = (v: number) => pad.top + h - ((v - lo) / (hi - lo)) * h;

  const parts: string[] = [
    `<figure class="chart panel-chart${input.crossed ? ' chart-crossed' : ''}"><figcaption>${escapeHtml(input.title)}</figcaption>`,
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(input.title)}">`,
  ];
  for (const [a, b] of input.highlight ?? []) {
    const left = x(Math.max(a, x0));
    const right = x(Math.min(b, x1));
    parts.push(`<rect x="${f(left)}" y="${pad.top}" width="${f(Math.max(right - left, 2))}" height="${h}" class="crossed-window"/>`);
  }
  for (let i = 0; i <= ticks; i++) {
    const v = lo + step * i;
    const gy = f(y(v));
    parts.push(`<line x1="${pad.left}" y1="${gy}" x2="${pad.left + w}" y2="${gy}" class="${i === 0 ? 'axis' : 'grid'}"/>`);
    parts.push(`<text x="${pad.left - 4}" y="${f(y(v) + 3)}" text-anchor="end">${escapeHtml(input.format(v))}</text>`);
  }
  parts.push(`<text x="${pad.left}" y="${height - 5}">${escapeHtml(input.formatX(x0))}</text>`);
  parts.push(`<text x="${pad.left + w}" y="${height - 5}" text-anchor="end">${escapeHtml(input.formatX(x1))}</text>`);
  input.lines.forEach((line, i) => {
    if (!line.points.length) return;
    const style = `s${(line.style ?? i) % 8}`;
    const title = `<title>${escapeHtml(line.name)}</title>`;
    if (line.points.length === 1) {
      const [px, py] = line.points[0]!;
      parts.push(`<circle cx="${f(x(px))}" cy="${f(y(py))}" r="3" class="pdot ${style}">${title}</circle>`);
      return;
    }
    const d = line.points.map(([px, py], k) => `${k ? 'L' : 'M'}${f(x(px))},${f(y(py))}`).join('');
    parts.push(`<path d="${d}" class="pline ${style}">${title}</path>`);
  });
  let labelY = pad.top + 10;
  for (const rule of rules) {
    const kind = rule.crossed ? 'limit-crossed' : 'limit-held';
    if (above.includes(rule)) {
      parts.push(`<text x="${pad.left + w - 2}" y="${labelY}" text-anchor="end" class="limit-label ${kind}">↑ ${escapeHtml(rule.label)}</text>`);
      labelY += 11;
      continue;
    }
    const ry = f(y(rule.value));
    parts.push(`<line x1="${pad.left}" y1="${ry}" x2="${pad.left + w}" y2="${ry}" class="limit ${kind}"><title>${escapeHtml(rule.label)}</title></line>`);
    parts.push(`<text x="${pad.left + w - 2}" y="${f(Math.max(pad.top + 9, y(rule.value) - 3))}" text-anchor="end" class="limit-label ${kind}">${escapeHtml(rule.label)}</text>`);
  }
  parts.push('</svg>');
  if (input.lines.length > 1) {
    parts.push(`<div class="legend">${input.lines.map((l, i) => `<span class="key s${(l.style ?? i) % 8}">${escapeHtml(l.name)}</span>`).join('')}</div>`);
  }
  if (input.note) parts.push(`<div class="chart-note">${escapeHtml(input.note)}</div>`);
  parts.push('</figure>');
  return parts.join('');
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** Elapsed time on a chart's x axis: 45 s, 12 min, 3.5 h. */
export function formatElapsed(ms: number): string {
  if (ms >= 2 * 3_600_000) return `${shortNumber(ms / 3_600_000)} h`;
  if (ms >= 120_000) return `${shortNumber(ms / 60_000)} min`;
  return `${shortNumber(ms / 1000)} s`;
}
