import { bytesToIpv4, bytesToIpv6, bytesToMac } from './addresses.ts';
import { internetChecksum, ipv4PseudoSum, ipv6PseudoSum } from './checksum.ts';
import { ETHERTYPE, IP_PROTO, type DecodedFrame } from './frame-spec.ts';

/**
 * Reads a frame's layers back into the same shape encodeFrame takes, with
 * the lengths and checksums found. Never throws: a truncated layer ends the
 * decoding and the rest stays in `payload`, so a broken frame still shows up
 * in a diff.
 */
export function decodeFrame(bytes: Uint8Array): DecodedFrame {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: DecodedFrame = { eth: { dst: '', src: '' }, badChecksums: [], padding: 0, length: b.length };
  if (b.length < 14) {
    out.payload = hex(b, 0, b.length);
    return out;
  }
  out.eth = { dst: bytesToMac(b, 0), src: bytesToMac(b, 6), type: b.readUInt16BE(12) };
  let at = 14;
  let type = out.eth.type!;
  if (type === ETHERTYPE.vlan && b.length >= 18) {
    const tci = b.readUInt16BE(14);
    out.vlan = { vid: tci & 0xfff, pcp: tci >> 13, dei: (tci >> 12) & 1 };
    type = b.readUInt16BE(16);
    out.eth.type = type;
    at = 18;
  }
  let end = b.length;
  if (type === ETHERTYPE.arp && b.length >= at + 28) {
    out.arp = { op: b.readUInt16BE(at + 6), sha: bytesToMac(b, at + 8), spa: bytesToIpv4(b, at + 14), tha: bytesToMac(b, at + 18), tpa: bytesToIpv4(b, at + 24) };
    at += 28;
    end = at;
  } else if (type === ETHERTYPE.ipv4 && b.length >= at + 20 && b[at] >> 4 === 4) {
    const ihl = (b[at] & 0xf) * 4;
    const length = b.readUInt16BE(at + 2);
    const l3 = at;
    out.ipv4 = {
      src: bytesToIpv4(b, at + 12), dst: bytesToIpv4(b, at + 16), ttl: b[at + 8], tos: b[at + 1], id: b.readUInt16BE(at + 4),
      flags: b[at + 6] >> 5, proto: b[at + 9], checksum: b.readUInt16BE(at + 10), length,
    };
    if (internetChecksum(b, at, at + ihl) !== 0) out.badChecksums.push('ipv4');
    end = Math.min(b.length, at + length);
    at += ihl;
    decodeL4(b, out, at, end, out.ipv4.proto!, (proto, len) => ipv4PseudoSum(b, l3 + 12, proto, len));
    return finish(out, end);
  } else if (type === ETHERTYPE.ipv6 && b.length >= at + 40 && b[at] >> 4 === 6) {
    const first = b.readUInt32BE(at);
    const length = b.readUInt16BE(at + 4);
    const l3 = at;
    out.ipv6 = {
      src: bytesToIpv6(b, at + 8), dst: bytesToIpv6(b, at + 24), hopLimit: b[at + 7], trafficClass: (first >>> 20) & 0xff,
      flowLabel: first & 0xfffff, nextHeader: b[at + 6], length,
    };
    end = Math.min(b.length, at + 40 + length);
    at += 40;
    decodeL4(b, out, at, end, out.ipv6.nextHeader!, (proto, len) => ipv6PseudoSum(b, l3 + 8, proto, len));
    return finish(out, end);
  }
  if (at < end) out.payload = hex(b, at, end);
  return finish(out, end);
}

function decodeL4(b: Buffer, out: DecodedFrame, at: number, end: number, proto: number, pseudo: (proto: number, len: number) => number): void {
  const len = end - at;
  if (proto === IP_PROTO.udp && len >= 8) {
    out.udp = { sport: b.readUInt16BE(at), dport: b.readUInt16BE(at + 2), length: b.readUInt16BE(at + 4), checksum: b.readUInt16BE(at + 6) };
    if (out.udp.checksum !== 0 && internetChecksum(b, at, end, pseudo(proto, len)) !== 0) out.badChecksums.push('udp');
    at += 8;
  } else if (proto === IP_PROTO.tcp && len >= 20) {
    const off = (b[at + 12] >> 4) * 4;
    out.tcp = {
      sport: b.readUInt16BE(at), dport: b.readUInt16BE(at + 2), seq: b.readUInt32BE(at + 4), ack: b.readUInt32BE(at + 8),
      flags: b[at + 13], window: b.readUInt16BE(at + 14), checksum: b.readUInt16BE(at + 16),
    };
    if (internetChecksum(b, at, end, pseudo(proto, len)) !== 0) out.badChecksums.push('tcp');
    at += Math.max(20, off);
  } else if ((proto === IP_PROTO.icmp || proto === IP_PROTO.icmpv6) && len >= 8) {
    out.icmp = { type: b[at], code: b[at + 1], checksum: b.readUInt16BE(at + 2), id: b.readUInt16BE(at + 4), seq: b.readUInt16BE(at + 6) };
    const initial = proto === IP_PROTO.icmpv6 ? pseudo(proto, len) : 0;
    if (internetChecksum(b, at, end, initial) !== 0) out.badChecksums.push('icmp');
    at += 8;
  }
  if (at < end) out.payload = hex(b, at, end);
}

function finish(out: DecodedFrame, end: number): DecodedFrame {
  out.padding = out.length - end;
  return out;
}

function hex(b: Buffer, start: number, end: number): string {
  return `0x${b.toString('hex', start, end)}`;
}
