/**
 * The harness's own memory over a long soak (issue 6, item 2): runSoak at a
 * steady rate against a minimal server in a child process (so the SUT's
 * memory is not ours) that exposes /metrics; tollgate's RSS and heap
 * sampled at every window's end, and the growth per hour by least squares
 * after the warm-up. Run with --expose-gc (as below) and every sample
 * follows a full collection, so the heap figure is what the harness keeps,
 * not what it has yet to collect; RSS also moves with the allocator
 * returning and taking pages, which is noise at this length.
 *
 *   node --expose-gc --import tsx bench/soak-memory.ts --seconds 600 --rate 200 --window 10 --warmup 120
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import { linearSlope, runSoak } from '../drivers/soak/index.ts';
import { flags, loadAverage } from './traffic-bench-support.ts';

const options = flags({ seconds: 600, rate: 200, window: 10, warmup: 60 });
const gc = (globalThis as { gc?: () => void }).gc;
const SERVER = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  if (req.url === '/metrics') { res.setHeader('content-type', 'text/plain; version=0.0.4'); res.end('process_resident_memory_bytes ' + process.memoryUsage().rss + '\\n'); return; }
  res.end('ok');
});
s.listen(0, '127.0.0.1', () => console.log(s.address().port));
process.stdin.on('end', () => process.exit(0)); process.stdin.resume();`;
const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
const [line] = (await once(child.stdout!, 'data')) as [Buffer];
const base = `http://127.0.0.1:${line.toString().trim()}`;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const samples: { t: number; rss: number; heap: number }[] = [];
const take = (t: number) => {
  gc?.();
  const usage = process.memoryUsage();
  samples.push({ t: Math.round(t / 1000), rss: mb(usage.rss), heap: mb(usage.heapUsed) });
};
take(0);
const result = await runSoak(
  { duration: options.seconds * 1000, window: options.window * 1000, load: { rate: options.rate }, criteria: { memorySlope: '1GB/h', errorRate: 0.01 }, onWindow: (w) => take(w.end) },
  { endpoints: { api: base, metrics: `${base}/metrics` }, sink: () => {} },
);
child.stdin!.end();
const requests = result.windows.reduce((a, w) => a + w.requests, 0);
const settled = samples.filter((s) => s.t >= Math.min(options.warmup, options.seconds / 4));
const perHour = linearSlope(settled.map((s) => s.t / 3600), settled.map((s) => s.rss));
const heapPerHour = linearSlope(settled.map((s) => s.t / 3600), settled.map((s) => s.heap));
const first = settled[0]!;
const last = samples[samples.length - 1]!;
const summary = {
  rate: options.rate,
  seconds: options.seconds,
  windowSeconds: options.window,
  windows: result.windows.length,
  requests,
  rssStartMB: samples[0]!.rss,
  rssAfterWarmUpMB: first.rss,
  rssEndMB: last.rss,
  rssMaxMB: Math.max(...samples.map((s) => s.rss)),
  warmupSeconds: options.warmup,
  rssGrowthMBPerHour: Math.round(perHour * 10) / 10,
  heapAfterWarmUpMB: first.heap,
  heapEndMB: last.heap,
  heapGrowthMBPerHour: Math.round(heapPerHour * 10) / 10,
  heapSampledAfterGc: gc !== undefined,
  loadAverage: await loadAverage(),
};
console.log('| t (s) | RSS MB | heap used MB |\n|---|---|---|');
for (const s of samples) console.log(`| ${s.t} | ${s.rss} | ${s.heap} |`);
console.log(JSON.stringify(summary, null, 2));
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/soak-memory.json', JSON.stringify({ summary, samples }, null, 2) + '\n');
