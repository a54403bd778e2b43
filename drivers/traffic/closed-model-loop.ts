import { setTimeout as sleep } from 'node:timers/promises';
import type { VuSchedule } from './arrival-schedule.ts';
import type { LoadRecorder } from './load-recorder.ts';
import { drain, type LoopOptions, type LoopOutcome } from './open-model-loop.ts';

/**
 * The closed model: virtual users, each starting its next operation when
 * its last one ended; their number follows the schedule's stages. What it
 * measures is the system's throughput at that concurrency; its latencies
 * are not corrected for coordinated omission (a stalled server slows the
 * users down too), so use an arrival-rate executor for latency targets.
 */
export async function runClosedModel(schedule: VuSchedule, op: (iteration: number, start: number) => Promise<void>, options: Omit<LoopOptions, 'maxInFlight'>): Promise<LoopOutcome> {
  const { recorder } = options;
  const start = performance.now();
  const end = start + schedule.duration * 1000;
  const users = new Set<Promise<void>>();
  let active = 0;
  let n = 0;
  let stoppedBy: string | undefined;
  recorder.gauges.vus = () => active;
  const stopped = () => (stoppedBy ??= options.stopReason()) !== undefined || performance.now() >= end;

  const user = async (index: number) => {
    active++;
    try {
      while (!stopped() && index < schedule.vusAt((performance.now() - start) / 1000)) {
        const began = performance.now();
        await op(n++, began).catch(() => {});
      }
    } finally {
      active--;
    }
  };

  // Every 50 ms, start the users the schedule wants and has not got; users above the target leave on their own.
  const running = new Set<number>();
  while (!stopped()) {
    const wanted = schedule.vusAt((performance.now() - start) / 1000);
    for (let index = 0; index < wanted; index++) {
      if (running.has(index)) continue;
      running.add(index);
      const promise: Promise<void> = user(index).finally(() => {
        running.delete(index);
        users.delete(promise);
      });
      users.add(promise);
    }
    await sleep(Math.min(50, Math.max(1, end - performance.now())));
  }
  const abandoned = await drain(users, options.gracefulStopMs);
  return { started: n, seconds: (performance.now() - start) / 1000, stoppedBy, abandoned };
}
