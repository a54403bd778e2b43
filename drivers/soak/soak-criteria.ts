/**
 * Drift and leak criteria over a soak's windows (issue 6, item 5): the SUT's
 * memory slope by least squares, the error rate (overall, and its trend),
 * and latency creep (late windows against early ones, one-sided
 * Mann-Whitney U). Each criterion also says whether it can still pass, so
 * a soak can stop early once one cannot (abortOnFail).
 */
import { mannWhitneyU, median } from 'tollgate/performance';

/** What one window measured. Times in ms since the soak began; latency in µs. */
export interface SoakWindow {
  index: number;
  start: number;
  end: number;
  requests: number;
  errors: number;
  /** The window's latency percentile the creep criterion compares (from its HDR histogram). */
  p50: number;
  p99: number;
  /** The SUT's process_resident_memory_bytes scraped at the window's end; undefined when the scrape failed. */
  memory?: number;
  probeFailures: number;
  /** Why a failed probe failed (its error's first line), when it did. */
  probeError?: string;
}

export interface SoakCriteria {
  /** The SUT's memory may grow at most this fast, e.g. '1MB/h' (binary units: KB, MB, GB = 1024^n bytes). */
  memorySlope?: string;
  /** The most failed requests (and probes) of all, as a ratio, e.g. 0.01. */
  errorRate?: number;
  /** Late windows' p50 may not exceed early windows' by more than this, e.g. '100%', when Mann-Whitney U says p < alpha (0.05). */
  latencyCreep?: { maxIncrease: string; alpha?: number };
}

export interface CriterionResult {
  criterion: 'memory.slope' | 'error.rate' | 'latency.creep';
  /** True when the criterion held; never true when it measured nothing. */
  ok: boolean;
  /** False when it measured nothing to judge (no memory scraped, no request made): the gate's policy decides, never a pass. */
  judged: boolean;
  /** False once more windows cannot make it pass (abortOnFail stops the soak). */
  canStillPass: boolean;
  measured: string;
  limit: string;
  message: string;
}

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** '1MB/h' → bytes per hour. */
export function parseMemorySlope(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)\s*\/\s*h\s*$/i.exec(text);
  if (!match) throw new Error(`soak criteria.memorySlope: expected a rate like '1MB/h' or '2GB/h', got ${JSON.stringify(text)}`);
  return Number(match[1]) * UNITS[match[2]!.toUpperCase()]!;
}

export function formatBytesPerHour(bytes: number): string {
  const abs = Math.abs(bytes);
  const [unit, size] = abs >= UNITS.GB! ? ['GB', UNITS.GB!] : abs >= UNITS.MB! ? ['MB', UNITS.MB!] : abs >= UNITS.KB! ? ['KB', UNITS.KB!] : ['B', 1];
  return `${Math.round((bytes / size) * 100) / 100} ${unit}/h`;
}

/** Least-squares slope of y over x; 0 with fewer than two distinct x. */
export function linearSlope(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return 0;
  const mx = xs.slice(0, n).reduce((a, b) => a + b, 0) / n;
  const my = ys.slice(0, n).reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx ? sxy / sxx : 0;
}

/**
 * Judges the windows so far. `plannedWindows` tells the error-rate
 * criterion how many requests are still to come; `final` marks the end of
 * the soak (trend criteria only judge then or, for abortOnFail, once
 * `minWindows` windows are in).
 */
export function evaluateCriteria(
  criteria: SoakCriteria,
  windows: readonly SoakWindow[],
  options: { final: boolean; plannedWindows: number; minWindows: number; /** Why the SUT's memory could not be read (the last failed scrape). */ memoryProblem?: string },
): CriterionResult[] {
  const results: CriterionResult[] = [];
  const enough = windows.length >= options.minWindows;
  if (criteria.memorySlope !== undefined) {
    const limit = parseMemorySlope(criteria.memorySlope);
    // The first window warms the SUT up (JIT, pools, caches): its memory is not drift.
    const points = windows.slice(1).filter((w) => w.memory !== undefined);
    const slope = linearSlope(points.map((w) => w.end / 3_600_000), points.map((w) => w.memory!));
    const judged = points.length >= 3;
    // Too few samples measured nothing: not a pass (issue 13, item 7), though more windows may still bring them.
    const ok = judged && slope < limit;
    results.push({
      criterion: 'memory.slope',
      ok,
      judged,
      canStillPass: ok || !judged || !enough,
      measured: judged ? formatBytesPerHour(slope) : `not judged (${points.length} memory sample(s))`,
      limit: `< ${criteria.memorySlope}`,
      message: judged
        ? `memory.slope = ${formatBytesPerHour(slope)} over ${points.length} windows (process_resident_memory_bytes), limit < ${criteria.memorySlope}: ${ok ? 'held' : 'crossed'}`
        : `memory.slope: not judged: only ${points.length} memory sample(s) after the first window; 3 are needed for a slope${options.memoryProblem ? ` (${options.memoryProblem})` : ''}`,
    });
  }
  if (criteria.errorRate !== undefined) {
    const requests = windows.reduce((a, w) => a + w.requests, 0);
    const errors = windows.reduce((a, w) => a + w.errors + w.probeFailures, 0);
    const rate = requests ? errors / requests : 0;
    // The most requests the whole soak can make, at this pace: if even they cannot dilute the errors, it has failed.
    const expectedTotal = windows.length ? (requests / windows.length) * Math.max(options.plannedWindows, windows.length) : 0;
    const trend = linearSlope(windows.map((w) => w.end / 3_600_000), windows.map((w) => (w.requests ? w.errors / w.requests : 0)));
    // No request answered measured nothing: a rate of 0 of 0 is not a pass.
    const judged = requests > 0;
    const ok = judged && rate < criteria.errorRate;
    results.push({
      criterion: 'error.rate',
      ok,
      judged,
      canStillPass: ok || !judged || (expectedTotal > 0 && errors / expectedTotal < criteria.errorRate),
      measured: judged ? `${round(rate, 5)} (${errors} of ${requests}; trend ${round(trend, 5)}/h)` : 'not judged (no request answered)',
      limit: `< ${criteria.errorRate}`,
      message: judged
        ? `error.rate = ${round(rate, 5)} (${errors} failed of ${requests}, trend ${round(trend, 5)} per hour), limit < ${criteria.errorRate}: ${ok ? 'held' : 'crossed'}`
        : `error.rate: not judged: the load got no answer to count (${errors} probe failure(s))`,
    });
  }
  if (criteria.latencyCreep) {
    const maxIncrease = parsePercentText(criteria.latencyCreep.maxIncrease);
    const alpha = criteria.latencyCreep.alpha ?? 0.05;
    const third = Math.floor((windows.length - 1) / 3);
    const early = windows.slice(1, 1 + third).map((w) => w.p50);
    const late = windows.slice(windows.length - third).map((w) => w.p50);
    if (third < 3) {
      // A soak too short for a trend is short by design (a CI soak): said so, and not held against it.
      results.push({ criterion: 'latency.creep', ok: true, judged: true, canStillPass: true, measured: `${windows.length} window(s)`, limit: `late p50 <= early p50 +${criteria.latencyCreep.maxIncrease}`, message: `latency.creep: ${windows.length} window(s) are too few (3 early and 3 late ones after the first are needed); not judged` });
    } else {
      const p = mannWhitneyU(late, early).pGreater;
      const before = median(early);
      const after = median(late);
      const change = before ? (after - before) / before : 0;
      const ok = !(p < alpha && change > maxIncrease);
      results.push({
        criterion: 'latency.creep',
        ok,
        judged: true,
        canStillPass: ok || !enough || !options.final,
        measured: `p50 ${Math.round(before)} µs → ${Math.round(after)} µs (${change >= 0 ? '+' : ''}${round(change * 100, 1)}%, p = ${round(p, 4)})`,
        limit: `not above +${criteria.latencyCreep.maxIncrease} with p < ${alpha}`,
        message: `latency.creep: late windows' p50 ${Math.round(after)} µs against early ${Math.round(before)} µs (${round(change * 100, 1)}%, p = ${round(p, 4)}), limit +${criteria.latencyCreep.maxIncrease} at p < ${alpha}: ${ok ? 'held' : 'crossed'}`,
      });
    }
  }
  return results;
}

function parsePercentText(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(text);
  if (!match) throw new Error(`soak criteria.latencyCreep.maxIncrease: expected a percentage like '50%', got ${JSON.stringify(text)}`);
  return Number(match[1]) / 100;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
