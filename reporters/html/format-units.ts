/**
 * Numbers as a person reads them on a chart or in a table (issue 16, item 1):
 * a latency of 282,000 µs is "282 ms", not "282k us"; a ratio is a
 * percentage; bytes are KB, MB, GB. One place, so the charts, the tables and
 * their limits all say the same thing.
 */

/** Three significant digits, without a trailing ".0". */
function sig(n: number): string {
  if (n === 0) return '0';
  const a = Math.abs(n);
  return a >= 100 ? String(Math.round(n)) : String(Number(n.toPrecision(3)));
}

/** A duration given in microseconds, in the unit that fits it: 850 µs, 12.5 ms, 1.25 s, 2.5 min. */
export function formatMicros(us: number): string {
  const a = Math.abs(us);
  if (a >= 60_000_000) return `${sig(us / 60_000_000)} min`;
  if (a >= 1_000_000) return `${sig(us / 1_000_000)} s`;
  if (a >= 1000) return `${sig(us / 1000)} ms`;
  return `${sig(us)} µs`;
}

export function formatBytes(bytes: number): string {
  const a = Math.abs(bytes);
  if (a >= 1024 ** 3) return `${sig(bytes / 1024 ** 3)} GB`;
  if (a >= 1024 ** 2) return `${sig(bytes / 1024 ** 2)} MB`;
  if (a >= 1024) return `${sig(bytes / 1024)} KB`;
  return `${Math.round(bytes)} B`;
}

export function formatPercent(ratio: number): string {
  return `${sig(ratio * 100)}%`;
}

/** Large counts with thousands separators, small ones with up to three significant digits. */
export function formatNumber(n: number): string {
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return sig(n);
}

/** A value in its metric's unit, as metric events carry it ('us', 'ms', 's', 'ratio', 'B', 'ops/s', ...). */
export function formatValue(value: number, unit: string | undefined): string {
  switch (unit) {
    case 'us':
      return formatMicros(value);
    case 'ms':
      return formatMicros(value * 1000);
    case 's':
      return formatMicros(value * 1_000_000);
    case 'ratio':
      return formatPercent(value);
    case 'B':
    case 'bytes':
      return formatBytes(value);
    case 'count':
    case undefined:
    case '':
      return formatNumber(value);
    default:
      // Rates and the like: ops/s → "120/s", req/s → "120 req/s".
      return unit === 'ops/s' ? `${formatNumber(value)}/s` : `${formatNumber(value)} ${unit}`;
  }
}

/** A formatter for one unit, for charts that format every tick the same way. */
export function formatterFor(unit: string | undefined): (value: number) => string {
  return (value) => formatValue(value, unit);
}

/** Elapsed time on a chart's x axis: 45 s, 12 min, 3.5 h. */
export function formatElapsed(ms: number): string {
  if (ms >= 2 * 3_600_000) return `${sig(ms / 3_600_000)} h`;
  if (ms >= 120_000) return `${sig(ms / 60_000)} min`;
  return `${sig(ms / 1000)} s`;
}
