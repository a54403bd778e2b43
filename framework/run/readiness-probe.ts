import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { durationMs } from '../config/resolve-config.ts';
import type { ReadinessProbe } from '../model/environment.ts';

export interface ProbeTarget {
  endpoints: Record<string, string>;
  variables: Record<string, string>;
}

/** One try: undefined when ready, else the answer that says why not ("GET http://x/healthz answered 503"). */
type Attempt = () => Promise<string | undefined>;

/**
 * Probes until the system is ready or the probe's timeout passes; returns
 * undefined when ready, else the last answer, which the caller puts in the
 * verdict (README "External systems").
 */
export async function waitUntilReady(probe: ReadinessProbe, target: ProbeTarget, signal: AbortSignal, gone: () => string | undefined = () => undefined): Promise<string | undefined> {
  const attempt = attemptOf(probe, target);
  const timeoutMs = durationMs(probe.timeout ?? '60s');
  const interval = probe.interval ?? 250;
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    last = await attempt().catch((error: Error) => `the probe threw: ${error.message}`);
    if (last === undefined) return undefined;
    if (signal.aborted) return `${last} (interrupted)`;
    // The start command died: waiting longer cannot help.
    const exit = gone();
    if (exit) return `${last}; ${exit}`;
    if (Date.now() + interval > deadline) return `${last}, still after ${Math.round(timeoutMs / 1000)} s`;
    await sleep(interval, undefined, { signal }).catch(() => {});
  }
}

function attemptOf(probe: ReadinessProbe, target: ProbeTarget): Attempt {
  const kinds = [probe.url !== undefined, probe.tcp !== undefined, probe.check !== undefined].filter(Boolean).length;
  if (kinds !== 1) throw new TypeError('an environment\'s `ready` needs exactly one of url, tcp or check, e.g. ready: { url: \'/healthz\' }');
  if (probe.check) {
    const check = probe.check;
    return async () => {
      const answer = await check(target);
      return answer === true ? undefined : typeof answer === 'string' ? answer : 'the check answered false';
    };
  }
  if (probe.tcp !== undefined) return tcpAttempt(probe.tcp);
  return httpAttempt(resolveUrl(probe.url!, target.endpoints), probe);
}

function resolveUrl(url: string, endpoints: Record<string, string>): string {
  if (!url.startsWith('/')) return url;
  const base = Object.values(endpoints)[0];
  if (!base) throw new TypeError(`ready.url "${url}" is relative, but the environment has no endpoint to resolve it against; give a full URL`);
  return new URL(url, base).href;
}

function httpAttempt(url: string, probe: ReadinessProbe): Attempt {
  const statuses = probe.status === undefined ? undefined : [probe.status].flat();
  return async () => {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return `GET ${url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
    }
    const body = await response.text().catch(() => '');
    const statusOk = statuses ? statuses.includes(response.status) : response.status >= 200 && response.status < 300;
    if (!statusOk) return `GET ${url} answered ${response.status}${statuses ? ` (ready is ${statuses.join(' or ')})` : ''}: ${excerpt(body)}`;
    if (probe.body !== undefined && !(typeof probe.body === 'string' ? body.includes(probe.body) : probe.body.test(body))) {
      return `GET ${url} answered ${response.status}, but its body does not ${typeof probe.body === 'string' ? `contain ${JSON.stringify(probe.body)}` : `match ${probe.body}`}: ${excerpt(body)}`;
    }
    return undefined;
  };
}

function tcpAttempt(address: string): Attempt {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(at + 1));
  if (at < 1 || !Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError(`ready.tcp "${address}" is not host:port, e.g. '127.0.0.1:5432'`);
  return () =>
    new Promise((resolve) => {
      const socket = net.connect({ host, port, timeout: 5_000 });
      socket.once('connect', () => (socket.destroy(), resolve(undefined)));
      socket.once('timeout', () => (socket.destroy(), resolve(`TCP ${address}: no answer within 5 s`)));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(`TCP ${address}: ${error.code ?? error.message}`));
    });
}

function excerpt(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text ? (text.length > 200 ? `${text.slice(0, 200)}…` : text) : '(empty body)';
}
