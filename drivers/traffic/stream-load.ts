import dgram from 'node:dgram';
import net from 'node:net';
import { setImmediate as immediate, setTimeout as sleep } from 'node:timers/promises';
import type { LoadRecorder } from './load-recorder.ts';

export interface StreamOptions {
  protocol: 'tcp' | 'udp';
  host: string;
  port: number;
  /** Seconds. */
  duration: number;
  /** Bytes per write (TCP) or per datagram (UDP). Default 64 KiB for TCP, 1,400 for UDP. */
  size?: number;
  /** Target bits per second; unset sends as fast as the socket takes it (TCP) or 100 Mbit/s (UDP). */
  bitrate?: number;
}

export interface StreamResult {
  protocol: 'tcp' | 'udp';
  bytesSent: number;
  seconds: number;
  /** Bits per second sent. */
  bitsPerSecond: number;
  writes: number;
}

/**
 * A throughput stream (issue 5, item 1): TCP writes or UDP datagrams to a
 * peer for a fixed time, paced to a bitrate or flat out. The receiving side
 * is a StreamSink here, or any peer that reads (iperf3 -s for UDP checks
 * in bench/traffic-stream.ts).
 */
export async function runStream(options: StreamOptions, recorder: LoadRecorder, stopReason: () => string | undefined): Promise<StreamResult> {
  const size = options.size ?? (options.protocol === 'tcp' ? 65_536 : 1400);
  const payload = Buffer.alloc(size, 0x5a);
  const bitrate = options.bitrate ?? (options.protocol === 'udp' ? 100_000_000 : undefined);
  const start = performance.now();
  const end = start + options.duration * 1000;
  let sent = 0;
  let writes = 0;
  const due = () => (bitrate ? ((performance.now() - start) / 1000) * (bitrate / 8) : Number.POSITIVE_INFINITY);
  const account = (bytes: number, began: number) => {
    sent += bytes;
    writes++;
    recorder.bytes(0, bytes);
    recorder.registry.add('stream_bytes_sent', bytes, {}, 'B');
    recorder.done((performance.now() - began) * 1000);
  };

  if (options.protocol === 'tcp') {
    const socket = net.connect({ host: options.host, port: options.port });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.setNoDelay(true);
    try {
      while (performance.now() < end && !stopReason()) {
        if (sent >= due()) {
          await sleep(1);
          continue;
        }
        const began = performance.now();
        // Write until the kernel pushes back, then wait for it to drain: flat out without unbounded buffering.
        if (!socket.write(payload)) await new Promise((resolve) => socket.once('drain', resolve));
        account(size, began);
      }
    } finally {
      await new Promise<void>((resolve) => socket.end(resolve));
    }
  } else {
    const socket = dgram.createSocket(options.host.includes(':') ? 'udp6' : 'udp4');
    try {
      while (performance.now() < end && !stopReason()) {
        if (sent >= due()) {
          await immediate();
          continue;
        }
        const began = performance.now();
        await new Promise<void>((resolve, reject) => socket.send(payload, options.port, options.host, (error) => (error ? reject(error) : resolve())));
        account(size, began);
      }
    } finally {
      socket.close();
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return { protocol: options.protocol, bytesSent: sent, seconds, bitsPerSecond: (sent * 8) / seconds, writes };
}

/** A receiver that counts what arrives: for tests and as a peer on loopback. */
export class StreamSink {
  bytes = 0;
  packets = 0;
  private server: net.Server | dgram.Socket | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(readonly protocol: 'tcp' | 'udp') {}

  async listen(host = '127.0.0.1'): Promise<number> {
    if (this.protocol === 'tcp') {
      const server = net.createServer((socket) => {
        this.sockets.add(socket);
        socket.on('data', (chunk) => (this.bytes += chunk.length)).on('error', () => {}).on('close', () => this.sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server.listen(0, host, resolve));
      this.server = server;
      this.port = (server.address() as net.AddressInfo).port;
    } else {
      const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
      socket.on('message', (message) => {
        this.bytes += message.length;
        this.packets++;
      });
      await new Promise<void>((resolve) => socket.bind(0, host, resolve));
      // Bursts on loopback overflow the default buffer: raise it so the count measures the sender, not the kernel.
      try {
        socket.setRecvBufferSize(8 * 1024 * 1024);
      } catch {
        // Capped by net.core.rmem_max: fewer datagrams may be counted, which the caller sees as loss.
      }
      this.server = socket;
      this.port = socket.address().port;
    }
    return this.port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    if (server instanceof net.Server) {
      for (const socket of this.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    } else await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
