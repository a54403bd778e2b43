/**
 * The promote gate's soak (issue 6): a steady read load on the POD's API
 * with a functional probe every window, the POD's resident memory scraped
 * from /metrics at every window's end. `--duration` sets its length (60s in
 * CI, 72h on staging); windows are 5 s.
 *
 * The memory limit has headroom for a busy machine: a healthy POD's RSS
 * wanders by a few MB (about 1 GB/h when extrapolated from a minute), while
 * the leak fault keeps 64 KiB per request, 100 req/s → about 22 GB/h.
 */
import { test, expect } from '../../drivers/soak/index.ts';

test('the POD holds steady under a read load', { tag: '@soak' }, async ({ soak, env }) => {
  const result = await soak({
    name: 'pod-reads',
    defaultDuration: '30s',
    // Shorter windows for short soaks (the project's own tests set 3s); 5 s otherwise.
    window: process.env.TOLLGATE_SOAK_WINDOW || '5s',
    load: { rate: 100, request: (i) => (i % 2 ? { name: 'list', path: '/slices' } : { name: 'get', path: '/slices/fremont-video' }) },
    probe: async () => {
      const response = await fetch(`${env.endpoints.api}/slices`, { signal: AbortSignal.timeout(5000) });
      const body = (await response.json()) as unknown;
      expect(response.status).toBe(200);
      expect(Array.isArray(body) || typeof body === 'object').toBe(true);
    },
    criteria: { memorySlope: '4GB/h', errorRate: 0.01, latencyCreep: { maxIncrease: '300%' } },
  });
  expect(result.windows.length).toBeGreaterThan(0);
});
