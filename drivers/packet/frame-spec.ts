/**
 * A frame as data: the layers a test writes (and a decoder returns) as plain
 * JSON, so that vectors, diffs and events all carry the same shape. Field
 * names follow Wireshark's where they are short enough to type.
 */

export interface EthernetFields {
  dst: string;
  src: string;
  /** EtherType of the payload; derived from the next layer when omitted. */
  type?: number;
}

export interface VlanFields {
  vid: number;
  pcp?: number;
  dei?: number;
}

export interface ArpFields {
  /** 1 request, 2 reply. */
  op: number;
  sha: string;
  spa: string;
  tha: string;
  tpa: string;
}

export interface Ipv4Fields {
  src: string;
  dst: string;
  ttl?: number;
  tos?: number;
  id?: number;
  /** The 3 flag bits (2 = don't fragment). */
  flags?: number;
  /** Derived from the next layer when omitted. */
  proto?: number;
  /** Decoded only: the header checksum as found, and whether it was right. */
  checksum?: number;
  length?: number;
}

export interface Ipv6Fields {
  src: string;
  dst: string;
  hopLimit?: number;
  trafficClass?: number;
  flowLabel?: number;
  nextHeader?: number;
  length?: number;
}

export interface UdpFields {
  sport: number;
  dport: number;
  checksum?: number;
  length?: number;
}

export interface TcpFields {
  sport: number;
  dport: number;
  seq?: number;
  ack?: number;
  /** TCP flag bits: FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32. */
  flags?: number;
  window?: number;
  checksum?: number;
}

/** ICMP over IPv4, ICMPv6 over IPv6. */
export interface IcmpFields {
  type: number;
  code?: number;
  /** Echo request/reply identifier and sequence number. */
  id?: number;
  seq?: number;
  checksum?: number;
}

export interface FrameSpec {
  eth: EthernetFields;
  vlan?: VlanFields;
  arp?: ArpFields;
  ipv4?: Ipv4Fields;
  ipv6?: Ipv6Fields;
  udp?: UdpFields;
  tcp?: TcpFields;
  icmp?: IcmpFields;
  /** '0x' + hex for bytes, anything else is UTF-8 text. Decoded payloads are always hex. */
  payload?: string;
}

/** What the decoder returns: the layers found, plus checks on the checksums. */
export interface DecodedFrame extends FrameSpec {
  /** Names of the checksums that were wrong ('ipv4', 'udp', 'tcp', 'icmp'). */
  badChecksums: string[];
  /** Bytes after the last layer that its length fields did not cover (Ethernet padding). */
  padding: number;
  length: number;
}

export const ETHERTYPE = { ipv4: 0x0800, arp: 0x0806, vlan: 0x8100, ipv6: 0x86dd } as const;
export const IP_PROTO = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58 } as const;
export const TCP_FLAGS = { fin: 1, syn: 2, rst: 4, psh: 8, ack: 16, urg: 32 } as const;
