/**
 * The traffic driver as a Robot Framework keyword library (issue 8, item 3):
 * open-model HTTP load against the environment, held to thresholds.
 *
 *   *** Settings ***
 *   Library    Traffic
 *
 *   *** Test Cases ***
 *   Reading slices holds 100 requests a second
 *       ${load}=    Run Http Load    /slices    rate=100    duration=3s    p99_ms=200    max_error_rate=0.01
 *       Should Be True    ${load}[completed] > 250
 *
 * The result is a dictionary: completed, rate, dropped, seconds, errorRate,
 * latency_ms (p50, p90, p95, p99, max, mean in milliseconds), passed. A
 * threshold that does not hold fails the keyword with what it measured.
 */
import type { ResolvedEnvironment } from 'tollgate';
import { TrafficClient, summaryOf } from './traffic-client.ts';

export interface RobotLibraryHost {
  environment?: Pick<ResolvedEnvironment, 'name' | 'endpoints' | 'variables' | 'secrets'>;
  log(text: string, level?: 'INFO' | 'DEBUG' | 'WARN' | 'TRACE'): void;
}

export class TrafficLibrary {
  static ROBOT_LIBRARY_SCOPE = 'SUITE';
  private readonly client: TrafficClient;

  constructor(private readonly _host: RobotLibraryHost) {
    const env = _host.environment;
    if (!env) throw new Error('the Traffic library needs a tollgate environment: run the suite with `tollgate run`');
    this.client = new TrafficClient({ endpoints: env.endpoints, environment: env.name, rootDir: process.cwd() });
  }

  /** Constant arrival rate of `method path` on the `api` endpoint for `duration`; optional p99 and error-rate limits. */
  async runHttpLoad(path: string = '/', rate: unknown = 50, duration: string = '2s', method: string = 'GET', p99_ms: unknown = undefined, max_error_rate: unknown = undefined, name: string = 'load', endpoint: string = 'api'): Promise<Record<string, unknown>> {
    const thresholds: Record<string, string[]> = {};
    if (p99_ms !== undefined) thresholds.http_req_duration = [`p(99)<${Number(p99_ms)}`];
    if (max_error_rate !== undefined) thresholds.http_req_failed = [`rate<${Number(max_error_rate)}`];
    const result = await this.client.http({
      name,
      endpoint,
      request: { method: method.toUpperCase(), path },
      scenario: { executor: 'constant-arrival-rate', rate: Number(rate), duration },
      thresholds,
    } as Parameters<TrafficClient['http']>[0]);
    const summary = JSON.parse(JSON.stringify(summaryOf(result))) as Record<string, unknown>;
    const latency = result.latency;
    const ms = (us: number) => Math.round(us) / 1000;
    summary.latency_ms = { p50: ms(latency.p50), p90: ms(latency.p90), p95: ms(latency.p95), p99: ms(latency.p99), max: ms(latency.max), mean: ms(latency.mean) };
    this._host.log(`${name}: ${result.completed} requests at ${result.rate.toFixed(1)}/s, p99 ${ms(latency.p99)} ms, errors ${(result.errorRate * 100).toFixed(2)}%`);
    return summary;
  }
}

/** Entry point the robot adapter calls for `Library    Traffic`. */
export function createLibrary(host: RobotLibraryHost): TrafficLibrary {
  return new TrafficLibrary(host);
}
