/**
 * Frames travel between the test and its packet helper packed into one
 * buffer per batch: one IPC message per hundred frames instead of one per
 * frame. Each record is [u16 length][f64 time][bytes]; time is epoch ms
 * (0 when not yet known).
 */

export interface TimedFrame {
  time: number;
  bytes: Buffer;
}

export function packFrames(frames: readonly { bytes: Uint8Array; time?: number }[]): Buffer {
  let size = 0;
  for (const f of frames) size += 10 + f.bytes.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const f of frames) {
    out.writeUInt16LE(f.bytes.length, at);
    out.writeDoubleLE(f.time ?? 0, at + 2);
    out.set(f.bytes, at + 10);
    at += 10 + f.bytes.length;
  }
  return out;
}

export function unpackFrames(data: Uint8Array): TimedFrame[] {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out: TimedFrame[] = [];
  for (let at = 0; at + 10 <= b.length; ) {
    const len = b.readUInt16LE(at);
    out.push({ time: b.readDoubleLE(at + 2), bytes: b.subarray(at + 10, at + 10 + len) });
    at += 10 + len;
  }
  return out;
}

/** The messages of the helper protocol (IPC, advanced serialization). */
export type HelperRequest =
  | { op: 'open'; ports: { name: string; iface: string }[]; bufferBytes?: number }
  | { op: 'send'; id: number; port: string; data: Uint8Array; batch?: number; pauseMs?: number }
  | { op: 'close' };

export type HelperReply =
  | { op: 'opened' }
  | { op: 'sent'; id: number; times: Uint8Array }
  | { op: 'captured'; port: string; data: Uint8Array }
  | { op: 'error'; id?: number; message: string };
