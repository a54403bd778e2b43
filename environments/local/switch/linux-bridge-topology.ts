import type { PortCounters, SwitchCapability, SwitchControl, SwitchTopology, VlanConfig } from '../../../drivers/packet/switch-control.ts';
import { linkCounters } from './link-counters.ts';
import { createNetns, deleteNetns, ipBatch, removeLeftovers, run, uniqueNetnsName } from './netns.ts';
import { portNames, switchPort, vethLines } from './veth-ports.ts';

/**
 * A Linux bridge (a real kernel switch) in a namespace of its own; each
 * port is a veth pair whose switch end is a bridge port. VLANs are
 * port-based, one bridge per VLAN (`br<vid>`): the kernels this runs on
 * may lack both bridge VLAN filtering and 802.1Q devices (this machine's
 * has neither), so tagged ports (trunks) need OVS.
 * Everything is built with `ip -n NS` / `bridge -n NS`: nothing appears in
 * the root namespace, and close() deletes the namespace with all of it.
 */
export async function createLinuxBridgeTopology(options: { ports?: number } = {}): Promise<SwitchTopology> {
  const count = options.ports ?? 4;
  await removeLeftovers();
  const netns = uniqueNetnsName();
  await createNetns(netns);
  const { ports, switchSide } = portNames(count);
  try {
    await ipBatch(netns, [
      // Ageing stays at its default; MAC learning is part of what is tested.
      ...bridgeLines(1),
      ...vethLines(count),
      ...Object.values(switchSide).map((s) => `link set ${s} master br1`),
    ]);
  } catch (error) {
    await deleteNetns(netns);
    throw error;
  }
  const control = new LinuxBridgeControl(netns, switchSide);
  return { kind: 'linux-bridge', netns, ports, control, close: () => deleteNetns(netns) };
}

function bridgeLines(vid: number): string[] {
  return [`link add br${vid} type bridge stp_state 0 mcast_snooping 0`, `link set br${vid} up`];
}

class LinuxBridgeControl implements SwitchControl {
  readonly kind = 'linux-bridge';
  readonly capabilities: ReadonlySet<SwitchCapability> = new Set<SwitchCapability>(['vlan', 'fdb', 'port-state', 'counters']);
  readonly ports: readonly string[];
  private bridges = new Map<number, Promise<void>>([[1, Promise.resolve()]]);

  constructor(private readonly netns: string, private readonly switchSide: Record<string, string>) {
    this.ports = Object.keys(switchSide);
  }

  async setPortState(port: string, up: boolean): Promise<void> {
    await ipBatch(this.netns, [`link set ${switchPort(this.switchSide, port)} ${up ? 'up' : 'down'}`]);
  }

  async setVlan(port: string, config: VlanConfig): Promise<void> {
    if (config.tagged?.length) {
      throw new Error(`port ${port}: tagged VLANs (${config.tagged.join(', ')}) need a switch with the "vlan-trunk" capability (ovs); this Linux bridge has port-based VLANs only`);
    }
    const vid = config.pvid ?? 1;
    // Parallel action groups configure several ports at once: create each VLAN's bridge once.
    let created = this.bridges.get(vid);
    if (!created) {
      created = ipBatch(this.netns, bridgeLines(vid)).then(() => undefined);
      this.bridges.set(vid, created);
    }
    await created;
    await ipBatch(this.netns, [`link set ${switchPort(this.switchSide, port)} master br${vid}`]);
  }

  async addFdbEntry(mac: string, port: string): Promise<void> {
    await run('bridge', ['-n', this.netns, 'fdb', 'replace', mac, 'dev', switchPort(this.switchSide, port), 'master', 'static']);
  }

  async flushFdb(): Promise<void> {
    await ipBatch(this.netns, [...this.bridges.keys()].map((vid) => `link set dev br${vid} type bridge fdb_flush`));
  }

  async writeEntries(entries: readonly string[]): Promise<void> {
    if (entries.length) throw new Error('the Linux bridge has no flow table; table entries need a switch with the "openflow" capability (ovs)');
  }

  counters(port: string): Promise<PortCounters> {
    return linkCounters(this.netns, switchPort(this.switchSide, port));
  }

  async reset(): Promise<void> {
    const extra = [...this.bridges.keys()].filter((vid) => vid !== 1);
    // Deleting a bridge deletes its static entries too; br1's are removed one by one below.
    await ipBatch(this.netns, [
      ...Object.values(this.switchSide).flatMap((s) => [`link set ${s} master br1`, `link set ${s} up`]),
      ...extra.map((vid) => `link del br${vid}`),
      'link set dev br1 type bridge fdb_flush',
    ]);
    this.bridges = new Map([[1, Promise.resolve()]]);
    const fdb = await run('bridge', ['-n', this.netns, '-j', 'fdb', 'show', 'br', 'br1']);
    for (const e of JSON.parse(fdb || '[]') as { mac: string; ifname: string; state?: string; flags?: string[] }[]) {
      if (e.state === 'static' && Object.values(this.switchSide).includes(e.ifname) && !(e.flags ?? []).includes('self')) {
        await run('bridge', ['-n', this.netns, 'fdb', 'del', e.mac, 'dev', e.ifname, 'master']).catch(() => undefined);
      }
    }
  }
}
