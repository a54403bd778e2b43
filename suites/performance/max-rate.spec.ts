/**
 * The highest arrival rate at which reads keep p99 under 250 ms: doubling
 * from 50 per second up to 800, then two bisection steps. Its rate is a
 * metric (max_rate) in the report; the threshold only asks for a floor a
 * loaded CI machine still reaches.
 */
import { test, expect } from '../../drivers/traffic/index.ts';

test('highest read rate with p99 under 250 ms', { tag: '@load' }, async ({ traffic }) => {
  const found = await traffic.maxRate({
    name: 'read-capacity',
    request: { path: '/slices/fremont-video' },
    p99: '250ms',
    start: 50,
    max: 800,
    factor: 2,
    refine: 2,
    step: '1s',
    thresholds: { max_rate: ['value>=50'] },
  });
  expect(found.steps.length).toBeGreaterThan(0);
});
