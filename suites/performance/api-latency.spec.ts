/**
 * Read and write latency of the POD's API under a fixed arrival rate (open
 * model: latency counted from when each request was due, in µs), held to
 * absolute limits and compared with the last passing runs (issue 5, item 5).
 */
import { test } from '../../drivers/traffic/index.ts';
import { ERROR_LIMITS, LATENCY_BASELINE, LATENCY_LIMITS, authHeaders, ensureEnterprise, warmUp } from './support/pod-load.ts';

test.describe('API latency under a fixed arrival rate', { tag: '@load' }, () => {
  test('reads at 100 requests per second', async ({ traffic }) => {
    await warmUp(traffic, '/slices');
    await traffic.http({
      name: 'read',
      interval: 500,
      request: (i) => (i % 2 ? { name: 'list', path: '/slices' } : { name: 'get', path: '/slices/fremont-video' }),
      scenario: { executor: 'constant-arrival-rate', rate: 100, duration: '3s' },
      thresholds: {
        http_req_duration: LATENCY_LIMITS,
        'http_req_duration{name:get}': ['p(99)<1500'],
        http_req_failed: ERROR_LIMITS,
        http_reqs: ['count>=270'],
      },
      baseline: LATENCY_BASELINE,
    });
  });

  test('writes at 50 requests per second', async ({ traffic, env }) => {
    const id = await ensureEnterprise(env, 'Perf Load');
    await warmUp(traffic, `/enterprises/${id}`);
    await traffic.http({
      name: 'write',
      interval: 500,
      headers: authHeaders(env),
      request: (i) => ({ name: 'patch', method: 'PATCH', path: `/enterprises/${id}`, body: { description: `write ${i}` } }),
      scenario: { executor: 'constant-arrival-rate', rate: 50, duration: '3s' },
      thresholds: { http_req_duration: LATENCY_LIMITS, http_req_failed: ERROR_LIMITS },
      baseline: LATENCY_BASELINE,
    });
  });
});
