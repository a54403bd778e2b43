import { RobotError } from '../robot-error.ts';
import { parseTimeString } from '../time-string.ts';
import { str } from '../values.ts';

/**
 * BuiltIn's Get Time as Robot 7.3's robottime.get_time and parse_time do it:
 * `time_` is seconds since the epoch, a timestamp ('2006-02-24 15:08:31',
 * '20060224 150831'), NOW or UTC, optionally `+`/`-` a time string; `format`
 * holding 'epoch' gives seconds, holding year/month/day/hour/min/sec gives
 * those parts (one as a string, several as a list), else a timestamp.
 */
export function getTime(format: unknown, time: unknown): unknown {
  const seconds = parseTime(time);
  const f = str(format).toLowerCase();
  if (f.includes('epoch')) return seconds;
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const all: [number, string][] = [[d.getFullYear(), 'year'], [d.getMonth() + 1, 'month'], [d.getDate(), 'day'], [d.getHours(), 'hour'], [d.getMinutes(), 'min'], [d.getSeconds(), 'sec']];
  const parts = all.filter(([, name]) => f.includes(name)).map(([value]) => pad(value));
  if (parts.length === 0) return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return parts.length === 1 ? parts[0] : parts;
}

/** Robot's parse_time: whole seconds since the epoch, rounded down. */
function parseTime(time: unknown): number {
  const text = str(time);
  const epoch = Number(text.trim());
  if (text.trim() !== '' && !Number.isNaN(epoch)) {
    if (epoch < 0) throw new RobotError(`ValueError: Epoch time must be positive, got '${text}'.`);
    return Math.floor(epoch);
  }
  const stamp = /^(\d{4})[-_ T:.]?(\d{2})[-_ T:.]?(\d{2})(?:[-_ T:.]?(\d{2})[-_ T:.]?(\d{2})[-_ T:.]?(\d{2}))?$/.exec(text.trim());
  if (stamp) {
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = stamp;
    return Math.floor(new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)).getTime() / 1000);
  }
  const compact = text.replace(/ /g, '').toLowerCase();
  const base = compact.slice(0, 3);
  if (base === 'now' || base === 'utc') {
    const now = Date.now() / 1000 + (base === 'utc' ? new Date().getTimezoneOffset() * 60 : 0);
    const extra = compact.slice(3);
    if (extra === '') return Math.floor(now);
    if (extra[0] === '+' || extra[0] === '-') {
      const ms = parseTimeString(extra.slice(1));
      return Math.floor(now + ((extra[0] === '+' ? 1 : -1) * ms) / 1000);
    }
  }
  throw new RobotError(`ValueError: Invalid time format '${text}'.`);
}
