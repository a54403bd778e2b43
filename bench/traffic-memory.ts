/**
 * The driver's memory over a long open-model run: RSS and heap every
 * `--sample` seconds while it holds a fixed rate against the minimal server.
 * Flat means the histograms and series stay bounded however long the run.
 *
 *   npx tsx bench/traffic-memory.ts --seconds 600 --rate 500 --sample 10
 */
import { TrafficClient } from '../drivers/traffic/index.ts';
import { flags, loadAverage, startMinimalServer } from './traffic-bench-support.ts';

const options = flags({ seconds: 600, rate: 500, sample: 10 });
const server = await startMinimalServer();
const client = new TrafficClient({ sink: () => {} });
const samples: { t: number; rss: number; heap: number }[] = [];
const started = performance.now();
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const take = () => {
  const usage = process.memoryUsage();
  samples.push({ t: Math.round((performance.now() - started) / 1000), rss: mb(usage.rss), heap: mb(usage.heapUsed) });
};
const timer = setInterval(take, options.sample * 1000);
let completed = 0;
try {
  const result = await client.http({ url: server.url, scenario: { executor: 'constant-arrival-rate', rate: options.rate, duration: options.seconds * 1000 } });
  completed = result.completed;
} finally {
  clearInterval(timer);
  await server.close();
}
take();
// The first minute warms up (JIT, connection pool, histogram pages): judge the slope after it.
const settled = samples.filter((s) => s.t >= Math.min(60, options.seconds / 4));
const first = settled[0]!;
const last = settled[settled.length - 1]!;
const perMinute = (key: 'rss' | 'heap') => ((last[key] - first[key]) / Math.max(1, last.t - first.t)) * 60;
console.log(`\n${options.rate} req/s for ${options.seconds} s (${completed.toLocaleString('en-US')} requests), load average ${await loadAverage()}\n`);
console.log('| t (s) | RSS MB | heap used MB |');
console.log('|---|---|---|');
for (const s of samples) console.log(`| ${s.t} | ${s.rss} | ${s.heap} |`);
console.log(`\nafter warm-up (t ≥ ${first.t} s): RSS ${first.rss} → ${last.rss} MB (${perMinute('rss').toFixed(2)} MB/min), heap ${first.heap} → ${last.heap} MB (${perMinute('heap').toFixed(2)} MB/min), max RSS ${Math.max(...samples.map((s) => s.rss))} MB`);
