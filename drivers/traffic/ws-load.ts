import { WebSocket } from 'ws';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadRecorder } from './load-recorder.ts';

export interface WsConnectOptions {
  url: string;
  connections: number;
  headers?: Record<string, string>;
  /** Milliseconds to wait for each connection. */
  timeoutMs: number;
}

/** Opens `connections` WebSockets at once; records ws_connecting (µs) and ws_sessions. */
export async function openSockets(options: WsConnectOptions, recorder: LoadRecorder): Promise<WebSocket[]> {
  const sockets = await Promise.all(
    Array.from({ length: options.connections }, async () => {
      const began = performance.now();
      const socket = new WebSocket(options.url, { headers: options.headers, handshakeTimeout: options.timeoutMs });
      try {
        await new Promise<void>((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
          socket.once('unexpected-response', (_req, res) => reject(new Error(`the server answered ${res.statusCode} instead of upgrading`)));
        });
      } catch (error) {
        socket.terminate();
        recorder.registry.add('errors', 1, { kind: 'ws_connect' });
        throw new Error(`traffic.ws: cannot open a WebSocket to ${options.url}: ${(error as Error).message}`);
      }
      recorder.registry.trend('ws_connecting', (performance.now() - began) * 1000);
      recorder.registry.add('ws_sessions', 1);
      return socket;
    }),
  );
  return sockets;
}

/**
 * Matches messages to what was expected of them: each expected message has
 * an id, an intended time (when its cause was due) and how many deliveries
 * it awaits. A delivery records its latency from the intended time, so a
 * slow sender is not hidden either (coordinated omission corrected).
 */
export class DeliveryTracker {
  private readonly waiting = new Map<string, { intended: number; left: number }>();

  constructor(private readonly recorder: LoadRecorder) {}

  expect(id: string, intended: number, deliveries: number): void {
    this.waiting.set(id, { intended, left: deliveries });
  }

  deliver(id: string | undefined, bytes: number): void {
    this.recorder.registry.add('ws_msgs_received', 1);
    this.recorder.bytes(bytes, 0);
    if (id === undefined) return;
    const entry = this.waiting.get(id);
    if (!entry) return;
    const micros = (performance.now() - entry.intended) * 1000;
    this.recorder.registry.trend('ws_latency', micros);
    this.recorder.registry.rate('ws_failed', false);
    this.recorder.done(micros);
    if (--entry.left <= 0) this.waiting.delete(id);
  }

  get pending(): number {
    return this.waiting.size;
  }

  /** Waits up to `ms` for what is still expected, then counts every missing delivery as lost. */
  async settle(ms: number): Promise<number> {
    const until = performance.now() + ms;
    while (this.waiting.size && performance.now() < until) await sleep(10);
    let lost = 0;
    for (const entry of this.waiting.values()) lost += entry.left;
    for (let i = 0; i < lost; i++) {
      this.recorder.registry.rate('ws_failed', true);
      this.recorder.registry.add('errors', 1, { kind: 'ws_lost' });
      this.recorder.done(ms * 1000, 'ws_lost');
    }
    this.waiting.clear();
    return lost;
  }
}

/** The id in a JSON message: `{ "id": ... }`, or a marker inside its text. */
export function defaultMatch(data: string): string | undefined {
  try {
    const parsed = JSON.parse(data) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}
