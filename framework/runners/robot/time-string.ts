import { RobotError } from './robot-error.ts';

/**
 * Robot's time strings: '1 minute 30 seconds', '1.5s', '100 ms', '2h',
 * '01:30', or a plain number of seconds. Returned in milliseconds.
 */

const UNITS: [RegExp, number][] = [
  [/^(d|days?)$/, 86_400_000],
  [/^(h|hours?)$/, 3_600_000],
  [/^(m|min|mins|minutes?)$/, 60_000],
  [/^(s|sec|secs|seconds?)$/, 1000],
  [/^(ms|millis|millisecond|milliseconds)$/, 1],
  [/^(us|microseconds?|μs)$/, 0.001],
];

export function parseTimeString(text: string): number {
  const raw = String(text).trim();
  const lower = raw.toLowerCase().replace(/\s+/g, ' ');
  if (/^[+-]?\d+(\.\d+)?$/.test(lower)) return Number(lower) * 1000;
  const clock = /^(-?)(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(lower);
  if (clock) return (clock[1] ? -1 : 1) * ((Number(clock[2] ?? 0) * 3600 + Number(clock[3]) * 60 + Number(clock[4])) * 1000);
  const negative = lower.startsWith('- ') || lower.startsWith('-');
  // Robot ignores spaces inside a time string as well: '1 S E C O N D' is one second.
  const compact = lower.replace(/^-\s*/, '').replace(/\s/g, '');
  const parts = [...compact.matchAll(/(\d+(?:\.\d+)?)([a-zμ]+)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== compact) throw new RobotError(`Invalid time string '${raw}'.`);
  let ms = 0;
  for (const [, value, unit] of parts) {
    const factor = UNITS.find(([re]) => re.test(unit));
    if (!factor) throw new RobotError(`Invalid time string '${raw}'.`);
    ms += Number(value) * factor[1];
  }
  return negative ? -ms : ms;
}

/** Robot's verbose form: '1 minute 30 seconds', '100 milliseconds', '1 second'. */
export function formatTime(ms: number): string {
  if (ms === 0) return '0 seconds';
  const parts: string[] = [];
  let rest = Math.round(Math.abs(ms));
  for (const [name, size] of [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000], ['millisecond', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return (ms < 0 ? '- ' : '') + parts.join(' ');
}
