/**
 * The traffic driver as a fixture: each test that asks for `traffic` gets a
 * TrafficClient bound to the environment's endpoints, whose loads emit
 * their series as metric events of that test and record their threshold
 * and baseline results on it for the gate.
 *
 *   import { test } from '../../drivers/traffic/index.ts';
 *   test('reads under load', async ({ traffic }) => {
 *     await traffic.http({ request: { path: '/slices' }, scenario: { executor: 'constant-arrival-rate', rate: 100, duration: '3s' },
 *       thresholds: { http_req_duration: ['p(99)<200'] } });
 *   });
 */
import { defineDriver, test as base, type ResolvedEnvironment } from 'tollgate';
import { testMetricSink } from './metric-sink.ts';
import { TrafficClient } from './traffic-client.ts';

export interface TrafficDriverOptions {
  /** Headers every HTTP load sends (e.g. a token), merged under each request's own. */
  headers?: Record<string, string>;
  /**
   * The system under test runs on the generator's machine, so a saturated CPU slows both and a load
   * measures the machine too (issue 13, item 8). Default: the environment's variable
   * `sutSharesMachine` ('true' for the embedded local POD), else false.
   */
  sutSharesMachine?: boolean;
}

/** The environment variable (ResolvedEnvironment.variables) that says the system under test runs on this machine. */
export const SUT_SHARES_MACHINE_VARIABLE = 'sutSharesMachine';

export function createTrafficDriver(options: TrafficDriverOptions = {}) {
  return defineDriver<'traffic', TrafficClient, { env: ResolvedEnvironment }>({
    name: 'traffic',
    scope: 'test',
    setup: async ({ env }, use, info) => {
      const client = new TrafficClient({
        endpoints: env.endpoints,
        environment: env.name,
        testId: info.testId,
        attempt: info.retry,
        annotations: info.annotations,
        // Workers run with the project's root as their working folder: the archive is found from there.
        rootDir: process.cwd(),
        sink: testMetricSink(info),
        attach: (name, body) => info.attach(name, { body, contentType: 'application/json' }),
        sutSharesMachine: options.sutSharesMachine ?? env.variables[SUT_SHARES_MACHINE_VARIABLE] === 'true',
      });
      await use(client);
    },
  });
}

export const trafficDriver = createTrafficDriver();

/** The native test type with the `traffic` fixture. */
export const test = base.extend<{ traffic: TrafficClient }>(trafficDriver);
