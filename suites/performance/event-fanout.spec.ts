/**
 * WebSocket fan-out latency: 20 subscribers on the event stream, writes at
 * 20 per second; each subscriber's delivery is timed from when its write
 * was due, so a slow API or a slow hub both show (issue 5, item 5).
 */
import { request } from 'undici';
import { test } from '../../drivers/traffic/index.ts';
import { LATENCY_BASELINE, LATENCY_LIMITS, authHeaders, ensureEnterprise } from './support/pod-load.ts';

test('event fan-out to 20 subscribers', { tag: '@load' }, async ({ traffic, env }) => {
  const id = await ensureEnterprise(env, 'Perf Fanout');
  const headers = { 'content-type': 'application/json', ...authHeaders(env) };
  await traffic.ws({
    name: 'fanout',
    interval: 500,
    connections: 20,
    scenario: { executor: 'constant-arrival-rate', rate: 20, duration: '3s' },
    trigger: async (_i, marker) => {
      const { statusCode, body } = await request(`${env.endpoints.api}/enterprises/${id}`, { method: 'PATCH', headers, body: JSON.stringify({ description: marker }) });
      await body.dump();
      if (statusCode !== 200) throw new Error(`PATCH answered ${statusCode}`);
    },
    match: (text) => /"description":"(tg[^"]+)"/.exec(text)?.[1],
    thresholds: {
      ws_latency: LATENCY_LIMITS,
      ws_failed: ['rate<0.005'],
      ws_sessions: ['count==20'],
    },
    baseline: LATENCY_BASELINE,
  });
});
