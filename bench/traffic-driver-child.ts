/**
 * One traffic-driver run in its own process (as the autocannon CLI and wrk
 * are), printing a JSON line: `tsx bench/traffic-driver-child.ts URL ENGINE CONNECTIONS SECONDS`.
 */
import { TrafficClient } from '../drivers/traffic/index.ts';

const [url, engine, connections, seconds] = process.argv.slice(2);
const client = new TrafficClient();
const result = await client.http({
  url: url!,
  engine: engine as 'undici' | 'autocannon',
  connections: Number(connections),
  scenario: { executor: 'constant-vus', vus: Number(connections), duration: Number(seconds) * 1000 },
  gracefulStop: '2s',
});
process.stdout.write(JSON.stringify({ rate: result.rate, completed: result.completed, seconds: result.seconds, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors }) + '\n');
