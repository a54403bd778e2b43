// Loaded with NODE_OPTIONS=--import by bench/tollgate-phases.ts: every node
// process of the measured tree (the CLI, each worker) appends one line with
// its own CPU time (all its threads: main, tsx's loader thread, V8's helpers)
// to TOLLGATE_BENCH_CPU_LOG when it exits.
import fs from 'node:fs';
import path from 'node:path';

const log = process.env.TOLLGATE_BENCH_CPU_LOG;
if (log) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const line = { script: path.basename(process.argv[1] ?? '') || '-e', cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) };
    fs.appendFileSync(log, JSON.stringify(line) + '\n');
  });
}
