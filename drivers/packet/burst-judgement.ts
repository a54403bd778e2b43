/**
 * Whether a failed packet check measured the switch or the machine (issue
 * 13, item 8). The switch under test (OVS's userspace datapath, a Linux
 * bridge) runs in network namespaces on the machine that also runs the
 * injector, so a saturated machine drops or delays frames of a healthy
 * switch. A shortfall (fewer frames than expected, a rate below its
 * minimum, a port counter short) that the harness's own trouble explains
 * is inconclusive: the test is broken and the gate says ERROR naming the
 * cause, never FAIL. What load cannot cause stays the switch's failure
 * whatever the machine did: a wrong frame, a frame on the wrong port, an
 * extra frame, a rate above its maximum.
 */
import { machineSaturation } from '../shared/machine-cpu.ts';

/** What the harness measured of its own side of a burst, from the first send after clear() to the check. */
export interface HarnessSide {
  /** The injector's own send rate over the frames it sent (from their send timestamps); absent below two frames. */
  sendRate?: { pps: number; bps: number };
  /** The machine's CPU busy share over all cores (os.cpus() times). */
  machineCpu?: number;
}

/** A failed expectation that a harness which could not hold its side explains. */
export interface Shortfall {
  /** What arrived, for the message: 'on host-b (p2) 187 of 200 matching frames arrived'. */
  arrived: string;
  /** A rate below its minimum: an injector that itself sent slower than every one of these explains it. */
  minRates?: { unit: 'pps' | 'bps'; min: number }[];
}

const UNIT = { pps: 'packets/s', bps: 'bits/s' } as const;

/**
 * The reason a failed check is inconclusive ('inconclusive: the machine's
 * CPU ... was 97% busy during the burst; on host-b (p2) 187 of 200
 * matching frames arrived'), or undefined when it is the switch's failure:
 * some failure is not a shortfall (`failures` counts every failed
 * expectation, `shortfalls` those of them that are), or the harness held
 * its side for one of them. A busy machine explains any shortfall; an
 * injector sending below a minimum rate explains that rate's shortfall.
 */
export function judgeShortfalls(failures: number, shortfalls: readonly Shortfall[], side: HarnessSide): string | undefined {
  if (failures === 0 || shortfalls.length < failures) return undefined;
  const machine = side.machineCpu === undefined ? undefined : machineSaturation(side.machineCpu, 'the switch under test', 'during the burst');
  const causes = new Set<string>();
  for (const s of shortfalls) {
    const rates = s.minRates ?? [];
    const injector =
      side.sendRate && rates.length && rates.every((r) => side.sendRate![r.unit] < r.min)
        ? `the injector itself sent at ${rates.map((r) => `${side.sendRate![r.unit].toFixed(0)} ${UNIT[r.unit]}`).join(' and ')}, below the minimum ${rates.map((r) => `${r.min} ${UNIT[r.unit]}`).join(' and ')} the test expects`
        : undefined;
    if (!machine && !injector) return undefined;
    if (machine) causes.add(machine);
    if (injector) causes.add(injector);
  }
  return `inconclusive: ${[...causes].join('; ')}; ${shortfalls.map((s) => s.arrived).join('; ')}`;
}
