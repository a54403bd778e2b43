import { DriverStartError } from 'tollgate';
import type { SwitchTopology } from './switch-control.ts';
import { PacketPorts } from './packet-ports.ts';
import { PacketSession } from './packet-session.ts';

/** Builds a topology of one kind ('linux-bridge', 'ovs'); supplied by the environment that owns topologies. */
export type TopologyFactory = (kind: string) => Promise<SwitchTopology>;

export interface LabSwitch {
  topology: SwitchTopology;
  session: PacketSession;
}

/**
 * The switches of one worker, built on first use and kept for the worker's
 * life (a topology takes 0.1-2 s to build; a test case resets it instead),
 * each with one packet helper. close() stops helpers, daemons and
 * namespaces, also when building one of them failed half-way.
 */
export class SwitchLab {
  private readonly built = new Map<string, Promise<LabSwitch>>();

  constructor(private readonly factory: TopologyFactory) {}

  get(kind: string): Promise<LabSwitch> {
    let lab = this.built.get(kind);
    if (!lab) {
      lab = this.build(kind);
      this.built.set(kind, lab);
    }
    return lab;
  }

  private async build(kind: string): Promise<LabSwitch> {
    const topology = await this.factory(kind);
    try {
      return { topology, session: new PacketSession(await this.openCaptures(kind, topology)) };
    } catch (error) {
      await topology.close();
      // The next test tries again rather than inheriting this failure.
      this.built.delete(kind);
      throw error;
    }
  }

  /**
   * The packet helper and its captures, once more when they do not open: a
   * capture that cannot open is the harness failing (issue 13.8), so the
   * second failure is a DriverStartError (the run's ERROR), not the test's FAIL.
   */
  private async openCaptures(kind: string, topology: SwitchTopology): Promise<PacketPorts> {
    const start = () => PacketPorts.start({ netns: topology.netns, ports: topology.ports });
    try {
      return await start();
    } catch (first) {
      process.stderr.write(`[packet] the captures of ${kind} did not open (${(first as Error).message}); trying once more\n`);
      try {
        return await start();
      } catch (again) {
        throw new DriverStartError('packet', `the captures of ${kind} did not open, twice: ${(again as Error).message}`, { cause: again });
      }
    }
  }

  async close(): Promise<void> {
    const labs = await Promise.allSettled(this.built.values());
    this.built.clear();
    for (const lab of labs) {
      if (lab.status !== 'fulfilled') continue;
      await lab.value.session.io.close().catch(() => undefined);
      await lab.value.topology.close();
    }
  }
}
