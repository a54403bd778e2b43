/**
 * The machine's CPU busy share, from os.cpus() times, for drivers that
 * judge their own measurement (issue 13, item 8): a load generator or a
 * packet injector sharing the machine with the system under test (the
 * embedded POD, a switch in network namespaces) cannot tell a slow system
 * from a starved machine without it. One place, so that the traffic and
 * packet drivers call the same machine "saturated".
 *
 *   const from = machineCpuMark();
 *   ... the measurement ...
 *   const problem = machineSaturation(machineBusyShare(from, machineCpuMark()), 'the switch under test', 'during the burst');
 */
import os from 'node:os';

/** A machine this busy (share of all cores) has no CPU to spare for the system under test. */
export const SATURATED_MACHINE = 0.9;

/** Busy and total CPU time over all cores since boot, ms. */
export interface MachineCpuMark {
  busy: number;
  total: number;
}

export function machineCpuMark(): MachineCpuMark {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

/** The share of all cores that was busy between two marks (0 when no time passed). */
export function machineBusyShare(from: MachineCpuMark | undefined, to: MachineCpuMark | undefined): number {
  const busy = (to?.busy ?? 0) - (from?.busy ?? 0);
  const total = (to?.total ?? 0) - (from?.total ?? 0);
  return total > 0 ? busy / total : 0;
}

/** The least CPU time over all cores between two marks, ms, that says how busy the machine was: os.cpus() counts in 10 ms ticks. */
const MIN_SAMPLE_MS = 100;

/** The busy share between two marks, or undefined when too little time passed for os.cpus()' ticks to tell. */
export function measuredBusyShare(from: MachineCpuMark, to: MachineCpuMark): number | undefined {
  return to.total - from.total >= MIN_SAMPLE_MS ? machineBusyShare(from, to) : undefined;
}

/** Why a machine this busy cannot be trusted with the measurement, or undefined when it had CPU to spare. */
export function machineSaturation(share: number, sharedWith: string, over: string): string | undefined {
  if (share < SATURATED_MACHINE) return undefined;
  return `the machine's CPU, shared with ${sharedWith}, was ${percent(share)} busy ${over}`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
