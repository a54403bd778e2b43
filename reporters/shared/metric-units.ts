/**
 * Measured values in units a person reads at a glance (issue 16): a
 * duration in µs, ms or s as fits, bytes in B, KB, MB or GB, a ratio as a
 * percentage. The console's end-of-run table and the HTML report print the
 * same strings, so a number reads the same in both.
 */

const TO_MICROSECONDS: Record<string, number> = { us: 1, µs: 1, ms: 1000, s: 1_000_000 };
const BYTES = new Set(['B', 'bytes', 'byte']);

/** Up to two decimals, trailing zeros dropped: 140.36, 12.3, 200. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 0 : 2;
  return Number(value.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A duration in microseconds: 812µs, 12.34ms, 1.2s. */
export function formatMicros(micros: number): string {
  const abs = Math.abs(micros);
  if (abs < 1000) return `${shortNumber(micros)}µs`;
  if (abs < 1_000_000) return `${shortNumber(micros / 1000)}ms`;
  return `${shortNumber(micros / 1_000_000)}s`;
}

/** A size in bytes: 512 B, 1.5 KB, 23.1 MB (1024-based, as memory is read). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) (value /= 1024), i++;
  return `${shortNumber(value)} ${units[i]}`;
}

export function isDurationUnit(unit: string | undefined): boolean {
  return unit !== undefined && unit in TO_MICROSECONDS;
}

/** One value in its metric's unit, readable. */
export function formatMetricValue(value: number, unit: string | undefined): string {
  if (unit !== undefined && unit in TO_MICROSECONDS) return formatMicros(value * TO_MICROSECONDS[unit]!);
  if (unit !== undefined && BYTES.has(unit)) return formatBytes(value);
  if (unit === 'ratio') return `${shortNumber(value * 100)}%`;
  if (unit === undefined || unit === '' || unit === 'count') return shortNumber(value);
  return `${shortNumber(value)} ${unit}`;
}

/** A per-second rate of a counter in its unit: 199.8/s, 1.2 MB/s. */
export function formatPerSecond(value: number, unit: string | undefined): string {
  if (unit !== undefined && BYTES.has(unit)) return `${formatBytes(value)}/s`;
  if (unit === undefined || unit === '' || unit === 'count') return `${shortNumber(value)}/s`;
  return `${shortNumber(value)} ${unit}/s`;
}
