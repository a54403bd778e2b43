/**
 * The open model's achieved rate: a constant arrival rate against the
 * minimal server for a fixed time (default 30 s), the requests finished
 * per second of schedule against the rate asked, and the latency in µs.
 *
 *   npx tsx bench/traffic-open-rate.ts --rate 1000 --seconds 30 --rounds 3
 */
import { TrafficClient } from '../drivers/traffic/index.ts';
import { flags, loadAverage, median, startMinimalServer } from './traffic-bench-support.ts';

const options = flags({ rate: 1000, seconds: 30, rounds: 3 });
const server = await startMinimalServer();
const client = new TrafficClient();
const rows: { achieved: number; deviation: number; dropped: number; p50: number; p99: number; max: number; load: string }[] = [];
try {
  for (let round = 0; round < options.rounds; round++) {
    const result = await client.http({ url: server.url, scenario: { executor: 'constant-arrival-rate', rate: options.rate, duration: options.seconds * 1000 }, maxInFlight: 10_000 });
    // Finished requests over the scheduled time: a generator that falls behind finishes fewer within it.
    const achieved = result.completed / options.seconds;
    rows.push({ achieved, deviation: achieved / options.rate - 1, dropped: result.dropped, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, load: await loadAverage() });
    console.error(`round ${round + 1}: ${achieved.toFixed(1)} req/s (${((achieved / options.rate - 1) * 100).toFixed(3)}%), p50 ${result.latency.p50} µs, p99 ${result.latency.p99} µs, in ${result.seconds.toFixed(2)} s`);
  }
} finally {
  await server.close();
}
console.log(`\nasked ${options.rate} req/s for ${options.seconds} s, ${options.rounds} rounds\n`);
console.log('| round | achieved req/s | deviation | dropped | p50 µs | p99 µs | max µs | load average |');
console.log('|---|---|---|---|---|---|---|---|');
rows.forEach((r, i) => console.log(`| ${i + 1} | ${r.achieved.toFixed(1)} | ${(r.deviation * 100).toFixed(3)}% | ${r.dropped} | ${r.p50} | ${r.p99} | ${r.max} | ${r.load} |`));
console.log(`| median | ${median(rows.map((r) => r.achieved)).toFixed(1)} | ${(median(rows.map((r) => r.deviation)) * 100).toFixed(3)}% | | ${median(rows.map((r) => r.p50))} | ${median(rows.map((r) => r.p99))} | | |`);
