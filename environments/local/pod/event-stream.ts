/**
 * The WebSocket change-event stream at /api/v1/events. A client may add
 * ?since=N to first receive the kept events after seq N, then the live ones.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ChangeEvent, EventHub } from './event-hub.ts';
import type { FaultInjector } from './fault-injector.ts';

export interface EventStream {
  close(): void;
}

function refuse(socket: Duplex, status: string, message: string): void {
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`,
  );
}

export function attachEventStream(server: Server, path: string, hub: EventHub, injector: FaultInjector): EventStream {
  const wss = new WebSocketServer({ noServer: true });

  const send = (ws: WebSocket, event: ChangeEvent) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify({ ...event, data: injector.present(event.resource, event.data) }));
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://pod');
    if (url.pathname !== path) {
      refuse(socket, '404 Not Found', `No WebSocket endpoint at ${url.pathname}; the event stream is at ${path}.`);
      return;
    }
    const sinceText = url.searchParams.get('since');
    const since = sinceText === null ? undefined : Number(sinceText);
    if (since !== undefined && !(Number.isInteger(since) && since >= 0)) {
      refuse(socket, '400 Bad Request', `?since must be a whole number >= 0, got "${sinceText}".`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const missed = since === undefined ? [] : hub.since(since);
      const unsubscribe = hub.subscribe((event) => send(ws, event));
      for (const event of missed) send(ws, event);
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
    });
  };

  server.on('upgrade', onUpgrade);
  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
