import { parseDuration } from 'tollgate/performance';

/**
 * Scenario shapes, as k6's executors (issue 5, item 1):
 *
 *   { executor: 'constant-arrival-rate', rate: 200, duration: '5s' }                  open model
 *   { executor: 'ramping-arrival-rate', startRate: 0, stages: [
 *       { target: 200, duration: '2s' }, { target: 200, duration: '5s' }, { target: 0, duration: '1s' } ] }
 *   { executor: 'constant-vus', vus: 10, duration: '5s' }                              closed model
 *   { executor: 'ramping-vus', startVUs: 0, stages: [{ target: 10, duration: '2s' }, ...] }
 *
 * Rates are per second (or per `timeUnit`); durations are '5s', '500ms' or milliseconds.
 */
export interface Stage {
  target: number;
  duration: string | number;
}

export type Executor =
  | { executor: 'constant-arrival-rate'; rate: number; timeUnit?: string | number; duration: string | number }
  | { executor: 'ramping-arrival-rate'; startRate?: number; timeUnit?: string | number; stages: Stage[] }
  | { executor: 'constant-vus'; vus: number; duration: string | number }
  | { executor: 'ramping-vus'; startVUs?: number; stages: Stage[] };

export type OpenExecutor = Extract<Executor, { executor: 'constant-arrival-rate' | 'ramping-arrival-rate' }>;
export type ClosedExecutor = Extract<Executor, { executor: 'constant-vus' | 'ramping-vus' }>;

export function isOpen(executor: Executor): executor is OpenExecutor {
  return executor.executor === 'constant-arrival-rate' || executor.executor === 'ramping-arrival-rate';
}

/** A piece of a piecewise-linear shape: from `from` to `to` over [start, start + duration) seconds. */
interface Segment {
  start: number;
  duration: number;
  from: number;
  to: number;
}

function segmentsOf(start: number, stages: Stage[], where: string): Segment[] {
  if (!Array.isArray(stages) || !stages.length) throw new Error(`${where}: stages must be a non-empty array of { target, duration }`);
  const segments: Segment[] = [];
  let at = 0;
  let from = start;
  stages.forEach((stage, i) => {
    if (!(stage.target >= 0)) throw new Error(`${where}: stages[${i}].target must be a number >= 0, got ${JSON.stringify(stage.target)}`);
    const duration = parseDuration(stage.duration, `${where}: stages[${i}].duration`) / 1000;
    segments.push({ start: at, duration, from, to: stage.target });
    at += duration;
    from = stage.target;
  });
  return segments;
}

/**
 * When each request of an open-model run should start. The rate is
 * piecewise linear, so the n-th arrival is where the integral of the rate
 * reaches n: exact for constant rates and for ramps alike, so the achieved
 * rate does not drift over a long run.
 */
export class ArrivalSchedule {
  private readonly segments: Segment[];
  readonly duration: number;
  private cursor = 0;
  private countBefore = 0;

  constructor(executor: OpenExecutor) {
    const unit = parseDuration(executor.timeUnit ?? '1s', `${executor.executor} timeUnit`) / 1000;
    if (executor.executor === 'constant-arrival-rate') {
      if (!(executor.rate > 0)) throw new Error(`constant-arrival-rate: rate must be > 0, got ${JSON.stringify(executor.rate)}`);
      const duration = parseDuration(executor.duration, 'constant-arrival-rate duration') / 1000;
      this.segments = [{ start: 0, duration, from: executor.rate / unit, to: executor.rate / unit }];
    } else {
      this.segments = segmentsOf((executor.startRate ?? 0) / unit, executor.stages.map((s) => ({ ...s, target: s.target / unit })), 'ramping-arrival-rate');
    }
    const last = this.segments[this.segments.length - 1]!;
    this.duration = last.start + last.duration;
  }

  /** The rate (per second) at `t` seconds. */
  rateAt(t: number): number {
    const s = this.segments.find((seg) => t < seg.start + seg.duration) ?? this.segments[this.segments.length - 1]!;
    return s.from + ((s.to - s.from) * Math.min(Math.max(t - s.start, 0), s.duration)) / (s.duration || 1);
  }

  /** Seconds from the start at which arrival n (0-based) is due, or undefined after the end. Call with increasing n. */
  timeOf(n: number): number | undefined {
    // Arrival n happens when the integral of the rate reaches n + 0.5: the first request starts half a gap in, not at t=0 with a burst.
    const wanted = n + 0.5;
    while (this.cursor < this.segments.length) {
      const s = this.segments[this.cursor]!;
      const inSegment = ((s.from + s.to) / 2) * s.duration;
      if (wanted <= this.countBefore + inSegment) {
        const k = wanted - this.countBefore;
        const slope = s.duration ? (s.to - s.from) / s.duration : 0;
        // Solve from*t + slope*t²/2 = k for t in [0, duration].
        const t = Math.abs(slope) < 1e-12 ? k / s.from : (-s.from + Math.sqrt(Math.max(0, s.from * s.from + 2 * slope * k))) / slope;
        return s.start + Math.min(Math.max(t, 0), s.duration);
      }
      this.countBefore += inSegment;
      this.cursor++;
    }
    return undefined;
  }

  /** How many arrivals the whole schedule holds. */
  get expected(): number {
    return Math.floor(this.segments.reduce((acc, s) => acc + ((s.from + s.to) / 2) * s.duration, 0) + 0.5);
  }
}

/** How many virtual users a closed-model run wants at `t` seconds, and for how long it runs. */
export class VuSchedule {
  private readonly segments: Segment[];
  readonly duration: number;
  readonly maxVus: number;

  constructor(executor: ClosedExecutor) {
    if (executor.executor === 'constant-vus') {
      if (!(executor.vus >= 1)) throw new Error(`constant-vus: vus must be >= 1, got ${JSON.stringify(executor.vus)}`);
      this.segments = [{ start: 0, duration: parseDuration(executor.duration, 'constant-vus duration') / 1000, from: executor.vus, to: executor.vus }];
    } else {
      this.segments = segmentsOf(executor.startVUs ?? 0, executor.stages, 'ramping-vus');
    }
    const last = this.segments[this.segments.length - 1]!;
    this.duration = last.start + last.duration;
    this.maxVus = Math.max(...this.segments.flatMap((s) => [s.from, s.to]));
  }

  vusAt(t: number): number {
    const s = this.segments.find((seg) => t < seg.start + seg.duration);
    if (!s) return 0;
    return Math.round(s.from + ((s.to - s.from) * (t - s.start)) / (s.duration || 1));
  }
}
