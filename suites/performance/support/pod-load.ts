/**
 * What the performance suites share: the POD's token header, a warm-up,
 * and limits with headroom. The machine that runs the deploy gate may be
 * busy with other work, so absolute limits sit far above a healthy POD's
 * numbers and only catch faults that matter (the `latency` fault adds 50 ms
 * to every API answer; `errors` fails every 100th request); smaller
 * slowdowns are the baselines' job.
 */
import type { ResolvedEnvironment } from 'tollgate';
import type { TrafficClient } from '../../../drivers/traffic/index.ts';

/**
 * The latency fault pushes every answer past 50 ms, so even the fastest tenth
 * of requests crosses 35 ms; a healthy POD's fastest tenth stays at a few ms
 * even when a busy machine pushes its median to tens of ms.
 */
export const LATENCY_LIMITS = ['p(10)<35', 'p(99)<1500'];
/** A healthy POD fails nothing; the errors fault fails 1 in 100. */
export const ERROR_LIMITS = ['rate<0.005'];
/**
 * Slower than the last passing runs on this environment: the fastest tenth
 * of each half-second must not double and grow by more than 8 ms (a 15 ms
 * delay on a POD that answers in 1-5 ms), judged by Mann-Whitney U over the
 * intervals of the last 5 passing runs. The low percentile and the absolute
 * floor keep a busy machine's noise from reading as a regression.
 */
export const LATENCY_BASELINE = { metric: 'latency.p10', maxIncrease: '100%', minDelta: 8000, runs: 5, minRuns: 3 } as const;

export function authHeaders(env: ResolvedEnvironment): Record<string, string> {
  return env.secrets.apiToken ? { authorization: `Bearer ${env.secrets.apiToken}` } : {};
}

/** A short unmeasured load: the first requests of a worker pay for connections and compiling the HTTP client. */
export async function warmUp(traffic: TrafficClient, path: string): Promise<void> {
  await traffic.http({ name: 'warm-up', request: { path }, scenario: { executor: 'constant-arrival-rate', rate: 50, duration: '500ms' }, throwOnFail: false });
}

/** Makes sure an enterprise of our own exists, so load never touches data other suites read. */
export async function ensureEnterprise(env: ResolvedEnvironment, name: string): Promise<string> {
  const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  let status = 0;
  // The POD's errors fault may fail any one request: a few tries make set-up independent of it.
  for (let attempt = 0; attempt < 3; attempt++) {
    const response = await fetch(`${env.endpoints.api}/enterprises`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(env) },
      body: JSON.stringify({ id, name }),
    });
    await response.text();
    status = response.status;
    if (status === 201 || status === 409) return id;
  }
  throw new Error(`could not create enterprise "${id}" for the load: POST ${env.endpoints.api}/enterprises answered ${status}`);
}
