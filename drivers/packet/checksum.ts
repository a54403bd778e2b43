/** The Internet checksum (RFC 1071) and the pseudo-headers of UDP, TCP and ICMPv6. */

/** Ones'-complement sum of 16-bit words, not yet complemented, so that parts can be chained. */
export function onesSum(data: Uint8Array, start = 0, end = data.length, initial = 0): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += (data[i] << 8) | data[i + 1];
  if (i < end) sum += data[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

export function internetChecksum(data: Uint8Array, start = 0, end = data.length, initial = 0): number {
  return ~onesSum(data, start, end, initial) & 0xffff;
}

/** The pseudo-header sum for a transport segment over IPv4 (src and dst are the 4-byte addresses). */
export function ipv4PseudoSum(frame: Uint8Array, srcAt: number, proto: number, length: number): number {
  let sum = onesSum(frame, srcAt, srcAt + 8);
  sum += proto + length;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The pseudo-header sum over IPv6 (src and dst are the 32 bytes at srcAt). */
export function ipv6PseudoSum(frame: Uint8Array, srcAt: number, nextHeader: number, length: number): number {
  let sum = onesSum(frame, srcAt, srcAt + 32);
  sum += (length >>> 16) + (length & 0xffff) + nextHeader;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
