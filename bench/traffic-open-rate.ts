/**
 * The open model's achieved rate: a constant arrival rate against the
 * minimal server for a fixed time (default 30 s): requests started per
 * second of schedule against the rate asked, how late the generator
 * started them (its own lag, µs), and the latency in µs.
 *
 *   npx tsx bench/traffic-open-rate.ts --rate 1000 --seconds 30 --rounds 3
 */
import { TrafficClient } from '../drivers/traffic/index.ts';
import { flags, loadAverage, median, startMinimalServer } from './traffic-bench-support.ts';

const options = flags({ rate: 1000, seconds: 30, rounds: 3 });
const server = await startMinimalServer();
const client = new TrafficClient();
const rows: { achieved: number; deviation: number; completedRate: number; lagP99: number; dropped: number; p50: number; p99: number; max: number; load: string }[] = [];
try {
  for (let round = 0; round < options.rounds; round++) {
    const result = await client.http({ url: server.url, scenario: { executor: 'constant-arrival-rate', rate: options.rate, duration: options.seconds * 1000 }, maxInFlight: 10_000 });
    // Requests started per second of schedule: a generator that falls behind stretches its last start past the schedule's end.
    const achieved = result.sendRate!;
    rows.push({ achieved, deviation: achieved / options.rate - 1, completedRate: result.completed / options.seconds, lagP99: result.sendLag!.p99, dropped: result.dropped, p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, load: await loadAverage() });
    console.error(`round ${round + 1}: ${achieved.toFixed(1)} req/s (${((achieved / options.rate - 1) * 100).toFixed(3)}%), p50 ${result.latency.p50} µs, p99 ${result.latency.p99} µs, in ${result.seconds.toFixed(2)} s`);
  }
} finally {
  await server.close();
}
console.log(`\nasked ${options.rate} req/s for ${options.seconds} s, ${options.rounds} rounds\n`);
console.log('| round | started req/s | deviation | completed / s | start lag p99 µs | dropped | latency p50 µs | p99 µs | max µs | load average |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
rows.forEach((r, i) => console.log(`| ${i + 1} | ${r.achieved.toFixed(2)} | ${(r.deviation * 100).toFixed(3)}% | ${r.completedRate.toFixed(1)} | ${r.lagP99} | ${r.dropped} | ${r.p50} | ${r.p99} | ${r.max} | ${r.load} |`));
console.log(`| median | ${median(rows.map((r) => r.achieved)).toFixed(2)} | ${(median(rows.map((r) => r.deviation)) * 100).toFixed(3)}% | | ${median(rows.map((r) => r.lagP99))} | | ${median(rows.map((r) => r.p50))} | ${median(rows.map((r) => r.p99))} | | |`);
