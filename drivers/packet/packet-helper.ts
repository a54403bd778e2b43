/**
 * The packet helper: a process started inside a network namespace
 * (`ip netns exec NS node --import tsx packet-helper.ts`), because a Node
 * process cannot change its own namespace. It opens one libpcap handle per
 * port, sends what the test asks for and streams every captured frame back,
 * in batches, over IPC. A handle does not see the frames it sent itself, so
 * captures hold only what the switch forwarded.
 */
import { performance } from 'node:perf_hooks';
import { packFrames, unpackFrames, type HelperReply, type HelperRequest } from './frame-batch.ts';
import { loadCap, type CapHandle } from './load-cap.ts';

const handles = new Map<string, CapHandle>();
const pending = new Map<string, { time: number; bytes: Buffer }[]>();
let flushScheduled = false;

/** Longest frame captured whole: a standard frame with two VLAN tags fits; jumbo frames are cut. */
const SNAP_LENGTH = 2048;

const now = () => performance.timeOrigin + performance.now();

function reply(message: HelperReply): void {
  process.send?.(message);
}

function flush(): void {
  flushScheduled = false;
  for (const [port, frames] of pending) {
    if (frames.length === 0) continue;
    pending.set(port, []);
    reply({ op: 'captured', port, data: packFrames(frames) });
  }
}

function open(ports: { name: string; iface: string }[], bufferBytes: number): void {
  const Cap = loadCap();
  for (const { name, iface } of ports) {
    const cap = new Cap();
    // The buffer's length is libpcap's snap length, and in immediate mode every
    // ring slot is that big: 64 KiB slots leave room for only 128 frames in 8 MiB.
    const buffer = Buffer.alloc(SNAP_LENGTH);
    try {
      cap.open(iface, '', bufferBytes, buffer);
    } catch (error) {
      throw new Error(`port ${name}: cannot open interface ${iface} for capture: ${(error as Error).message}`);
    }
    cap.setMinBytes?.(0);
    pending.set(name, []);
    cap.on('packet', (nbytes) => {
      pending.get(name)!.push({ time: now(), bytes: Buffer.from(buffer.subarray(0, nbytes)) });
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    });
    handles.set(name, cap);
  }
}

async function send(port: string, data: Uint8Array, batch: number, pauseMs: number): Promise<Buffer> {
  const cap = handles.get(port);
  if (!cap) throw new Error(`no port named "${port}"; open ports: ${[...handles.keys()].join(', ')}`);
  const frames = unpackFrames(data);
  const times = Buffer.alloc(frames.length * 8);
  for (let i = 0; i < frames.length; i++) {
    times.writeDoubleLE(now(), i * 8);
    try {
      cap.send(frames[i].bytes, frames[i].bytes.length);
    } catch {
      // A link that is down refuses frames (ENOBUFS, ENETDOWN): the frame is lost
      // at the sender, as on a real port, and its time says so (NaN).
      times.writeDoubleLE(Number.NaN, i * 8);
    }
    // A long synchronous loop overflows the capture ring: let captures drain.
    if ((i + 1) % batch === 0) await new Promise((resolve) => (pauseMs > 0 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
  }
  return times;
}

function closeAll(): void {
  for (const cap of handles.values()) {
    try {
      cap.close();
    } catch {
      // already closed
    }
  }
  handles.clear();
}

process.on('message', (message: HelperRequest) => {
  void (async () => {
    try {
      if (message.op === 'open') {
        open(message.ports, message.bufferBytes ?? 8 * 1024 * 1024);
        reply({ op: 'opened' });
      } else if (message.op === 'send') {
        const times = await send(message.port, message.data, message.batch ?? 32, message.pauseMs ?? 0);
        reply({ op: 'sent', id: message.id, times });
      } else if (message.op === 'close') {
        flush();
        closeAll();
        process.disconnect?.();
      }
    } catch (error) {
      reply({ op: 'error', id: 'id' in message ? message.id : undefined, message: (error as Error).message });
    }
  })();
});
// The test went away: nothing else will close the handles.
process.on('disconnect', () => {
  closeAll();
  process.exit(0);
});
