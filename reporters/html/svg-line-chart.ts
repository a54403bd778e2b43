import type { MetricSeries } from './metric-series.ts';
import { escapeHtml } from './escape-html.ts';

/**
 * A metric series as a plain SVG line chart: the mean as a line, the
 * min-max range as a band, axes labelled with the extremes. No script and
 * no external resources, so it renders in a report opened offline.
 */
export function svgLineChart(series: MetricSeries, title: string, width = 360, height = 140): string {
  const pad = { left: 48, right: 8, top: 8, bottom: 20 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const points = series.points;
  const t0 = points[0]?.[0] ?? 0;
  const t1 = points[points.length - 1]?.[0] ?? 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (const [, min, , max] of points) {
    lo = Math.min(lo, min);
    hi = Math.max(hi, max);
  }
  if (!Number.isFinite(lo)) (lo = 0), (hi = 1);
  if (hi === lo) (hi += 1), (lo = Math.min(lo, 0));
  const x = (t: number) => pad.left + (t1 === t0 ? w / 2 : ((t - t0) / (t1 - t0)) * w);
  const y = (v: number) => pad.top + h - ((v - lo) / (hi - lo)) * h;
  const f = (n: number) => n.toFixed(1);

  const line = points.map(([t, , mean], i) => `${i === 0 ? 'M' : 'L'}${f(x(t))},${f(y(mean))}`).join('');
  const band =
    points.length > 1
      ? `M${points.map(([t, , , max]) => `${f(x(t))},${f(y(max))}`).join('L')}L${[...points].reverse().map(([t, min]) => `${f(x(t))},${f(y(min))}`).join('L')}Z`
      : '';
  const unit = series.unit ? ` ${series.unit}` : '';
  const dot = points.length === 1 ? `<circle cx="${f(x(t0))}" cy="${f(y(points[0][2]))}" r="3" class="mline-dot"/>` : '';
  return [
    `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption>`,
    `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<line x1="${pad.left}" y1="${pad.top + h}" x2="${pad.left + w}" y2="${pad.top + h}" class="axis"/>`,
    `<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${pad.top + h}" class="axis"/>`,
    `<text x="${pad.left - 4}" y="${pad.top + 8}" text-anchor="end">${escapeHtml(short(hi))}</text>`,
    `<text x="${pad.left - 4}" y="${pad.top + h}" text-anchor="end">${escapeHtml(short(lo))}</text>`,
    `<text x="${pad.left}" y="${height - 4}">0s</text>`,
    `<text x="${pad.left + w}" y="${height - 4}" text-anchor="end">${escapeHtml(seconds(t1 - t0))}</text>`,
    band ? `<path d="${band}" class="band"/>` : '',
    `<path d="${line}" class="mline"/>${dot}`,
    `</svg><div class="chart-note">${series.count} samples${escapeHtml(unit)}</div></figure>`,
  ].join('');
}

function short(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return `${(n / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${(n / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${(n / 1e3).toPrecision(3)}k`;
  return Number.isInteger(n) ? String(n) : n.toPrecision(3);
}

function seconds(ms: number): string {
  return ms >= 60_000 ? `${(ms / 60_000).toFixed(1)}min` : `${(ms / 1000).toFixed(1)}s`;
}
