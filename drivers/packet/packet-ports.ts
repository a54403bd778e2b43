import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packFrames, unpackFrames, type HelperReply, type HelperRequest, type TimedFrame } from './frame-batch.ts';

// packet-helper.js is compiled in the package; in the repository tsx resolves it to packet-helper.ts.
const HELPER = fileURLToPath(new URL('./packet-helper.js', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface PacketPortsOptions {
  /** Logical port name → interface inside the namespace. */
  ports: Record<string, string>;
  /** The namespace the interfaces live in; null runs the helper here (needs CAP_NET_RAW). */
  netns: string | null;
  /** Capture buffer per port, bytes (default 8 MiB: enough for a burst of 20,000 small frames). */
  bufferBytes?: number;
}

export interface SendOptions {
  /** Frames sent between two yields to the event loop (default 32: each port's capture ring holds about 127 frames). */
  batch?: number;
  /** A pause between batches, for switches that drop unpaced bursts (OVS in userspace). */
  pauseMs?: number;
}

/**
 * The test's side of a packet helper: one process per namespace for the
 * whole topology (never one per packet). Frames captured on each port
 * collect in `captured[port]`, with the time they arrived (epoch ms, the
 * helper's clock, which also stamps each sent frame).
 *
 * Calls: `await PacketPorts.start(...)`, then send / captured / waitFor, then close().
 */
export class PacketPorts {
  readonly captured = new Map<string, TimedFrame[]>();
  private readonly waiting = new Map<number, { resolve: (times: number[]) => void; reject: (e: Error) => void }>();
  private listeners: (() => void)[] = [];
  private nextId = 1;
  private stderr = '';
  private exited: Error | undefined;

  private constructor(private readonly child: ChildProcess, readonly ports: Record<string, string>) {
    for (const port of Object.keys(ports)) this.captured.set(port, []);
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-4000);
    });
    child.on('message', (m: HelperReply) => this.onReply(m));
    child.on('exit', (code, signal) => {
      this.exited = new Error(`the packet helper exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim()}` : ''}`);
      for (const w of this.waiting.values()) w.reject(this.exited);
      this.waiting.clear();
      this.notify();
    });
  }

  static async start(options: PacketPortsOptions): Promise<PacketPorts> {
    const node = [process.execPath, '--import', TSX, HELPER];
    const [cmd, ...args] = options.netns ? ['ip', 'netns', 'exec', options.netns, ...node] : node;
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], serialization: 'advanced' });
    const io = new PacketPorts(child, options.ports);
    await new Promise<void>((resolve, reject) => {
      const onReply = (m: HelperReply) => {
        if (m.op === 'opened') resolve();
        if (m.op === 'error') reject(new Error(m.message));
      };
      child.on('message', onReply);
      child.once('exit', () => reject(io.exited));
      child.once('error', reject);
      io.request({ op: 'open', ports: Object.entries(options.ports).map(([name, iface]) => ({ name, iface })), bufferBytes: options.bufferBytes });
    }).catch(async (error: Error) => {
      await io.close();
      throw error;
    });
    return io;
  }

  /** Sends frames in order on one port; resolves with each frame's send time once all are out (NaN for a frame the link refused). */
  send(port: string, frames: readonly Uint8Array[], options: SendOptions = {}): Promise<number[]> {
    if (this.exited) return Promise.reject(this.exited);
    if (!(port in this.ports)) return Promise.reject(new Error(`no port named "${port}"; the topology has ${Object.keys(this.ports).join(', ')}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.request({ op: 'send', id, port, data: packFrames(frames.map((bytes) => ({ bytes }))), batch: options.batch, pauseMs: options.pauseMs });
    });
  }

  /** Frames captured on every port from now on start from an empty list. */
  clear(): void {
    for (const port of this.captured.keys()) this.captured.set(port, []);
  }

  /** Resolves when `done()` holds (checked on each captured batch) or after `ms`; returns whether it held. */
  waitFor(done: () => boolean, ms: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        resolve(ok);
      };
      const check = () => {
        if (done()) finish(true);
        else if (this.exited) finish(false);
      };
      const timer = setTimeout(() => finish(done()), ms);
      this.listeners.push(check);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      this.request({ op: 'close' });
    } catch {
      // the channel is already closed
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private request(message: HelperRequest): void {
    this.child.send(message);
  }

  private onReply(m: HelperReply): void {
    if (m.op === 'captured') {
      const list = this.captured.get(m.port);
      if (list) for (const f of unpackFrames(m.data)) list.push(f);
      this.notify();
    } else if (m.op === 'sent') {
      const times: number[] = [];
      const b = Buffer.from(m.times.buffer, m.times.byteOffset, m.times.byteLength);
      for (let i = 0; i + 8 <= b.length; i += 8) times.push(b.readDoubleLE(i));
      this.waiting.get(m.id)?.resolve(times);
      this.waiting.delete(m.id);
    } else if (m.op === 'error' && m.id !== undefined) {
      this.waiting.get(m.id)?.reject(new Error(m.message));
      this.waiting.delete(m.id);
    }
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}
