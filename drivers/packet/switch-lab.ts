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
      const io = await PacketPorts.start({ netns: topology.netns, ports: topology.ports });
      return { topology, session: new PacketSession(io) };
    } catch (error) {
      await topology.close();
      throw error;
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
