/**
 * Requests per second at equal connections against one minimal server, in
 * one run: the traffic driver (undici engine and autocannon engine), the
 * autocannon CLI and wrk, each in its own process, rounds in rotating order.
 *
 *   npx tsx bench/traffic-throughput.ts --connections 50 --seconds 10 --rounds 3
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { flags, loadAverage, median, run, startMinimalServer } from './traffic-bench-support.ts';

const options = flags({ connections: 50, seconds: 10, rounds: 3 });
const here = path.dirname(fileURLToPath(import.meta.url));
const tsx = path.join(here, '..', 'node_modules', '.bin', 'tsx');
const autocannonBin = path.join(here, '..', 'node_modules', 'autocannon', 'autocannon.js');

type Tool = { name: string; measure(url: string): Promise<number> };
const tools: Tool[] = [
  {
    name: 'traffic driver (undici engine)',
    measure: async (url) => JSON.parse(await run(tsx, [path.join(here, 'traffic-driver-child.ts'), url, 'undici', String(options.connections), String(options.seconds)])).rate,
  },
  {
    name: 'traffic driver, autocannon engine (closed-model default)',
    measure: async (url) => JSON.parse(await run(tsx, [path.join(here, 'traffic-driver-child.ts'), url, 'autocannon', String(options.connections), String(options.seconds)])).rate,
  },
  {
    name: 'autocannon CLI',
    measure: async (url) => {
      const result = JSON.parse(await run(process.execPath, [autocannonBin, '--json', '-c', String(options.connections), '-d', String(options.seconds), url]));
      return result.requests.total / result.duration;
    },
  },
  {
    name: 'wrk (1 thread)',
    measure: async (url) => {
      const out = await run('wrk', ['-t1', `-c${options.connections}`, `-d${options.seconds}s`, url]);
      const match = /Requests\/sec:\s+([\d.]+)/.exec(out);
      if (!match) throw new Error(`cannot read wrk's output:\n${out}`);
      return Number(match[1]);
    },
  },
];

const server = await startMinimalServer();
const rates = new Map<string, number[]>(tools.map((t) => [t.name, []]));
const loads: string[] = [];
try {
  for (let round = 0; round < options.rounds; round++) {
    // Rotate the order so that no tool always runs first (or last) on a machine whose load drifts.
    const order = tools.map((_, i) => tools[(i + round) % tools.length]!);
    for (const tool of order) {
      const rate = await tool.measure(server.url);
      rates.get(tool.name)!.push(rate);
      console.error(`round ${round + 1}: ${tool.name}: ${Math.round(rate)} req/s`);
    }
    loads.push(await loadAverage());
  }
} finally {
  await server.close();
}

const med = (name: string) => median(rates.get(name)!);
const cli = med('autocannon CLI');
const wrk = med('wrk (1 thread)');
console.log(`\n${options.connections} connections, ${options.seconds} s per run, ${options.rounds} rounds; load average after each round: ${loads.join(' | ')}\n`);
console.log('| tool | req/s (median) | runs | / autocannon CLI | / wrk |');
console.log('|---|---|---|---|---|');
for (const tool of tools) {
  const m = med(tool.name);
  console.log(`| ${tool.name} | ${Math.round(m).toLocaleString('en-US')} | ${rates.get(tool.name)!.map((r) => Math.round(r)).join(', ')} | ${(m / cli).toFixed(2)}x | ${(m / wrk).toFixed(2)}x |`);
}
