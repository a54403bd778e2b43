import { judgeShortfalls, type HarnessSide, type Shortfall } from './burst-judgement.ts';
import { decodeFrame } from './decode-frame.ts';
import { describeFrame } from './encode-frame.ts';
import type { TimedFrame } from './frame-batch.ts';
import type { DecodedFrame } from './frame-spec.ts';
import { formatFieldDiff, matchFrame, type FieldResult, type FrameExpectation } from './match-frame.ts';
import type { RateLimits } from './vector-format.ts';

/** An expectation on one port, with its frames already resolved to field expectations. */
export type PortExpectation =
  | { port: string; frames: FrameExpectation[]; ordered?: boolean; allowExtra?: boolean }
  | { port: string; none: true; within?: number }
  | { port: string; frame: FrameExpectation; count: number | { min?: number; max?: number }; rate?: RateLimits };

export interface CheckResult {
  ok: boolean;
  /** One line per failed expectation. */
  failures: string[];
  /** The field-by-field diffs of expected against received frames. */
  diff: string;
  /** The failures a harness that could not hold its side explains (fewer frames, a rate below its minimum). */
  shortfalls: Shortfall[];
  /** What the harness measured of its own side, when it did. */
  harness?: HarnessSide;
  /** Set when every failure is a shortfall the harness's trouble explains: the check measured the machine, not the switch. */
  inconclusive?: string;
}

export interface CapturedFrame extends TimedFrame {
  decoded: DecodedFrame;
}

/**
 * Judges what was captured against the expectations. Pure: the waiting is
 * done before. For an expected frame that did not arrive it shows the
 * closest frame that did (on that port, or failing that on any other), so
 * a frame that left on the wrong port or with the wrong VLAN tag is shown
 * field by field. `harness` is what the session measured of its own side
 * (injector rate, machine CPU): a count or rate that fell short while the
 * harness could not hold its side makes the result `inconclusive`
 * (burst-judgement.ts).
 */
export function checkCaptures(
  expectations: readonly PortExpectation[],
  captured: ReadonlyMap<string, CapturedFrame[]>,
  label: (port: string) => string = (p) => p,
  harness?: HarnessSide,
): CheckResult {
  const failures: string[] = [];
  const diffs: string[] = [];
  const shortfalls: Shortfall[] = [];
  const fail = (line: string, diff?: string, shortfall?: Shortfall) => {
    failures.push(line);
    diffs.push(diff ? `${line}\n${diff}` : line);
    if (shortfall) shortfalls.push(shortfall);
  };
  for (const e of expectations) {
    const frames = captured.get(e.port) ?? [];
    const name = label(e.port);
    if ('none' in e) {
      if (frames.length) fail(`port ${name}: expected no frame, received ${frames.length}: ${frames.slice(0, 3).map((f) => describeFrame(f.decoded)).join('; ')}`);
    } else if ('frames' in e) {
      const used = new Set<number>();
      e.frames.forEach((want, i) => {
        if (e.ordered) {
          const got = frames[i];
          const result = got ? matchFrame(want, got.decoded, got.bytes) : undefined;
          if (result?.ok) used.add(i);
          else fail(`port ${name}: frame ${i + 1} of ${e.frames.length} (in order) ${got ? 'differs' : 'did not arrive'}`, got ? formatFieldDiff(result!.fields) : closestElsewhere(want, captured, e.port, label));
          return;
        }
        const k = frames.findIndex((f, j) => !used.has(j) && matchFrame(want, f.decoded, f.bytes).ok);
        if (k >= 0) {
          used.add(k);
          return;
        }
        const close = closest(want, frames.filter((_, j) => !used.has(j)));
        fail(
          `port ${name}: expected frame ${i + 1} of ${e.frames.length} did not arrive (${frames.length} frame${frames.length === 1 ? '' : 's'} received there)`,
          close ? `  closest frame received on ${name}:\n${formatFieldDiff(close)}` : closestElsewhere(want, captured, e.port, label),
        );
      });
      const extra = frames.filter((_, j) => !used.has(j));
      if (!e.allowExtra && extra.length && failures.length === 0) {
        fail(`port ${name}: ${extra.length} unexpected frame${extra.length === 1 ? '' : 's'}: ${extra.slice(0, 3).map((f) => describeFrame(f.decoded)).join('; ')}`);
      }
    } else {
      const matching = frames.filter((f) => matchFrame(e.frame, f.decoded, f.bytes).ok);
      const { min, max } = typeof e.count === 'number' ? { min: e.count, max: e.count } : e.count;
      if ((min !== undefined && matching.length < min) || (max !== undefined && matching.length > max)) {
        const range = min === max ? `${min}` : `${min ?? 0} to ${max ?? '∞'}`;
        const close = matching.length === 0 ? closest(e.frame, frames) : undefined;
        // Too few is a shortfall load can cause, unless only wrong frames arrived (close): that is the switch's.
        const short = min !== undefined && matching.length < min && !close ? { arrived: `on ${name} ${matching.length} of ${min} frames arrived` } : undefined;
        fail(`port ${name}: expected ${range} matching frames, received ${matching.length} (of ${frames.length})`, close ? `  closest frame received on ${name}:\n${formatFieldDiff(close)}` : undefined, short);
      }
      if (e.rate) {
        const { below, above } = rateProblems(matching, e.rate);
        if (below.length) fail(`port ${name}: rate: ${below.map((b) => b.text).join('; ')}`, undefined, { arrived: `on ${name} ${below.map((b) => b.text).join('; ')}`, minRates: below });
        if (above.length) fail(`port ${name}: rate: ${above.join('; ')}`);
      }
    }
  }
  const result: CheckResult = { ok: failures.length === 0, failures, diff: diffs.join('\n\n'), shortfalls, ...(harness ? { harness } : {}) };
  const inconclusive = harness ? judgeShortfalls(failures.length, shortfalls, harness) : undefined;
  return inconclusive ? { ...result, inconclusive } : result;
}

export function rateOf(frames: readonly { time: number; bytes: { length: number } }[]): { pps: number; bps: number } {
  if (frames.length < 2) return { pps: 0, bps: 0 };
  const seconds = (frames[frames.length - 1].time - frames[0].time) / 1000;
  const bits = frames.slice(1).reduce((sum, f) => sum + f.bytes.length * 8, 0);
  return seconds > 0 ? { pps: (frames.length - 1) / seconds, bps: bits / seconds } : { pps: Infinity, bps: Infinity };
}

/** A rate below its minimum (a shortfall load can cause) apart from one above its maximum (the switch's). */
function rateProblems(frames: readonly TimedFrame[], limits: RateLimits): { below: { unit: 'pps' | 'bps'; min: number; text: string }[]; above: string[] } {
  const { pps, bps } = rateOf(frames);
  const below: { unit: 'pps' | 'bps'; min: number; text: string }[] = [];
  const above: string[] = [];
  if (limits.minPps !== undefined && pps < limits.minPps) below.push({ unit: 'pps', min: limits.minPps, text: `${pps.toFixed(0)} packets/s is below the minimum ${limits.minPps}` });
  if (limits.maxPps !== undefined && pps > limits.maxPps) above.push(`${pps.toFixed(0)} packets/s is above the maximum ${limits.maxPps}`);
  if (limits.minBps !== undefined && bps < limits.minBps) below.push({ unit: 'bps', min: limits.minBps, text: `${bps.toFixed(0)} bits/s is below the minimum ${limits.minBps}` });
  if (limits.maxBps !== undefined && bps > limits.maxBps) above.push(`${bps.toFixed(0)} bits/s is above the maximum ${limits.maxBps}`);
  return { below, above };
}

function closest(want: FrameExpectation, frames: readonly CapturedFrame[]): FieldResult[] | undefined {
  let best: FieldResult[] | undefined;
  let bestBad = Infinity;
  for (const f of frames) {
    const { fields } = matchFrame(want, f.decoded, f.bytes);
    const bad = fields.filter((x) => !x.ok).length;
    if (bad < bestBad) {
      best = fields;
      bestBad = bad;
    }
  }
  return best;
}

function closestElsewhere(want: FrameExpectation, captured: ReadonlyMap<string, CapturedFrame[]>, port: string, label: (p: string) => string): string {
  let best: { port: string; fields: FieldResult[]; bad: number } | undefined;
  for (const [other, frames] of captured) {
    if (other === port) continue;
    const fields = closest(want, frames);
    const bad = fields?.filter((x) => !x.ok).length ?? Infinity;
    if (fields && (!best || bad < best.bad)) best = { port: other, fields, bad };
  }
  if (!best) return '  no frame was received on any port';
  return `  nothing on ${label(port)}; the closest frame was received on ${label(best.port)}:\n${formatFieldDiff(best.fields)}`;
}

export function decodeCaptured(frames: readonly TimedFrame[]): CapturedFrame[] {
  return frames.map((f) => ({ ...f, decoded: decodeFrame(f.bytes) }));
}
