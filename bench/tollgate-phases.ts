// Where tollgate's wall time goes on the runner-overhead workload (1,000
// trivial tests in 100 files, 2 workers): fixed start-up costs measured on
// their own, then the phases of a full run read from its events.ndjson.
// With --cpu-prof DIR, one more run profiles the CLI and every worker.
//
//   npx tsx bench/tollgate-phases.ts [--runs 5] [--cpu-prof DIR] [--keep]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarizeProfile } from './overhead/profile-summary.ts';
import { timeStats } from './overhead/summarize.ts';
import { writeProjects, type BenchProjects } from './overhead/write-projects.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repoRoot, 'framework/cli/bin.js');

interface Timed {
  exitCode: number | null;
  startedAt: number;
  firstStdoutMs: number | null;
  ms: number;
}

function timed(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const started = performance.now();
    let firstStdoutMs: number | null = null;
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', () => (firstStdoutMs ??= performance.now() - started));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, startedAt, firstStdoutMs, ms: performance.now() - started }));
  });
}

function runArgs(output: string): string[] {
  return [bin, 'run', 'tests', '--workers', '2', '--reporter', 'console', '--output', output];
}

/** Milliseconds from the spawn to each phase boundary of a full run, read from its events. */
function phasesOf(run: Timed, runDir: string): Record<string, number> {
  const events = fs
    .readFileSync(path.join(runDir, 'events.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { type: string; time: string });
  const at = (event: { time: string } | undefined, name: string) => {
    if (!event) throw new Error(`events.ndjson in ${runDir} has no ${name} event`);
    return Date.parse(event.time) - run.startedAt;
  };
  const runBegin = at(events.find((e) => e.type === 'run.begin'), 'run.begin');
  const firstTest = at(events.find((e) => e.type === 'test.begin'), 'test.begin');
  const lastTestEnd = at(events.findLast((e) => e.type === 'test.end'), 'test.end');
  return {
    'spawn → run.begin (CLI start, config, plan)': runBegin,
    'run.begin → first test.begin (workers start)': firstTest - runBegin,
    'first test.begin → last test.end (tests)': lastTestEnd - firstTest,
    'last test.end → exit (verdict, flush, exit)': run.ms - lastTestEnd,
  };
}

async function measure(projects: BenchProjects, runs: number) {
  const cwd = projects.tollgateDir;
  const fixed: Record<string, string[]> = {
    'node -e ""': ['-e', ''],
    'node --import tsx -e ""': ['--import', 'tsx', '-e', ''],
    'tollgate --version (tsx + CLI modules)': [bin, '--version'],
    'tollgate run --list (+ config, plan: loads all 100 files)': [bin, 'run', 'tests', '--list'],
  };
  const samples = new Map<string, number[]>();
  const add = (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]);
  for (let round = 1; round <= runs; round++) {
    for (const [name, args] of Object.entries(fixed)) {
      const run = await timed(args, cwd);
      if (run.exitCode !== 0) throw new Error(`${name} exited with ${run.exitCode}`);
      add(name, run.ms);
    }
    const output = path.join(projects.runsDir, `phases-${round}`);
    const run = await timed(runArgs(output), cwd);
    if (run.exitCode !== 0) throw new Error(`tollgate run exited with ${run.exitCode}; rerun with --keep and look at ${output}`);
    add('tollgate run (whole)', run.ms);
    add('  spawn → first console line', run.firstStdoutMs ?? NaN);
    for (const [name, ms] of Object.entries(phasesOf(run, output))) add('  ' + name, ms);
  }
  return samples;
}

async function profile(projects: BenchProjects, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const preload = path.join(repoRoot, 'bench/overhead/profile-preload.mjs');
  const env = { ...process.env, TOLLGATE_BENCH_PROFILE_DIR: dir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`.trim() };
  const before = new Set(fs.readdirSync(dir));
  const run = await timed(runArgs(path.join(projects.runsDir, 'profiled')), projects.tollgateDir, env);
  process.stdout.write(`\nprofiled run: ${(run.ms / 1000).toFixed(2)} s (the profiler slows it), profiles in ${dir}\n`);
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile') && !before.has(name))) {
    const summary = summarizeProfile(path.join(dir, file), repoRoot);
    process.stdout.write(`  ${file}: ${summary.spanMs.toFixed(0)} ms profiled, self time by place:\n`);
    for (const { bucket, ms } of summary.buckets.slice(0, 10)) process.stdout.write(`    ${ms.toFixed(0).padStart(6)} ms  ${bucket}\n`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'cpu-prof': { type: 'string' }, keep: { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number of at least 1, not "${values.runs}"`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-phases-'));
  try {
    const projects = writeProjects(root, repoRoot, { files: 100, testsPerFile: 10 });
    process.stdout.write(`tollgate-phases: 1000 tests in 100 files, 2 workers, ${runs} round(s); load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores\n\n`);
    const samples = await measure(projects, runs);
    const width = Math.max(...[...samples.keys()].map((name) => name.length));
    process.stdout.write(`${'step'.padEnd(width)}  median ms  min ms  max ms\n`);
    for (const [name, values] of samples) {
      const stats = timeStats(values);
      process.stdout.write(`${name.padEnd(width)}  ${stats.median.toFixed(0).padStart(9)}  ${stats.min.toFixed(0).padStart(6)}  ${stats.max.toFixed(0).padStart(6)}\n`);
    }
    process.stdout.write(`load average after: ${os.loadavg()[0]!.toFixed(2)}\n`);
    if (values['cpu-prof']) await profile(projects, path.resolve(values['cpu-prof']));
  } finally {
    if (values.keep) process.stdout.write(`kept ${root}\n`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`tollgate-phases: ${error.message}\n`);
  process.exit(1);
});
