import { judgeShortfalls } from './burst-judgement.ts';
import type { PortExpectation } from './check-captures.ts';
import { actionsOf, resolveExpectedFrame, type LoadedVector } from './load-vector.ts';
import type { PacketSession } from './packet-session.ts';
import type { PortCounters, SwitchControl } from './switch-control.ts';
import type { Action, Expectation, VectorTestCase } from './vector-format.ts';

export interface VectorCaseOutcome {
  ok: boolean;
  failures: string[];
  diff: string;
  /** Set when every failure is a shortfall the harness's own trouble explains (burst-judgement.ts): not the switch's failure. */
  inconclusive?: string;
}

/** Why a test case cannot run on this switch, or undefined when it can. */
export function unsupportedReason(loaded: LoadedVector, tc: VectorTestCase, control: SwitchControl): string | undefined {
  const kinds = tc.switches ?? loaded.vector.switches;
  if (kinds && !kinds.includes(control.kind)) return `this test case runs on ${kinds.join(', ')}, not on ${control.kind}`;
  const missing = [...(loaded.vector.requires ?? []), ...(tc.requires ?? [])].filter((c) => !control.capabilities.has(c));
  if (missing.length) return `${control.kind} lacks ${missing.join(', ')}, which this test case needs`;
  return undefined;
}

/**
 * Runs one test case of a vector: resets the switch, performs its action
 * groups (sequential groups in order, parallel ones at once), then waits for
 * and judges its expectations. Logical port names go through the vector's
 * port map to the topology's ports.
 */
export async function runVectorCase(loaded: LoadedVector, tc: VectorTestCase, control: SwitchControl, session: PacketSession): Promise<VectorCaseOutcome> {
  const port = (logical: string) => loaded.portMap[logical] ?? logical;
  const logical = new Map(Object.entries(loaded.portMap).map(([name, p]) => [p, name]));
  session.label = (p) => (logical.has(p) && logical.get(p) !== p ? `${logical.get(p)} (${p})` : p);
  await control.reset();
  session.clear();
  const counterChecks = tc.expect.filter((e): e is Extract<Expectation, { counter: string }> => 'counter' in e);
  const before = new Map<string, PortCounters>();
  for (const c of counterChecks) before.set(c.port, await control.counters(port(c.port)));

  const perform = async (action: Action): Promise<void> => {
    if ('send' in action) {
      const { frame, count, pauseMs } = action.send;
      const spec = typeof frame === 'string' ? loaded.vector.frames![frame] : frame;
      await session.send(port(action.send.port), spec, { count, pauseMs });
    } else if ('portDown' in action) await control.setPortState(port(action.portDown), false);
    else if ('portUp' in action) await control.setPortState(port(action.portUp), true);
    else if ('vlan' in action) await control.setVlan(port(action.vlan.port), action.vlan);
    else if ('fdb' in action) await control.addFdbEntry(action.fdb.mac, port(action.fdb.port), action.fdb.vlan);
    else if ('entries' in action) await control.writeEntries(action.entries);
    else if ('wait' in action) await new Promise((resolve) => setTimeout(resolve, action.wait));
  };
  for (const group of tc.actions) {
    if ('parallel' in group) await Promise.all(group.parallel.map(perform));
    else for (const { action } of actionsOf([group])) await perform(action);
  }

  const frames = loaded.vector.frames ?? {};
  const portExpectations: PortExpectation[] = [];
  for (const e of tc.expect) {
    if ('counter' in e) continue;
    if ('frames' in e) portExpectations.push({ ...e, port: port(e.port), frames: e.frames.map((f) => resolveExpectedFrame(f, frames)) });
    else if ('frame' in e) portExpectations.push({ ...e, port: port(e.port), frame: resolveExpectedFrame(e.frame, frames) });
    else portExpectations.push({ ...e, port: port(e.port) });
  }
  const result = await session.check(portExpectations, { timeout: tc.timeout });
  const failures = [...result.failures];
  const shortfalls = [...result.shortfalls];
  for (const c of counterChecks) {
    const delta = (await control.counters(port(c.port)))[c.counter] - before.get(c.port)![c.counter];
    if ((c.min !== undefined && delta < c.min) || (c.max !== undefined && delta > c.max)) {
      failures.push(`counter ${c.counter} of port ${c.port} changed by ${delta}; expected ${c.min !== undefined ? `at least ${c.min}` : ''}${c.min !== undefined && c.max !== undefined ? ' and ' : ''}${c.max !== undefined ? `at most ${c.max}` : ''}`);
      // A counter short of its minimum counts frames a starved machine can drop; one past its maximum is the switch's.
      if (c.min !== undefined && delta < c.min) shortfalls.push({ arrived: `counter ${c.counter} of port ${c.port} changed by ${delta} of at least ${c.min}` });
    }
  }
  const inconclusive = result.harness ? judgeShortfalls(failures.length, shortfalls, result.harness) : undefined;
  return { ok: failures.length === 0, failures, diff: result.diff, ...(inconclusive ? { inconclusive } : {}) };
}
