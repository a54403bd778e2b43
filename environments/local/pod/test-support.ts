/**
 * Helpers for the POD's own node:test tests (not part of the POD): JSON
 * requests and a WebSocket that collects messages.
 */
import { WebSocket } from 'ws';

export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

export const SLICE = {
  site: 'acme-fremont',
  name: 'Robots',
  sst: 2,
  sd: 'a0b1c2',
  maxBitrateUl: 1_000_000,
  maxBitrateDl: 2_000_000,
  deviceGroups: ['fremont-cameras'],
};

export interface Collector {
  messages: any[];
  waitFor(predicate: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

/** Opens a WebSocket and resolves once it is open; every message is parsed and kept. */
export async function collect(url: string): Promise<Collector> {
  const ws = new WebSocket(url);
  const messages: any[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    messages,
    waitFor(predicate, timeoutMs = 2000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found === undefined) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => ws.close(),
  };
}
