import { basename } from 'node:path';
import { HarnessMeasurementError, skipMissingCapability, test as base, type TestInfo } from 'tollgate';
import { ovsSupport, packetSupport } from './capability.ts';
import { loadVectorFile } from './load-vector.ts';
import { runVectorCase, unsupportedReason } from './run-vector-case.ts';
import { SwitchLab, type LabSwitch, type TopologyFactory } from './switch-lab.ts';
import type { PacketSession } from './packet-session.ts';

/**
 * The packet driver as fixtures: `switchLab` (worker scope) builds
 * topologies on first use and tears them down with the worker; `packet`
 * is not a fixture but `(await switchLab.get(kind)).session`, because a
 * test chooses its switch.
 *
 *   const test = createPacketTest(createSwitchTopology);
 *   test('flood', async ({ switchLab }) => {
 *     const { session: packet } = await useSwitch(switchLab, 'linux-bridge');
 *     await packet.send('p1', frame);
 *     await packet.expect({ port: 'p2', frames: [expectationOf(frame)] });
 *   });
 */
export function createPacketTest(factory: TopologyFactory) {
  return base.extend<{}, { switchLab: SwitchLab }>({
    switchLab: [
      async ({}, use) => {
        const lab = new SwitchLab(factory);
        try {
          await use(lab);
        } finally {
          await lab.close();
        }
      },
      { scope: 'worker' },
    ],
  });
}

/**
 * A switch of the lab for the running test, or the test is skipped with the
 * reason when this machine cannot build it (no root or CAP_NET_ADMIN, no
 * Open vSwitch), marked as a missing capability so that the gate's policy
 * judges the lost coverage.
 */
export async function useSwitch(lab: SwitchLab, kind: string, info: TestInfo = base.info()): Promise<LabSwitch> {
  const support = packetSupport();
  if (!support.ok) skipMissingCapability(info, support.reason);
  if (kind === 'ovs') {
    const ovs = ovsSupport();
    if (!ovs.ok) skipMissingCapability(info, ovs.reason);
  }
  return lab.get(kind);
}

/** Attaches the frames sent and captured as pcap files. */
export async function attachCaptures(session: PacketSession, info: TestInfo = base.info()): Promise<void> {
  for (const pcap of session.pcaps()) await info.attach(pcap.name, { body: pcap.body, contentType: 'application/vnd.tcpdump.pcap' });
}

type PacketTest = ReturnType<typeof createPacketTest>;

/**
 * Declares one test per (switch, vector file, test case): the vectors run
 * as a suite of native tests. A file that does not load becomes a failing
 * test whose error lists every problem with file:line:column. A failing
 * case fails with the field-by-field diff, and its captures are attached
 * as pcap files. A case whose check was inconclusive (burst-judgement.ts)
 * runs once more, with an `inconclusive` annotation saying why; inconclusive
 * again, it ends as the harness's error (the run's ERROR), never FAIL.
 */
export function declareVectorTests(test: PacketTest, files: readonly string[], options: { switches?: string[]; rootDir?: string } = {}): void {
  for (const kind of options.switches ?? ['linux-bridge', 'ovs']) {
    test.describe(kind, () => {
      for (const file of files) {
        let loaded: ReturnType<typeof loadVectorFile>;
        try {
          loaded = loadVectorFile(file, options.rootDir);
        } catch (error) {
          test(`${basename(file)} loads`, () => {
            throw error;
          });
          continue;
        }
        const vector = loaded.vector;
        test.describe(vector.name, () => {
          for (const tc of vector.testCases) {
            test(tc.name, async ({ switchLab }, info) => {
              const { topology, session } = await useSwitch(switchLab, kind, info);
              const reason = unsupportedReason(loaded, tc, topology.control);
              if (reason) info.skip(true, reason);
              let outcome = await runVectorCase(loaded, tc, topology.control, session);
              if (outcome.inconclusive) {
                // Measured while the harness could not hold its side: measure once more (the machine is often busy
                // only for a while, as a driver's start is retried once); a second inconclusive check is the run's ERROR.
                info.annotations.push({ type: 'inconclusive', description: `measured once more: ${outcome.inconclusive}` });
                outcome = await runVectorCase(loaded, tc, topology.control, session);
              }
              if (outcome.ok) return;
              await attachCaptures(session, info);
              if (outcome.diff) await info.attach('frame-diff.txt', { body: outcome.diff, contentType: 'text/plain' });
              const title = `${basename(loaded.file)}: ${tc.name} on ${kind}`;
              if (outcome.inconclusive) throw withDiff(new HarnessMeasurementError('packet', `${title}: ${outcome.inconclusive}\n${listed(outcome.failures)}`), outcome.diff);
              throw vectorFailure(title, outcome.failures, outcome.diff);
            });
          }
        });
      }
    });
  }
}

function vectorFailure(title: string, failures: string[], diff: string): Error {
  return withDiff(new Error(`${title}: ${failures.length} expectation${failures.length === 1 ? '' : 's'} failed\n${listed(failures)}`), diff);
}

function listed(failures: readonly string[]): string {
  return failures.map((f) => `  - ${f}`).join('\n');
}

/** An error the reporters show with its diff (they take the text after the first blank line of an error with matcherResult). */
function withDiff<E extends Error>(error: E, diff: string): E {
  if (!diff) return error;
  error.message = `${error.message}\n\n${diff}`;
  return Object.assign(error, { matcherResult: { pass: false, message: diff } });
}
