/**
 * Starts the reference POD in this process: REST API, event stream, portal,
 * health and metrics on one plain node:http server.
 *
 *   const pod = await startPod({ faults: 'schema' });
 *   await fetch(`${pod.url}/api/v1/slices`);
 *   await pod.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { API_PREFIX, addApiRoutes } from './api-routes.ts';
import { hasBearer, needsToken } from './bearer-auth.ts';
import { EventHub } from './event-hub.ts';
import { attachEventStream } from './event-stream.ts';
import { FaultInjector } from './fault-injector.ts';
import { parseFaults, type Faults } from './faults.ts';
import { sendError, sendJson } from './http-util.ts';
import { createMetrics } from './metrics.ts';
import { PodError } from './pod-error.ts';
import { addPortalRoutes } from './portal/portal-routes.ts';
import { RESOURCE_NAMES } from './resources.ts';
import { Router } from './router.ts';
import { seed } from './seed.ts';
import { Store } from './store.ts';
import { createValidator } from './validation.ts';

export interface PodOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Fault names or a comma list (as TOLLGATE_POD_FAULTS), or parsed faults. Unknown names throw. */
  faults?: string | readonly string[] | Faults;
  /** The `latency` fault's delay; 50 ms by default. */
  latencyMs?: number;
  /** When set, writes need `Authorization: Bearer <token>`. */
  token?: string;
  /** Start with the sample data (seed.ts); true by default. */
  seed?: boolean;
}

export interface RunningPod {
  /** http://host:port, without a trailing slash. */
  url: string;
  port: number;
  faults: Faults;
  close(): Promise<void>;
}

const EVENTS_PATH = `${API_PREFIX}/events`;

function isFaults(value: PodOptions['faults']): value is Faults {
  return typeof value === 'object' && value !== null && 'enabled' in value;
}

export async function startPod(options: PodOptions = {}): Promise<RunningPod> {
  const faults = isFaults(options.faults) ? options.faults : parseFaults({ faults: options.faults, latencyMs: options.latencyMs });
  const token = options.token || undefined;
  const store = new Store();
  if (options.seed !== false) seed(store);
  const hub = new EventHub();
  const injector = new FaultInjector(faults);
  const metrics = createMetrics({
    subscribers: () => hub.subscriberCount,
    resources: () => Object.fromEntries(RESOURCE_NAMES.map((name) => [name, store.count(name)])),
  });

  const router = new Router();
  router.add('GET', '/healthz', ({ res }) => sendJson(res, 200, { status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
  // Browsers ask for it; an empty answer keeps their consoles free of 404s.
  router.add('GET', '/favicon.ico', ({ res }) => {
    res.writeHead(204);
    res.end();
  });
  router.add('GET', '/metrics', async ({ res }) => {
    const { contentType, body } = await metrics.render();
    res.writeHead(200, { 'content-type': contentType });
    res.end(body);
  });
  addApiRoutes(router, { store, validator: createValidator(), hub, injector });
  addPortalRoutes(router, {
    store,
    apiBase: API_PREFIX,
    eventsPath: EVENTS_PATH,
    tokenRequired: token !== undefined,
    brokenCreate: faults.portal,
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    injector.onRequest();
    const url = new URL(req.url ?? '/', 'http://pod');
    const match = router.match(method, url.pathname);
    const route = match.kind === 'not_found' ? 'unmatched' : match.pattern;
    res.on('finish', () => metrics.observe(method, route, res.statusCode, (performance.now() - started) / 1000));
    try {
      if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) {
        const fail = injector.failThisApiRequest();
        await injector.delay();
        if (fail) throw new PodError('internal', 'Internal error (injected by the POD\'s "errors" fault).');
        if (token && needsToken(method) && !hasBearer(req.headers.authorization, token)) {
          throw new PodError('unauthorized', `${method} needs an API token: send "Authorization: Bearer <token>".`);
        }
      }
      if (match.kind === 'not_found') throw new PodError('not_found', `Nothing at ${url.pathname}.`);
      if (match.kind === 'method_not_allowed') {
        res.setHeader('allow', match.allowed.join(', '));
        throw new PodError('method_not_allowed', `${method} is not allowed on ${url.pathname}; use ${match.allowed.join(' or ')}.`);
      }
      await match.handler({ req, res, url, params: match.params });
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof PodError) {
        const headers: Record<string, string> = error.code === 'unauthorized' ? { 'www-authenticate': 'Bearer realm="pod"' } : {};
        sendError(res, error, headers);
      } else {
        console.error(`POD: ${method} ${url.pathname} failed:`, error);
        sendError(res, new PodError('internal', "Internal error; see the POD's log."));
      }
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  const events = attachEventStream(server, EVENTS_PATH, hub, injector);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    faults,
    close() {
      closing ??= new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
        injector.release();
      });
      return closing;
    },
  };
}
