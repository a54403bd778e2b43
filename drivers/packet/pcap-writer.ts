/**
 * The classic libpcap file format (what tcpdump -w writes): a 24-byte global
 * header, then per frame a 16-byte record header and the bytes. Microsecond
 * timestamps, link type 1 (Ethernet), little-endian.
 */

export interface PcapRecord {
  /** Epoch milliseconds (fractions kept to the microsecond). */
  time: number;
  bytes: Uint8Array;
}

export function pcapFile(records: readonly PcapRecord[], snaplen = 65535): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeInt32LE(0, 8);
  header.writeUInt32LE(0, 12);
  header.writeUInt32LE(snaplen, 16);
  header.writeUInt32LE(1, 20);
  const parts: Buffer[] = [header];
  for (const r of records) {
    const rec = Buffer.alloc(16);
    // A frame the link refused has no send time (NaN): it is written at time 0.
    const micros = Number.isFinite(r.time) ? Math.round(r.time * 1000) : 0;
    rec.writeUInt32LE(Math.floor(micros / 1e6), 0);
    rec.writeUInt32LE(micros % 1e6, 4);
    const kept = Math.min(r.bytes.length, snaplen);
    rec.writeUInt32LE(kept, 8);
    rec.writeUInt32LE(r.bytes.length, 12);
    parts.push(rec, Buffer.from(r.bytes.buffer, r.bytes.byteOffset, kept));
  }
  return Buffer.concat(parts);
}

/** Reads a file written by pcapFile (or tcpdump -w, either byte order, microseconds). */
export function readPcapFile(file: Buffer): PcapRecord[] {
  const magic = file.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4;
  if (!le && file.readUInt32BE(0) !== 0xa1b2c3d4) throw new Error('not a pcap file (bad magic number)');
  const u32 = (at: number) => (le ? file.readUInt32LE(at) : file.readUInt32BE(at));
  const out: PcapRecord[] = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const len = u32(at + 8);
    out.push({ time: u32(at) * 1000 + u32(at + 4) / 1000, bytes: file.subarray(at + 16, at + 16 + len) });
    at += 16 + len;
  }
  return out;
}
