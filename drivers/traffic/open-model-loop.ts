import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import type { ArrivalSchedule } from './arrival-schedule.ts';
import type { LatencySummary } from './latency-histogram.ts';
import type { LoadRecorder } from './load-recorder.ts';

export interface LoopOptions {
  recorder: LoadRecorder;
  /** The most operations in flight; an arrival beyond it is dropped and counted (k6's dropped_iterations). */
  maxInFlight: number;
  /** How long to wait for operations in flight after the last arrival or a stop. */
  gracefulStopMs: number;
  /** Checked between arrivals; a reason ends the run early (a threshold with abortOnFail, the test's signal). */
  stopReason: () => string | undefined;
}

export interface LoopOutcome {
  /** Operations started. */
  started: number;
  /** Seconds from the first scheduled arrival to the last operation's end. */
  seconds: number;
  /** Set when the run ended before its schedule did. */
  stoppedBy?: string;
  /** Operations still in flight when the graceful stop ran out. */
  abandoned: number;
  /** Open model: arrivals started per second, from the schedule's start to the last start (or the schedule's end, if later). */
  sendRate?: number;
  /** Open model: how late operations started after their scheduled time, in µs (the generator's own lag). */
  sendLag?: LatencySummary;
}

/**
 * The open model (issue 5, item 1): operations start at the schedule's
 * arrival times whether or not earlier ones have finished, and each one's
 * latency is measured from when it should have started, as wrk2 does. A
 * server that stalls therefore shows the whole stall in the high
 * percentiles instead of hiding it behind a load generator that waited.
 */
export async function runOpenModel(schedule: ArrivalSchedule, op: (iteration: number, intendedStart: number) => Promise<void>, options: LoopOptions): Promise<LoopOutcome> {
  const { recorder } = options;
  const inFlight = new Set<Promise<void>>();
  recorder.gauges.inflight = () => inFlight.size;
  const start = performance.now();
  let lastStart = start;
  let n = 0;
  let stoppedBy: string | undefined;
  for (;;) {
    stoppedBy = options.stopReason();
    if (stoppedBy) break;
    const due = schedule.timeOf(n);
    if (due === undefined) break;
    const intended = start + due * 1000;
    const wait = intended - performance.now();
    // Timers fire a millisecond or more late: sleep until shortly before, then yield on the event loop until due.
    if (wait > 2) await sleep(wait - 1.5);
    else if (wait > 0) await immediate();
    if (performance.now() < intended) continue;
    // Everything due by now starts now, so a late wake-up never lowers the rate.
    lastStart = performance.now();
    recorder.generator.sendLag((lastStart - intended) * 1000);
    if (inFlight.size >= options.maxInFlight) recorder.drop();
    else {
      const running: Promise<void> = op(n, intended).catch(() => {}).finally(() => inFlight.delete(running));
      inFlight.add(running);
    }
    n++;
  }
  const abandoned = await drain(inFlight, options.gracefulStopMs);
  const started = n - recorder.dropped;
  const span = Math.max(stoppedBy ? 0 : schedule.duration, (lastStart - start) / 1000);
  return { started, seconds: (performance.now() - start) / 1000, stoppedBy, abandoned, sendRate: span > 0 ? n / span : 0, sendLag: recorder.generator.sendLagSummary() };
}

/** Waits for what is in flight, at most `ms`; returns how many were still running. */
export async function drain(inFlight: Set<Promise<void>>, ms: number): Promise<number> {
  if (!inFlight.size) return 0;
  const timer = new AbortController();
  await Promise.race([Promise.allSettled([...inFlight]), sleep(ms, undefined, { signal: timer.signal }).catch(() => {})]);
  timer.abort();
  return inFlight.size;
}
