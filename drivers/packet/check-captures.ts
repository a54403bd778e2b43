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
}

export interface CapturedFrame extends TimedFrame {
  decoded: DecodedFrame;
}

/**
 * Judges what was captured against the expectations. Pure: the waiting is
 * done before. For an expected frame that did not arrive it shows the
 * closest frame that did (on that port, or failing that on any other), so
 * a frame that left on the wrong port or with the wrong VLAN tag is shown
 * field by field.
 */
export function checkCaptures(expectations: readonly PortExpectation[], captured: ReadonlyMap<string, CapturedFrame[]>, label: (port: string) => string = (p) => p): CheckResult {
  const failures: string[] = [];
  const diffs: string[] = [];
  const fail = (line: string, diff?: string) => {
    failures.push(line);
    diffs.push(diff ? `${line}\n${diff}` : line);
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
        fail(`port ${name}: expected ${range} matching frames, received ${matching.length} (of ${frames.length})`, close ? `  closest frame received on ${name}:\n${formatFieldDiff(close)}` : undefined);
      }
      if (e.rate) {
        const problem = rateProblem(matching, e.rate);
        if (problem) fail(`port ${name}: ${problem}`);
      }
    }
  }
  return { ok: failures.length === 0, failures, diff: diffs.join('\n\n') };
}

export function rateOf(frames: readonly TimedFrame[]): { pps: number; bps: number } {
  if (frames.length < 2) return { pps: 0, bps: 0 };
  const seconds = (frames[frames.length - 1].time - frames[0].time) / 1000;
  const bits = frames.slice(1).reduce((sum, f) => sum + f.bytes.length * 8, 0);
  return seconds > 0 ? { pps: (frames.length - 1) / seconds, bps: bits / seconds } : { pps: Infinity, bps: Infinity };
}

function rateProblem(frames: readonly TimedFrame[], limits: RateLimits): string | undefined {
  const { pps, bps } = rateOf(frames);
  const out: string[] = [];
  if (limits.minPps !== undefined && pps < limits.minPps) out.push(`${pps.toFixed(0)} packets/s is below the minimum ${limits.minPps}`);
  if (limits.maxPps !== undefined && pps > limits.maxPps) out.push(`${pps.toFixed(0)} packets/s is above the maximum ${limits.maxPps}`);
  if (limits.minBps !== undefined && bps < limits.minBps) out.push(`${bps.toFixed(0)} bits/s is below the minimum ${limits.minBps}`);
  if (limits.maxBps !== undefined && bps > limits.maxBps) out.push(`${bps.toFixed(0)} bits/s is above the maximum ${limits.maxBps}`);
  return out.length ? `rate: ${out.join('; ')}` : undefined;
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
