import { bytesToMac, ipv4ToBytes, ipv6ToBytes, macToBytes, payloadToBytes } from './addresses.ts';
import { internetChecksum, ipv4PseudoSum, ipv6PseudoSum } from './checksum.ts';
import { ETHERTYPE, IP_PROTO, type FrameSpec } from './frame-spec.ts';

/** Ethernet's minimum frame without the FCS, which the NIC (or veth) adds or ignores. */
export const MIN_FRAME = 60;

/**
 * Builds the bytes of a frame from its layers, filling in lengths, protocol
 * numbers and checksums. Throws an error naming the field when a value is
 * out of range or an address is malformed; `where` prefixes it (a vector's
 * file and path).
 *
 * @example encodeFrame({ eth: { dst: 'ff:ff:ff:ff:ff:ff', src: '02:00:00:00:00:01' },
 *                        ipv4: { src: '10.0.0.1', dst: '10.0.0.2' }, udp: { sport: 1, dport: 2 }, payload: 'hi' })
 */
export function encodeFrame(spec: FrameSpec, where = 'frame'): Buffer {
  checkLayers(spec, where);
  const payload = payloadToBytes(spec.payload, `${where}.payload`);
  const l4Len = spec.udp ? 8 : spec.tcp ? 20 : spec.icmp ? 8 : 0;
  const l3Len = spec.arp ? 28 : spec.ipv4 ? 20 : spec.ipv6 ? 40 : 0;
  const l2Len = spec.vlan ? 18 : 14;
  const total = l2Len + l3Len + l4Len + payload.length;
  const frame = Buffer.alloc(Math.max(total, MIN_FRAME));

  macToBytes(spec.eth.dst, `${where}.eth.dst`).copy(frame, 0);
  macToBytes(spec.eth.src, `${where}.eth.src`).copy(frame, 6);
  const innerType = spec.eth.type ?? (spec.arp ? ETHERTYPE.arp : spec.ipv4 ? ETHERTYPE.ipv4 : spec.ipv6 ? ETHERTYPE.ipv6 : 0x88b5);
  if (spec.vlan) {
    const { vid, pcp = 0, dei = 0 } = spec.vlan;
    range(vid, 0, 4095, `${where}.vlan.vid`);
    range(pcp, 0, 7, `${where}.vlan.pcp`);
    range(dei, 0, 1, `${where}.vlan.dei`);
    frame.writeUInt16BE(ETHERTYPE.vlan, 12);
    frame.writeUInt16BE((pcp << 13) | (dei << 12) | vid, 14);
    frame.writeUInt16BE(range(innerType, 0, 0xffff, `${where}.eth.type`), 16);
  } else {
    frame.writeUInt16BE(range(innerType, 0, 0xffff, `${where}.eth.type`), 12);
  }

  const l3 = l2Len;
  const l4 = l3 + l3Len;
  const proto = spec.udp ? IP_PROTO.udp : spec.tcp ? IP_PROTO.tcp : spec.icmp ? (spec.ipv6 ? IP_PROTO.icmpv6 : IP_PROTO.icmp) : 59;
  if (spec.arp) writeArp(frame, l3, spec, where);
  if (spec.ipv4) {
    const ip = spec.ipv4;
    frame[l3] = 0x45;
    frame[l3 + 1] = range(ip.tos ?? 0, 0, 255, `${where}.ipv4.tos`);
    frame.writeUInt16BE(20 + l4Len + payload.length, l3 + 2);
    frame.writeUInt16BE(range(ip.id ?? 0, 0, 0xffff, `${where}.ipv4.id`), l3 + 4);
    frame.writeUInt16BE(range(ip.flags ?? 2, 0, 7, `${where}.ipv4.flags`) << 13, l3 + 6);
    frame[l3 + 8] = range(ip.ttl ?? 64, 0, 255, `${where}.ipv4.ttl`);
    frame[l3 + 9] = range(ip.proto ?? proto, 0, 255, `${where}.ipv4.proto`);
    ipv4ToBytes(ip.src, `${where}.ipv4.src`).copy(frame, l3 + 12);
    ipv4ToBytes(ip.dst, `${where}.ipv4.dst`).copy(frame, l3 + 16);
    frame.writeUInt16BE(internetChecksum(frame, l3, l3 + 20), l3 + 10);
  }
  if (spec.ipv6) {
    const ip = spec.ipv6;
    const tc = range(ip.trafficClass ?? 0, 0, 255, `${where}.ipv6.trafficClass`);
    const fl = range(ip.flowLabel ?? 0, 0, 0xfffff, `${where}.ipv6.flowLabel`);
    frame.writeUInt32BE(((6 << 28) | (tc << 20) | fl) >>> 0, l3);
    frame.writeUInt16BE(l4Len + payload.length, l3 + 4);
    frame[l3 + 6] = range(ip.nextHeader ?? proto, 0, 255, `${where}.ipv6.nextHeader`);
    frame[l3 + 7] = range(ip.hopLimit ?? 64, 0, 255, `${where}.ipv6.hopLimit`);
    ipv6ToBytes(ip.src, `${where}.ipv6.src`).copy(frame, l3 + 8);
    ipv6ToBytes(ip.dst, `${where}.ipv6.dst`).copy(frame, l3 + 24);
  }
  payload.copy(frame, l4 + l4Len);
  const segEnd = l4 + l4Len + payload.length;
  if (spec.udp) {
    frame.writeUInt16BE(range(spec.udp.sport, 0, 0xffff, `${where}.udp.sport`), l4);
    frame.writeUInt16BE(range(spec.udp.dport, 0, 0xffff, `${where}.udp.dport`), l4 + 2);
    frame.writeUInt16BE(8 + payload.length, l4 + 4);
    const sum = internetChecksum(frame, l4, segEnd, pseudo(frame, spec, l3, IP_PROTO.udp, segEnd - l4));
    frame.writeUInt16BE(sum === 0 ? 0xffff : sum, l4 + 6);
  }
  if (spec.tcp) {
    const t = spec.tcp;
    frame.writeUInt16BE(range(t.sport, 0, 0xffff, `${where}.tcp.sport`), l4);
    frame.writeUInt16BE(range(t.dport, 0, 0xffff, `${where}.tcp.dport`), l4 + 2);
    frame.writeUInt32BE(range(t.seq ?? 0, 0, 0xffffffff, `${where}.tcp.seq`), l4 + 4);
    frame.writeUInt32BE(range(t.ack ?? 0, 0, 0xffffffff, `${where}.tcp.ack`), l4 + 8);
    frame[l4 + 12] = 5 << 4;
    frame[l4 + 13] = range(t.flags ?? 2, 0, 255, `${where}.tcp.flags`);
    frame.writeUInt16BE(range(t.window ?? 65535, 0, 0xffff, `${where}.tcp.window`), l4 + 14);
    frame.writeUInt16BE(internetChecksum(frame, l4, segEnd, pseudo(frame, spec, l3, IP_PROTO.tcp, segEnd - l4)), l4 + 16);
  }
  if (spec.icmp) {
    const c = spec.icmp;
    frame[l4] = range(c.type, 0, 255, `${where}.icmp.type`);
    frame[l4 + 1] = range(c.code ?? 0, 0, 255, `${where}.icmp.code`);
    frame.writeUInt16BE(range(c.id ?? 0, 0, 0xffff, `${where}.icmp.id`), l4 + 4);
    frame.writeUInt16BE(range(c.seq ?? 0, 0, 0xffff, `${where}.icmp.seq`), l4 + 6);
    const initial = spec.ipv6 ? ipv6PseudoSum(frame, l3 + 8, IP_PROTO.icmpv6, segEnd - l4) : 0;
    frame.writeUInt16BE(internetChecksum(frame, l4, segEnd, initial), l4 + 2);
  }
  return frame;
}

function pseudo(frame: Buffer, spec: FrameSpec, l3: number, proto: number, length: number): number {
  if (spec.ipv4) return ipv4PseudoSum(frame, l3 + 12, proto, length);
  if (spec.ipv6) return ipv6PseudoSum(frame, l3 + 8, proto, length);
  return 0;
}

function writeArp(frame: Buffer, at: number, spec: FrameSpec, where: string): void {
  const a = spec.arp!;
  frame.writeUInt16BE(1, at); // Ethernet
  frame.writeUInt16BE(ETHERTYPE.ipv4, at + 2);
  frame[at + 4] = 6;
  frame[at + 5] = 4;
  frame.writeUInt16BE(range(a.op, 1, 0xffff, `${where}.arp.op`), at + 6);
  macToBytes(a.sha, `${where}.arp.sha`).copy(frame, at + 8);
  ipv4ToBytes(a.spa, `${where}.arp.spa`).copy(frame, at + 14);
  macToBytes(a.tha, `${where}.arp.tha`).copy(frame, at + 18);
  ipv4ToBytes(a.tpa, `${where}.arp.tpa`).copy(frame, at + 24);
}

function checkLayers(spec: FrameSpec, where: string): void {
  if (!spec || typeof spec !== 'object' || !spec.eth) throw new Error(`${where}: a frame needs an "eth" layer with dst and src`);
  const l3 = ['arp', 'ipv4', 'ipv6'].filter((k) => spec[k as keyof FrameSpec]);
  const l4 = ['udp', 'tcp', 'icmp'].filter((k) => spec[k as keyof FrameSpec]);
  if (l3.length > 1) throw new Error(`${where}: a frame has one network layer, this one has ${l3.join(' and ')}; keep one`);
  if (l4.length > 1) throw new Error(`${where}: a frame has one transport layer, this one has ${l4.join(' and ')}; keep one`);
  if (l4.length === 1 && !(spec.ipv4 || spec.ipv6)) throw new Error(`${where}: ${l4[0]} needs an ipv4 or ipv6 layer under it`);
}

function range(value: number, min: number, max: number, where: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${where}: ${JSON.stringify(value)} is out of range; expected an integer from ${min} to ${max}`);
  }
  return value;
}

/** For messages: a one-line summary of a frame's layers. */
export function describeFrame(spec: FrameSpec): string {
  const parts = [`${spec.eth.src} > ${spec.eth.dst}`];
  if (spec.vlan) parts.push(`vlan ${spec.vlan.vid}`);
  if (spec.arp) parts.push(`arp ${spec.arp.op === 1 ? 'who-has' : 'reply'} ${spec.arp.tpa} tell ${spec.arp.spa}`);
  const ip = spec.ipv4 ?? spec.ipv6;
  if (ip) parts.push(`${spec.ipv4 ? 'ipv4' : 'ipv6'} ${ip.src} > ${ip.dst}`);
  if (spec.udp) parts.push(`udp ${spec.udp.sport} > ${spec.udp.dport}`);
  if (spec.tcp) parts.push(`tcp ${spec.tcp.sport} > ${spec.tcp.dport}`);
  if (spec.icmp) parts.push(`icmp type ${spec.icmp.type}`);
  return parts.join(', ');
}
