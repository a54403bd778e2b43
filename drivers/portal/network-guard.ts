/**
 * Keeps the browser inside the environment: a page may reach the hosts of
 * the environment's endpoints (and any the options allow), nothing else.
 * Two layers, because each misses something: the resolver rules stop DNS
 * for every other name (also for WebSockets and prefetches, which routes
 * do not see), and the route aborts requests to IP literals and to names
 * that still resolve.
 */
import type { BrowserContext } from 'playwright-core';

export interface NetworkGuard {
  /** True when every host may be reached. */
  open: boolean;
  allows(url: string): boolean;
  /** For --host-resolver-rules; undefined when the guard is open. */
  resolverRules?: string;
}

// Chromium applies the rules to IP literals too (127.0.0.1 would not resolve), so every allowed host is excluded.
const LOOPBACK_NAMES = ['localhost', '127.0.0.1'];

export function createNetworkGuard(endpoints: Record<string, string>, allowHosts: readonly string[]): NetworkGuard {
  if (allowHosts.includes('*')) return { open: true, allows: () => true };
  const hosts = new Set<string>(allowHosts.map((h) => h.toLowerCase()));
  for (const url of Object.values(endpoints)) {
    try {
      hosts.add(new URL(url).hostname.toLowerCase());
    } catch {
      // An endpoint that is not a URL (a path, a name) has no host to allow.
    }
  }
  const allows = (url: string) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (!/^(https?|wss?):$/.test(parsed.protocol)) return true;
    return hosts.has(parsed.hostname.toLowerCase());
  };
  const resolverRules = ['MAP * ~NOTFOUND', ...[...new Set([...hosts, ...LOOPBACK_NAMES])].map((h) => `EXCLUDE ${h}`)].join(' , ');
  return { open: false, allows, resolverRules };
}

/** Aborts what the guard does not allow and tells the test's log which request it stopped. */
export async function guardContext(context: BrowserContext, guard: NetworkGuard, onBlocked: (url: string) => void): Promise<void> {
  if (guard.open) return;
  await context.route(
    (url) => !guard.allows(url.href),
    async (route) => {
      onBlocked(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
}
