/**
 * The switch under test, behind one interface: the Linux bridge (iproute2)
 * and Open vSwitch (ovs-vsctl, ovs-ofctl) implement it today. It is shaped
 * for P4Runtime next: `writeEntries` carries switch-specific table entries
 * (OpenFlow flow strings for OVS; P4Runtime table entries later) and
 * `capabilities` lets a vector say what it needs, so a vector that needs
 * 'openflow' is skipped on a Linux bridge with that reason.
 */

export type SwitchCapability = 'vlan' | 'vlan-trunk' | 'fdb' | 'port-state' | 'openflow' | 'counters';

export interface VlanConfig {
  /** The VLAN untagged frames entering the port belong to (and leave it untagged). */
  pvid?: number;
  /** VLANs the port carries tagged (a trunk). */
  tagged?: number[];
}

export interface PortCounters {
  rxPackets: number;
  txPackets: number;
  rxBytes: number;
  txBytes: number;
}

export interface SwitchControl {
  /** 'linux-bridge', 'ovs', ... */
  readonly kind: string;
  readonly capabilities: ReadonlySet<SwitchCapability>;
  /** Logical port names, in order. */
  readonly ports: readonly string[];
  setPortState(port: string, up: boolean): Promise<void>;
  setVlan(port: string, config: VlanConfig): Promise<void>;
  /** A static forwarding entry: frames to `mac` leave on `port`. */
  addFdbEntry(mac: string, port: string, vlan?: number): Promise<void>;
  flushFdb(): Promise<void>;
  /** Switch-specific table entries, in the switch's own syntax (OpenFlow for OVS). */
  writeEntries(entries: readonly string[]): Promise<void>;
  /** Counters of the switch's side of a port: rx is what the switch received from the port. */
  counters(port: string): Promise<PortCounters>;
  /** Back to the state the topology was built in: ports up, VLAN 1 untagged, empty FDB, default table. */
  reset(): Promise<void>;
}

/** A switch with its ports, built somewhere the packet helper can reach them. */
export interface SwitchTopology {
  /** 'linux-bridge' or 'ovs'. */
  kind: string;
  /** The network namespace holding the host ends of the ports. */
  netns: string;
  /** Logical port → the host-side interface the test injects on and captures from. */
  ports: Record<string, string>;
  control: SwitchControl;
  /** Stops every process and deletes every namespace and interface the topology made. */
  close(): Promise<void>;
}
